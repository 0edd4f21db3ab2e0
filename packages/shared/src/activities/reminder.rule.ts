// Rule ids (ZB-10, ZB-19, XZ-28) refer to docs/RULES.md.
import { activityTypes } from './activity.contract.ts';
import type { ComplianceCell, Requirement } from './compliance.rule.ts';

/**
 * Reminders (提醒): which notices the compliance cells, the members' join dates and the day call for.
 * Pure: the caller evaluates compliance, reads the members and resolves who receives what (the
 * recipient is named as an organisation's secretaries or overseers, or one account). Dedupe keys
 * make every notice unique per reason, so the job may run every hour and tell each thing once.
 */

/** Overdue items are reported for periods that ended at most this many days ago (older years would flood the inbox). */
export const OVERDUE_LOOKBACK_DAYS = 31;

export type ReminderKind = 'period_due' | 'period_overdue' | 'political_birthday';

/** Who hears it: the accounts with org_admin at the organisation (its secretaries), those with org_admin or committee_admin there (overseers), or one account. */
export type ReminderRecipient = { kind: 'secretaries'; orgId: number } | { kind: 'overseers'; orgId: number } | { kind: 'account'; userId: number };

export type ReminderDraft = { to: ReminderRecipient; kind: ReminderKind; title: string; body: string; link: string | null; dedupeKey: string };

/** How a requirement counts what is missing: times, 党小组 that met (ZB-10), or 谈心谈话 pairs (ZB-19). */
export type ReminderMeasure = 'count' | 'groups' | 'pairs';
export type ReminderCell = ComplianceCell & { name: string; measure: ReminderMeasure };

export type ReminderOrg = {
  orgId: number;
  name: string;
  /** Ancestors from the parent upwards (nearest first), as the materialised path lists them reversed. */
  ancestorIds: number[];
  cells: ReminderCell[];
};

/** The short name a secretary knows an item by: the activity type, or 书记讲党课. */
export function requirementShortName(r: Pick<Requirement, 'activityType' | 'lecturerIsSecretary'>): string {
  return r.lecturerIsSecretary ? '书记讲党课' : activityTypes.label(r.activityType);
}

/** A compliance cell with what the notice says about it (requirement unknown: the activity type's name). */
export function reminderCell(cell: ComplianceCell, r: Requirement | undefined): ReminderCell {
  return {
    ...cell,
    name: r ? requirementShortName(r) : activityTypes.label(cell.activityType),
    measure: r?.pairs ? 'pairs' : r?.needs === 'groups' ? 'groups' : 'count',
  };
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const QUARTERS = ['一', '二', '三', '四'];

/** '2026-11' → 11月, '2026-Q4' → 第四季度, '2026' → 2026年度; other years than asOf's carry their year. */
export function periodLabel(periodId: string, asOfYear: number): string {
  const year = Number(periodId.slice(0, 4));
  const prefix = year === asOfYear ? '' : `${year}年`;
  if (periodId.length === 4) return `${year}年度`;
  if (periodId[5] === 'Q') return `${prefix}第${QUARTERS[Number(periodId[6]) - 1]}季度`;
  return `${prefix}${Number(periodId.slice(5, 7))}月`;
}

/** 2026-11-30 → 11月30日 (with the year when it is not asOf's). */
export function dayLabel(day: string, asOfYear?: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${asOfYear !== undefined && y !== asOfYear ? `${y}年` : ''}${m}月${d}日`;
}

function missingText(c: ReminderCell): string {
  const left = c.needed - c.done;
  if (c.measure === 'groups') return c.needed > 1 ? `${c.name}（${c.needed}个党小组中${left}个未开）` : c.name;
  if (c.measure === 'pairs') return `${c.name}（尚有${left}对未谈）`;
  return c.needed > 1 ? `${c.name}（已${c.done}次，应${c.needed}次）` : c.name;
}

/** "11月还未开展：支委会、主题党日；第四季度还未开展：党员大会": shortest period first. */
export function missingSummary(cells: ReminderCell[], asOfYear: number, verb = '还未开展：'): string {
  const byPeriod = new Map<string, ReminderCell[]>();
  for (const c of [...cells].sort((a, b) => b.periodStart.localeCompare(a.periodStart))) {
    (byPeriod.get(c.periodId) ?? byPeriod.set(c.periodId, []).get(c.periodId)!).push(c);
  }
  return [...byPeriod].map(([id, cs]) => `${periodLabel(id, asOfYear)}${verb}${[...new Set(cs.map(missingText))].join('、')}`).join('；');
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) (out.get(key(t)) ?? out.set(key(t), []).get(key(t))!).push(t);
  return out;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN');

/**
 * To an organisation's secretaries, reminderDays before a period ends: what is still missing.
 * Periods that end on the same day (December, the fourth quarter and the year) make one notice.
 * A period not yet begun is not reminded of (reminderDays may be longer than a month).
 */
export function dueReminders(orgs: ReminderOrg[], asOf: string, reminderDays: number): ReminderDraft[] {
  const horizon = addDays(asOf, reminderDays);
  const year = Number(asOf.slice(0, 4));
  const out: ReminderDraft[] = [];
  for (const org of orgs) {
    const due = org.cells.filter((c) => c.status === 'due' && c.periodStart <= asOf && asOf <= c.periodEnd && c.periodEnd <= horizon);
    for (const [end, cells] of groupBy(due, (c) => c.periodEnd)) {
      const left = daysBetween(asOf, end);
      out.push({
        to: { kind: 'secretaries', orgId: org.orgId },
        kind: 'period_due',
        title: `${org.name}：${dayLabel(end)}前还有${cells.length}项组织生活未完成`,
        body: `${missingSummary(cells, year)}。${left ? `距截止还有${left}天` : '今天是截止日'}，请抓紧开展并及时提交审核。`,
        link: `/compliance?orgId=${org.orgId}&year=${end.slice(0, 4)}`,
        dedupeKey: `due:${org.orgId}:${end}`,
      });
    }
  }
  return out;
}

/**
 * To the level above (the nearest ancestor that has admins): one notice per ancestor and period
 * end, listing the organisations below it with items overdue for periods that ended that day,
 * within the last OVERDUE_LOOKBACK_DAYS days.
 */
export function overdueReminders(orgs: ReminderOrg[], asOf: string, overseerOrgIds: ReadonlySet<number>): ReminderDraft[] {
  const since = addDays(asOf, -OVERDUE_LOOKBACK_DAYS);
  const year = Number(asOf.slice(0, 4));
  const late: { overseer: number; end: string; org: ReminderOrg; cells: ReminderCell[] }[] = [];
  for (const org of orgs) {
    const overseer = org.ancestorIds.find((id) => overseerOrgIds.has(id));
    if (overseer === undefined) continue;
    const cells = org.cells.filter((c) => c.status === 'overdue' && c.periodEnd >= since && c.periodEnd < asOf);
    for (const [end, cs] of groupBy(cells, (c) => c.periodEnd)) late.push({ overseer, end, org, cells: cs });
  }
  const out: ReminderDraft[] = [];
  for (const [, group] of groupBy(late, (l) => `${l.overseer}|${l.end}`)) {
    const { overseer, end } = group[0];
    const lines = group
      .map((l) => ({ name: l.org.name, text: missingSummary(l.cells, year, '：') }))
      .sort(byName)
      .map((l) => `${l.name}（${l.text}）`);
    out.push({
      to: { kind: 'overseers', orgId: overseer },
      kind: 'period_overdue',
      title: `逾期提醒：${group.length}个党组织${dayLabel(end, year)}到期的组织生活未完成`,
      body: `截至${dayLabel(end, year)}，以下党组织有逾期未完成的组织生活：${lines.join('；')}。请督促补正。`,
      link: `/compliance?orgId=${overseer}&year=${end.slice(0, 4)}`,
      dedupeKey: `overdue:${overseer}:${end}`,
    });
  }
  return out;
}

export type BirthdayMember = {
  memberId: number;
  name: string;
  joinDate: string;
  fullDate: string | null;
  /** The 党支部 the member belongs to (a 党小组's members belong to its branch); null elsewhere. */
  branch: { orgId: number; name: string } | null;
  /** Accounts linked to the member (none: no greeting). */
  userIds: number[];
};

/** Whole years from a date to asOf. */
function wholeYears(from: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(from.slice(0, 4));
  return asOf.slice(5) < from.slice(5) ? years - 1 : years;
}

/**
 * Political birthdays (政治生日 / 入党纪念日) of asOf's month: each branch's secretaries get the list
 * of its members who joined in this month of an earlier year, and each such member with an account
 * a greeting. The anniversary counts from the join date; 党龄 counts from 转正 (XZ-28, 党章), so
 * the list shows 党龄 separately when the member is 正式.
 */
export function birthdayReminders(members: BirthdayMember[], asOf: string): ReminderDraft[] {
  const year = Number(asOf.slice(0, 4));
  const month = asOf.slice(0, 7);
  const ours = members
    .filter((m) => m.joinDate.slice(5, 7) === asOf.slice(5, 7) && Number(m.joinDate.slice(0, 4)) < year)
    .sort((a, b) => a.joinDate.slice(8).localeCompare(b.joinDate.slice(8)) || byName(a, b));
  const out: ReminderDraft[] = [];
  const withBranch = ours.filter((m): m is BirthdayMember & { branch: NonNullable<BirthdayMember['branch']> } => m.branch !== null);
  for (const [, list] of groupBy(withBranch, (m) => String(m.branch.orgId))) {
    const branch = list[0].branch;
    const items = list.map((m) => {
      const partyAge = m.fullDate && m.fullDate <= asOf ? `，党龄${wholeYears(m.fullDate, asOf)}年` : '';
      return `${m.name}（${dayLabel(m.joinDate, year)}入党，入党${year - Number(m.joinDate.slice(0, 4))}周年${partyAge}）`;
    });
    out.push({
      to: { kind: 'secretaries', orgId: branch.orgId },
      kind: 'political_birthday',
      title: `${Number(month.slice(5))}月政治生日：${branch.name}${list.length}名党员`,
      body: `本月过政治生日的党员：${items.join('、')}。可在主题党日为他们过政治生日、重温入党誓词。`,
      link: `/orgs/${branch.orgId}`,
      dedupeKey: `birthday:${branch.orgId}:${month}`,
    });
  }
  for (const m of ours) {
    const years = year - Number(m.joinDate.slice(0, 4));
    for (const userId of new Set(m.userIds)) {
      out.push({
        to: { kind: 'account', userId },
        kind: 'political_birthday',
        title: `${m.name}同志，祝您政治生日快乐`,
        body: `${dayLabel(m.joinDate, year)}是您的入党纪念日，今年是您入党${years}周年。不忘初心、牢记使命，继续发挥先锋模范作用。`,
        link: '/me',
        dedupeKey: `birthday-greeting:${m.memberId}:${year}`,
      });
    }
  }
  return out;
}
