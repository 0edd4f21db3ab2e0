// Rule ids (ZB-9, JY-2 …) refer to docs/RULES.md.
import { defineOptions } from '../common/options.ts';
import { BRANCH_TYPES, type OrgType } from '../orgs/org.contract.ts';
import type { ActivityType } from './activity.contract.ts';

/**
 * The compliance engine for organisational life: for one organisation and one year, each
 * requirement × period is met / due / overdue / na. Pure: the caller supplies counts of approved
 * activities per month and the day to judge by (asOf, a Beijing calendar day).
 */

export const frequencies = defineOptions({ month: '每月', quarter: '每季度', year: '每年' });
export type Frequency = (typeof frequencies.values)[number];

export const complianceStatuses = defineOptions({ met: '已完成', due: '待完成', overdue: '逾期未完成', inactive: '未启用', na: '不适用' });
export type ComplianceStatus = (typeof complianceStatuses.values)[number];

export const requirementSources = defineOptions({ national: '全国性规定', local: '本地规定' });
export type RequirementSource = (typeof requirementSources.values)[number];

/** What an organisation must have for a requirement to apply. */
export type RequirementNeed = 'committee' | 'groups';

export type Requirement = {
  /** Stable within a year: 'committee_meeting', or 'local-3' for a committee's own item. */
  key: string;
  label: string;
  activityType: ActivityType;
  /** Only 党课 given by the organisation's secretary count (书记讲党课). */
  lecturerIsSecretary?: boolean;
  /** 谈心谈话: every required pair must have talked (ZB-19), not a count. */
  pairs?: boolean;
  frequency: Frequency;
  minCount: number;
  appliesTo: OrgType[];
  needs?: RequirementNeed;
  source: RequirementSource;
  /** The docs/RULES.md id it rests on, e.g. 'ZB-9'; local items name their source document. */
  rule: string;
  note?: string;
  enabled: boolean;
};

/**
 * National defaults, each citing an id of docs/RULES.md. 书记讲党课 rests on ZB-13 (党委书记, status C) and ZB-15
 * (支部书记, unconfirmed), so the committee may switch it off; 党课 per quarter (ZB-14) and monthly
 * 集中学习 (seed 002) are local practice and are added by the committee as local items.
 */
export const DEFAULT_REQUIREMENTS: Requirement[] = [
  { key: 'committee_meeting', label: '支委会每月至少1次', activityType: 'committee_meeting', frequency: 'month', minCount: 1, appliesTo: BRANCH_TYPES, needs: 'committee', source: 'national', rule: 'ZB-9', enabled: true },
  { key: 'group_meeting', label: '党小组会每月至少1次（每个党小组）', activityType: 'group_meeting', frequency: 'month', minCount: 1, appliesTo: BRANCH_TYPES, needs: 'groups', source: 'national', rule: 'ZB-10', enabled: true },
  { key: 'branch_assembly', label: '党员大会每季度至少1次', activityType: 'branch_assembly', frequency: 'quarter', minCount: 1, appliesTo: BRANCH_TYPES, source: 'national', rule: 'ZB-6', enabled: true },
  { key: 'theme_day', label: '主题党日每月1次', activityType: 'theme_day', frequency: 'month', minCount: 1, appliesTo: BRANCH_TYPES, source: 'national', rule: 'ZB-16/JY-2', enabled: true },
  { key: 'life_meeting', label: '组织生活会每年至少1次', activityType: 'life_meeting', frequency: 'year', minCount: 1, appliesTo: BRANCH_TYPES, source: 'national', rule: 'ZB-17/JY-4', note: '一般安排在第四季度', enabled: true },
  { key: 'member_review', label: '民主评议党员每年1次', activityType: 'member_review', frequency: 'year', minCount: 1, appliesTo: BRANCH_TYPES, source: 'national', rule: 'ZB-18/JY-5', enabled: true },
  { key: 'heart_talk', label: '谈心谈话：书记与每名委员、党员，委员之间每年至少1次', activityType: 'heart_talk', pairs: true, frequency: 'year', minCount: 1, appliesTo: BRANCH_TYPES, source: 'national', rule: 'ZB-19', note: '党员之间的谈话记录在案，不逐对考核', enabled: true },
  { key: 'secretary_lecture', label: '书记讲党课每年至少1次', activityType: 'party_lecture', lecturerIsSecretary: true, frequency: 'year', minCount: 1, appliesTo: BRANCH_TYPES, source: 'national', rule: 'ZB-13/ZB-15', note: '支部书记讲党课的全国性条文未经核实（ZB-15），工委可停用', enabled: true },
];

/** Which monthly count a requirement reads. */
export type CountKey = ActivityType | 'party_lecture_by_secretary';
export function countKeyOf(r: Pick<Requirement, 'activityType' | 'lecturerIsSecretary'>): CountKey {
  return r.lecturerIsSecretary ? 'party_lecture_by_secretary' : r.activityType;
}

export type ComplianceOrg = {
  type: OrgType;
  /**
   * The organisation's go-live date (启用日期, GO-1): its own, else its nearest ancestor's, else the
   * city's (go-live.rule.ts). Periods that ended before it are not judged; null: not live yet.
   */
  goLiveOn: string | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
  hasCommittee: boolean;
  /** Approved activities per month (index 0 = January) by count key. */
  monthly: Partial<Record<CountKey, number[]>>;
  /** One entry per active 党小组: its 党小组会 per month. */
  groups: number[][];
  /** 谈心谈话 pairs required this year and how many of them have talked (ZB-19). */
  talkPairs: { required: number; covered: number };
};

export type Period = { id: string; start: string; end: string; months: number[] };

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function period(year: number, firstMonth: number, lastMonth: number, id: string): Period {
  const months = Array.from({ length: lastMonth - firstMonth + 1 }, (_, i) => firstMonth + i - 1);
  return { id, start: `${year}-${pad(firstMonth)}-01`, end: `${year}-${pad(lastMonth)}-${pad(lastDay(year, lastMonth))}`, months };
}

/** The periods of a year for a frequency, in order. */
export function periodsOf(year: number, frequency: Frequency): Period[] {
  if (frequency === 'year') return [period(year, 1, 12, String(year))];
  if (frequency === 'quarter') return [1, 2, 3, 4].map((q) => period(year, q * 3 - 2, q * 3, `${year}-Q${q}`));
  return Array.from({ length: 12 }, (_, i) => period(year, i + 1, i + 1, `${year}-${pad(i + 1)}`));
}

// A city evaluates thousands of organisations against the same few period lists: build each once.
const periodCache = new Map<string, readonly Period[]>();
function cachedPeriods(year: number, frequency: Frequency): readonly Period[] {
  const key = `${year}|${frequency}`;
  let periods = periodCache.get(key);
  if (!periods) {
    periods = Object.freeze(periodsOf(year, frequency).map((p) => Object.freeze({ ...p, months: Object.freeze([...p.months]) as number[] })));
    periodCache.set(key, periods);
  }
  return periods;
}

export type ComplianceCell = {
  requirementKey: string;
  activityType: ActivityType;
  periodId: string;
  periodStart: string;
  periodEnd: string;
  status: ComplianceStatus;
  /** What was done and what is needed (pairs for 谈心谈话; groups that met for 党小组会). */
  done: number;
  needed: number;
};

function sumMonths(counts: number[] | undefined, months: readonly number[]): number {
  let s = 0;
  if (counts) for (const m of months) s += counts[m] ?? 0;
  return s;
}

// What was done and what is needed, as two functions so that the heatmap's tally allocates nothing.
function neededOf(org: ComplianceOrg, r: Requirement): number {
  if (r.pairs) return org.talkPairs.required;
  if (r.needs === 'groups') return org.groups.length;
  return r.minCount;
}

function doneOf(org: ComplianceOrg, r: Requirement, p: Period): number {
  if (r.pairs) return org.talkPairs.covered;
  if (r.needs === 'groups') {
    let met = 0;
    for (const g of org.groups) if (sumMonths(g, p.months) >= r.minCount) met++;
    return met;
  }
  return sumMonths(org.monthly[countKeyOf(r)], p.months);
}

/** Alive for the whole period, and has what the requirement needs. */
function applies(org: ComplianceOrg, r: Requirement, p: Period, needed: number): boolean {
  if (org.foundedOn && org.foundedOn > p.start) return false; // founded mid-period
  if (org.dissolvedOn && org.dissolvedOn <= p.end) return false; // dissolved before the period ended
  if (r.needs === 'committee' && !org.hasCommittee) return false;
  if (needed === 0) return false; // no 党小组, or no pair to talk
  return true;
}

/**
 * GO-1: a period is judged when it ends on or after the go-live date. One that ended before (or
 * any period while the platform is not live) is 未启用 — never red — though records entered for it
 * (补录) still count and make it 已完成 when they suffice.
 */
function beforeGoLive(org: ComplianceOrg, p: Period): boolean {
  return org.goLiveOn === null || p.end < org.goLiveOn;
}

function statusOf(org: ComplianceOrg, r: Requirement, p: Period, asOf: string, done: number, needed: number): ComplianceStatus {
  if (needed > 0 && done >= needed) return 'met';
  if (!applies(org, r, p, needed)) return 'na';
  if (beforeGoLive(org, p)) return 'inactive';
  return asOf > p.end ? 'overdue' : 'due';
}

export function complianceStatus(org: ComplianceOrg, r: Requirement, p: Period, asOf: string): Omit<ComplianceCell, 'requirementKey' | 'activityType'> {
  const done = doneOf(org, r, p);
  const needed = neededOf(org, r);
  return { periodId: p.id, periodStart: p.start, periodEnd: p.end, done, needed, status: statusOf(org, r, p, asOf, done, needed) };
}

/** Every enabled requirement that applies to the organisation's type, for every period of the year. */
export function evaluateCompliance(org: ComplianceOrg, requirements: Requirement[], year: number, asOf: string): ComplianceCell[] {
  const out: ComplianceCell[] = [];
  for (const r of requirements) {
    if (!r.enabled || !r.appliesTo.includes(org.type)) continue;
    for (const p of cachedPeriods(year, r.frequency)) {
      out.push({ requirementKey: r.key, activityType: r.activityType, ...complianceStatus(org, r, p, asOf) });
    }
  }
  return out;
}

/**
 * addToMonths(months, evaluateCompliance(org, …)) without building the cells: what the heatmap
 * needs for a whole city (thousands of organisations × ~44 cells) at a fraction of the cost.
 */
export function tallyCompliance(months: MonthSummary[], org: ComplianceOrg, requirements: Requirement[], year: number, asOf: string): void {
  for (const r of requirements) {
    if (!r.enabled || !r.appliesTo.includes(org.type)) continue;
    const needed = neededOf(org, r);
    for (const p of cachedPeriods(year, r.frequency)) {
      months[p.months[p.months.length - 1]][statusOf(org, r, p, asOf, doneOf(org, r, p), needed)]++;
    }
  }
}

/** One heatmap cell: the items whose period ends in that month (monthly items every month, quarterly at quarter end, yearly in December). */
export type MonthSummary = { met: number; due: number; overdue: number; inactive: number; na: number };

export function emptySummary(): MonthSummary {
  return { met: 0, due: 0, overdue: 0, inactive: 0, na: 0 };
}

/** Adds an organisation's cells to twelve month summaries (index 0 = January). */
export function addToMonths(months: MonthSummary[], cells: ComplianceCell[]): void {
  for (const c of cells) months[Number(c.periodEnd.slice(5, 7)) - 1][c.status]++;
}

/**
 * The heatmap's colour for a month: worst first. A month before go-live with some items entered
 * and others not stays 未启用 rather than green: the record of it is incomplete.
 */
export function summaryStatus(s: MonthSummary): ComplianceStatus {
  if (s.overdue) return 'overdue';
  if (s.due) return 'due';
  if (s.inactive) return 'inactive';
  if (s.met) return 'met';
  return 'na';
}

export type CountedActivity = { heldOn: string; types: ActivityType[]; lecturerIsSecretary: boolean };

/**
 * Monthly counts from approved activities of one organisation (a 主题党日 held with a 党课 counts for
 * both). The server keeps the same figures pre-aggregated; this is their definition.
 */
export function countByMonth(activities: CountedActivity[], year: number): Partial<Record<CountKey, number[]>> {
  const out: Partial<Record<CountKey, number[]>> = {};
  const bump = (key: CountKey, m: number) => ((out[key] ??= Array(12).fill(0))[m] += 1);
  for (const a of activities) {
    if (Number(a.heldOn.slice(0, 4)) !== year) continue;
    const m = Number(a.heldOn.slice(5, 7)) - 1;
    for (const t of new Set(a.types)) bump(t, m);
    if (a.lecturerIsSecretary && a.types.includes('party_lecture')) bump('party_lecture_by_secretary', m);
  }
  return out;
}
