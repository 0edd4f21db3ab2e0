import { sql, type Kysely } from 'kysely';
import {
  DISCIPLINE_KIND_RULES,
  disciplineDeduction,
  honoursBonus,
  periodLabel,
  rateScore,
  cappedScore,
  type DisciplineSeverity,
  type ScoreEvent,
  type SchemeContent,
  type SchemeIndicator,
} from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { ComputedIndicator } from '../../db/schema-assessment-rounds.ts';
import type { AppDeps } from '../../http/deps.ts';
import { likePrefix, subtreeOf, systemScope } from '../../access/scope.ts';
import { evaluateScope, requirementsFor } from '../compliance/index.ts';
import { honoursIn } from '../honours/index.ts';
import { reviewResultsOf } from '../review-campaigns/index.ts';

/*
 * AS-3 and AR-2: the computed indicators of every unit from the records of the year, as of a day.
 * Each measure runs once for the whole city and groups its records by unit (the organisation
 * right below the root whose subtree they are in), so a round costs one pass per measure, not one
 * per unit. Each result carries the sentence and the records (events) that explain it (AR-3).
 * Deduction indicators get the events the system finds itself (meetings not recorded by month end);
 * the scoring department records the others.
 */

export type AssessedUnit = { orgId: number; name: string; path: string; series: 'organ' | 'institution' | 'soe' | 'social_org' };
export type UnitComputation = { computed: Record<string, ComputedIndicator>; events: Record<string, ScoreEvent[]>; countedCases: string[] };
type Ctx = { deps: AppDeps; db: Kysely<DB>; year: number; asOf: string; rootPath: string; units: AssessedUnit[]; content: SchemeContent; unitOfPath: (path: string) => number | null };

/** A sheet lists at most this many events per indicator; the rest are counted (moreEvents). */
export const EVENT_LIMIT = 200;
const r1 = (n: number) => Math.round(n * 10) / 10;

/** The units of the assessment: every organisation right below the root, not dissolved by the year's start. */
export async function assessedUnits(db: Kysely<DB>, year: number): Promise<{ root: { id: number; path: string }; units: AssessedUnit[] }> {
  const root = await db.selectFrom('org').select(['id', 'path']).where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('org as o')
    .leftJoin('unit as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.name', 'o.path', 'u.type as unit_type'])
    .where('o.parent_id', '=', root.id)
    .where((eb) => eb.or([eb('o.dissolved_on', 'is', null), eb('o.dissolved_on', '>=', `${year}-01-01`)]))
    .orderBy('o.path')
    .execute();
  const series = (t: string | null) => (t === 'institution' || t === 'soe' || t === 'social_org' ? t : 'organ');
  return { root, units: rows.map((r) => ({ orgId: r.id, name: r.name, path: r.path, series: series(r.unit_type) })) };
}

/** '/1/23/456/' → 23 when the root is '/1/'. */
function unitResolver(rootPath: string, units: AssessedUnit[]) {
  const ids = new Set(units.map((u) => u.orgId));
  const depth = rootPath.split('/').length - 1; // '/1/' → 2: the unit's id is at index 2
  return (path: string) => {
    const id = Number(path.split('/')[depth]);
    return ids.has(id) ? id : null;
  };
}

type Tally = Map<number, { raw: number | null; score: number; summary: string; events: ScoreEvent[] }>;

const indicatorsOf = (content: SchemeContent, kind: 'computed' | 'deduction') =>
  content.categories.flatMap((c) => c.indicators.filter((i) => i.method.kind === kind).map((i) => ({ category: c, ind: i })));

// ── the measures ────────────────────────────────────────────────────────────────────────────────

async function orgLife(c: Ctx, ind: SchemeIndicator, params: Record<string, number>): Promise<Tally> {
  const { items } = await requirementsFor(c.db, c.year);
  const labels = new Map(items.map((r) => [r.key, r.label]));
  const root = c.rootPath;
  const evaluated = await evaluateScope({ ...c.deps, db: c.db }, subtreeOf(root), c.year, c.asOf, items);
  const per = new Map<number, { met: number; overdue: number; events: ScoreEvent[] }>();
  for (const e of evaluated) {
    const unit = c.unitOfPath(e.org.path);
    if (unit === null) continue;
    const t = per.get(unit) ?? { met: 0, overdue: 0, events: [] };
    per.set(unit, t);
    for (const cell of e.cells) {
      if (cell.status === 'met') t.met++;
      else if (cell.status === 'overdue') {
        t.overdue++;
        t.events.push({ label: `${e.org.name}：${periodLabel(cell.periodId, c.year)}${labels.get(cell.requirementKey) ?? cell.requirementKey}未按要求开展（${cell.done}/${cell.needed}）`, date: cell.periodEnd, points: null, ref: { type: 'org', id: e.org.id } });
      }
    }
  }
  const out: Tally = new Map();
  for (const u of c.units) {
    const t = per.get(u.orgId) ?? { met: 0, overdue: 0, events: [] };
    const due = t.met + t.overdue;
    const rate = due ? r1((t.met * 100) / due) : null;
    const score = rate === null ? ind.maxScore : rateScore(ind.maxScore, rate, params as { fullAt: number; zeroAt: number });
    out.set(u.orgId, {
      raw: rate,
      score,
      summary: rate === null ? '截至计算日没有到期的组织生活要求，按满分计' : `到期要求${due}项，按要求开展${t.met}项，达标率${rate}%（满分线${params.fullAt}%，零分线${params.zeroAt}%）`,
      events: t.events,
    });
  }
  return out;
}

/** Key tasks (上级下达) or findings (督查发现) of the year: closed on time / due by the day. */
async function onTime(c: Ctx, ind: SchemeIndicator, params: Record<string, number>, source: 'key_task' | 'inspection', what: string): Promise<Tally> {
  const root = c.rootPath;
  const rows = await c.db
    .selectFrom('list_item as i')
    .innerJoin('org as o', 'o.id', 'i.org_id')
    .select(['i.id', 'i.title', 'i.deadline', 'i.closed_on', 'i.status', 'o.path', 'o.name as org_name'])
    .where('i.year', '=', c.year)
    .where('i.source', '=', source)
    .where('o.path', 'like', likePrefix(root))
    .where((eb) => eb.or([eb('i.deadline', '<=', c.asOf), eb.and([eb('i.closed_on', 'is not', null), eb('i.closed_on', '<=', c.asOf)])]))
    .orderBy('i.deadline')
    .orderBy('i.id')
    .execute();
  const per = new Map<number, { due: number; onTime: number; events: ScoreEvent[] }>();
  for (const r of rows) {
    const unit = c.unitOfPath(r.path);
    if (unit === null) continue;
    const t = per.get(unit) ?? { due: 0, onTime: 0, events: [] };
    per.set(unit, t);
    t.due++;
    const closed = r.closed_on !== null && r.closed_on <= c.asOf;
    if (closed && r.closed_on! <= r.deadline) t.onTime++;
    else
      t.events.push({
        label: closed ? `${r.org_name}：“${r.title}”逾期办结（时限${r.deadline}，${r.closed_on}销号）` : `${r.org_name}：“${r.title}”逾期未办结（时限${r.deadline}）`,
        date: r.deadline,
        points: null,
        ref: { type: 'list_item', id: r.id },
      });
  }
  const out: Tally = new Map();
  for (const u of c.units) {
    const t = per.get(u.orgId) ?? { due: 0, onTime: 0, events: [] };
    const rate = t.due ? r1((t.onTime * 100) / t.due) : null;
    out.set(u.orgId, {
      raw: rate,
      score: rate === null ? ind.maxScore : rateScore(ind.maxScore, rate, params as { fullAt: number; zeroAt: number }),
      summary: rate === null ? `截至计算日没有到期的${what}，按满分计` : `到期${what}${t.due}项，按期办结${t.onTime}项，按期率${rate}%（满分线${params.fullAt}%，零分线${params.zeroAt}%）`,
      events: t.events,
    });
  }
  return out;
}

async function cards(c: Ctx, ind: SchemeIndicator, params: Record<string, number>): Promise<Tally> {
  const root = c.rootPath;
  const rows = await c.db
    .selectFrom('card as k')
    .innerJoin('org as o', 'o.id', 'k.org_id')
    .innerJoin('card_kind as ck', 'ck.key', 'k.kind')
    .select(['k.id', 'k.kind', 'k.reason', 'k.issued_on', 'o.path', 'o.name as org_name', 'ck.name as kind_name'])
    .where('k.year', '=', c.year)
    .where('k.status', '=', 'issued')
    .where('k.issued_on', '<=', c.asOf)
    .where('o.path', 'like', likePrefix(root))
    .orderBy('k.issued_on')
    .orderBy('k.id')
    .execute();
  const per = new Map<number, { deducted: number; n: number; events: ScoreEvent[] }>();
  for (const r of rows) {
    const unit = c.unitOfPath(r.path);
    if (unit === null) continue;
    const t = per.get(unit) ?? { deducted: 0, n: 0, events: [] };
    per.set(unit, t);
    const points = params[r.kind] ?? 0;
    t.deducted += points;
    t.n++;
    t.events.push({ label: `${r.org_name}被亮${r.kind_name}：${r.reason}${points ? '' : '（该牌种不扣分）'}`, date: r.issued_on, points: -points, ref: { type: 'card', id: r.id } });
  }
  const out: Tally = new Map();
  for (const u of c.units) {
    const t = per.get(u.orgId) ?? { deducted: 0, n: 0, events: [] };
    const score = cappedScore(ind.maxScore - t.deducted, ind);
    out.set(u.orgId, { raw: t.n, score, summary: t.n ? `年度内被亮牌${t.n}张，共扣${Math.round(t.deducted * 100) / 100}分` : '年度内未被亮牌', events: t.events });
  }
  return out;
}

/** The honours named in the year on the platform are the committee's own (工委级, AS-7). */
async function honours(c: Ctx, ind: SchemeIndicator): Promise<Tally> {
  const rows = (await honoursIn({ ...c.deps, db: c.db }, systemScope('考核计分读取年度表彰'), { year: c.year })).filter((h) => h.namedOn <= c.asOf);
  const orgPaths = new Map((await c.db.selectFrom('org').select(['id', 'path']).where('id', 'in', rows.length ? [...new Set(rows.map((h) => h.countsForOrgId))] : [0]).execute()).map((o) => [o.id, o.path]));
  const per = new Map<number, { events: ScoreEvent[] }>();
  const levelPoints = c.content.formula.honours.levels.find((l) => l.level === 'committee')?.points ?? 0;
  for (const h of rows) {
    const unit = c.unitOfPath(orgPaths.get(h.countsForOrgId) ?? '');
    if (unit === null) continue;
    const t = per.get(unit) ?? { events: [] };
    per.set(unit, t);
    t.events.push({ label: `${h.title}：${h.nomineeName}（工委级）`, date: h.namedOn, points: levelPoints, ref: { type: 'honour', id: h.nominationId } });
  }
  const out: Tally = new Map();
  for (const u of c.units) {
    const t = per.get(u.orgId) ?? { events: [] };
    const bonus = honoursBonus(t.events.map(() => 'committee' as const), c.content.formula.honours);
    const score = cappedScore(bonus, ind);
    out.set(u.orgId, { raw: t.events.length, score, summary: t.events.length ? `年度内获得表彰${t.events.length}项，加${score}分（上限${Math.min(c.content.formula.honours.cap, ind.cap ?? ind.maxScore)}分）` : '年度内未获得表彰', events: t.events });
  }
  return out;
}

/** AS-8/9: cases decided in the year up to the day, in effect; a case counted in an earlier year's closed round is not counted again. */
async function discipline(c: Ctx, ind: SchemeIndicator, counted: Map<number, string[]>): Promise<Tally> {
  const root = c.rootPath;
  const rows = await c.db
    .selectFrom('discipline_record as d')
    .innerJoin('org as o', 'o.id', 'd.org_id')
    .select(['d.id', 'd.kind', 'd.case_no', 'd.decided_on', 'd.referred_to_judiciary', 'o.path'])
    .where('d.decided_on', '>=', `${c.year}-01-01`)
    .where('d.decided_on', '<=', c.asOf)
    .where('d.status', '=', 'effective')
    .where('o.path', 'like', likePrefix(root))
    .orderBy('d.decided_on')
    .orderBy('d.id')
    .execute();
  const before = await countedBefore(c.db, c.year);
  const per = new Map<number, { caseId: string; severity: DisciplineSeverity; id: number; date: string }[]>();
  for (const r of rows) {
    const rule = DISCIPLINE_KIND_RULES[r.kind as keyof typeof DISCIPLINE_KIND_RULES];
    if (!rule?.severity) continue; // 约谈 records are not sanctions
    const unit = c.unitOfPath(r.path);
    if (unit === null) continue;
    const list = per.get(unit) ?? [];
    per.set(unit, list);
    list.push({ caseId: r.case_no || `#${r.id}`, severity: r.referred_to_judiciary ? 'judicial' : rule.severity, id: r.id, date: r.decided_on });
  }
  const labels: Record<DisciplineSeverity, string> = { admonition: '诫勉', light: '轻处分', heavy: '重处分', judicial: '移送司法' };
  const out: Tally = new Map();
  for (const u of c.units) {
    const cases = per.get(u.orgId) ?? [];
    const d = disciplineDeduction(cases, c.content.formula.discipline, before.get(u.orgId) ?? new Set());
    counted.set(u.orgId, d.counted.map((x) => x.caseId));
    const pointsOf = (s: DisciplineSeverity) => c.content.formula.discipline.rows.find((r) => r.severity === s)?.points ?? 0;
    // A unit's sheet names the case and its class, never the person (the register is for 纪检 only).
    // Whether this record deducted is the rule's own answer for it (the same object), so with
    // 同一案件只扣一次 turned off every record of a case deducts and says so.
    const events: ScoreEvent[] = cases.map((x) => {
      const skip = d.skipped.find((s) => s.caseId === x.caseId);
      const countedHere = d.counted.includes(x);
      const why = countedHere ? '' : skip?.reason === 'earlier_year' ? '（以前年度已扣分，不再扣）' : '（同一案件只扣一次）';
      return { label: `案件${x.caseId.startsWith('#') ? '' : x.caseId}（${labels[x.severity]}）${why}`, date: x.date, points: countedHere ? -pointsOf(x.severity) : 0, ref: { type: 'discipline', id: x.id } };
    });
    const score = cappedScore(d.deduction, ind);
    out.set(u.orgId, { raw: d.counted.length, score, summary: cases.length ? `年度内处分案件${d.counted.length}件计入，扣${score}分` : '年度内无党纪政务处分案件', events });
  }
  return out;
}

/** AS-9: the cases each unit had counted in the closed rounds of earlier years. */
async function countedBefore(db: Kysely<DB>, year: number) {
  const rows = await db
    .selectFrom('assessment_unit as u')
    .innerJoin('assessment_round as r', 'r.id', 'u.round_id')
    .select(['u.org_id', 'u.counted_cases'])
    .where('r.year', '<', year)
    .where('r.status', '=', 'closed')
    .execute();
  const out = new Map<number, Set<string>>();
  for (const r of rows) {
    const s = out.get(r.org_id) ?? new Set<string>();
    r.counted_cases.forEach((k) => s.add(k));
    out.set(r.org_id, s);
  }
  return out;
}

async function review(c: Ctx, ind: SchemeIndicator): Promise<Tally> {
  const res = await reviewResultsOf(c.db, c.year, c.asOf);
  const out: Tally = new Map();
  for (const u of c.units) {
    const mine = res?.results.find((r) => r.orgId === u.orgId && r.score !== null);
    if (!res || !mine) {
      out.set(u.orgId, { raw: null, score: 0, summary: res ? `${res.campaignName}中没有本单位书记的评议结果` : `${c.year}年度述职评议尚未结束，暂无结果`, events: [] });
      continue;
    }
    const score = cappedScore((ind.maxScore * mine.score!) / 100, ind);
    out.set(u.orgId, {
      raw: mine.score,
      score,
      summary: `${res.campaignName}：加权得分${mine.score}（${mine.grade ?? '—'}，${mine.ballots}张评议票），折合${score}分`,
      events: [{ label: `${res.campaignName}：书记述职评议${mine.grade ?? ''}，加权得分${mine.score}`, date: null, points: score, ref: { type: 'review', id: res.campaignId } }],
    });
  }
  return out;
}

/** The deduction events the system finds: meetings recorded after the end of the month they were held in (AS-10, row meeting_not_recorded). */
async function lateRecords(c: Ctx): Promise<Map<number, ScoreEvent[]>> {
  const root = c.rootPath;
  const { rows } = await sql<{ id: number; title: string; held_on: string; recorded_on: string; path: string; org_name: string }>`
    select a.id, a.title, to_char(a.held_on, 'YYYY-MM-DD') as held_on, to_char((a.created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as recorded_on, o.path, o.name as org_name
    from activity a join org o on o.id = a.org_id
    where a.held_on between ${`${c.year}-01-01`} and ${c.asOf}
      and a.import_id is null and a.status <> 'draft'
      and (a.created_at at time zone 'Asia/Shanghai')::date > (date_trunc('month', a.held_on) + interval '1 month - 1 day')::date
      and o.path like ${likePrefix(root)}
    order by a.held_on, a.id`.execute(c.db);
  const out = new Map<number, ScoreEvent[]>();
  for (const r of rows) {
    const unit = c.unitOfPath(r.path);
    if (unit === null) continue;
    const list = out.get(unit) ?? [];
    out.set(unit, list);
    list.push({ label: `${r.org_name}：“${r.title}”（${r.held_on}召开）${r.recorded_on}才录入平台`, date: r.held_on, points: null, ref: { type: 'activity', id: r.id } });
  }
  return out;
}

/** Every computed indicator and system-found deduction event of every unit, as of `asOf`. */
export async function computeRound(deps: AppDeps, db: Kysely<DB>, o: { year: number; asOf: string; units: AssessedUnit[]; rootPath: string; content: SchemeContent }): Promise<Map<number, UnitComputation>> {
  const c: Ctx = { deps, db, year: o.year, asOf: o.asOf, rootPath: o.rootPath, units: o.units, content: o.content, unitOfPath: unitResolver(o.rootPath, o.units) };
  const out = new Map<number, UnitComputation>(o.units.map((u) => [u.orgId, { computed: {}, events: {}, countedCases: [] }]));
  const counted = new Map<number, string[]>();
  const put = (key: string, tally: Tally, pointsPer?: number) => {
    for (const [orgId, t] of tally) {
      const u = out.get(orgId)!;
      const events = pointsPer === undefined ? t.events : t.events.map((e) => ({ ...e, points: -pointsPer }));
      u.computed[key] = { score: t.score, summary: t.summary, raw: t.raw, moreEvents: Math.max(0, events.length - EVENT_LIMIT) };
      u.events[key] = events.slice(0, EVENT_LIMIT);
    }
  };
  for (const { ind } of indicatorsOf(o.content, 'computed')) {
    const m = ind.method as Extract<SchemeIndicator['method'], { kind: 'computed' }>;
    const p = m.params as Record<string, number>;
    if (m.measure === 'org_life_compliance_rate') put(ind.key, await orgLife(c, ind, p));
    else if (m.measure === 'key_tasks_closed_on_time') put(ind.key, await onTime(c, ind, p, 'key_task', '重点任务'));
    else if (m.measure === 'rectifications_closed_on_time') put(ind.key, await onTime(c, ind, p, 'inspection', '督查整改问题'));
    else if (m.measure === 'cards_received') put(ind.key, await cards(c, ind, p));
    else if (m.measure === 'honours') put(ind.key, await honours(c, ind));
    else if (m.measure === 'discipline_cases') put(ind.key, await discipline(c, ind, counted));
    else if (m.measure === 'review_score') put(ind.key, await review(c, ind));
  }
  const late = indicatorsOf(o.content, 'deduction').filter(({ ind }) => ind.method.kind === 'deduction' && ind.method.rows.some((r) => r.event === 'meeting_not_recorded'));
  if (late.length) {
    const found = await lateRecords(c);
    for (const { ind } of late) {
      const row = (ind.method as Extract<SchemeIndicator['method'], { kind: 'deduction' }>).rows.find((r) => r.event === 'meeting_not_recorded')!;
      const tally: Tally = new Map(o.units.map((u) => {
        const ev = found.get(u.orgId) ?? [];
        return [u.orgId, { raw: ev.length, score: 0, summary: ev.length ? `系统发现${ev.length}次会议未在当月月末前录入平台` : '', events: ev }];
      }));
      put(ind.key, tally, row.points);
    }
  }
  for (const [orgId, cases] of counted) out.get(orgId)!.countedCases = cases;
  return out;
}
