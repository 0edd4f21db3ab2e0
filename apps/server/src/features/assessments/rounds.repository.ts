import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { StoredChange, StoredDeduction, StoredScore, UnitData } from './sheets.ts';

type Db = Kysely<DB>;
const num = (v: string | number) => Number(v);

const roundColumns = ['r.id', 'r.year', 'r.scheme_id', 'r.status', 'r.as_of', 'r.computed_at', 'r.appeal_days', 'r.explain_bottom', 'r.appeal_until', 'r.published_at', 'r.closed_at', 's.version as scheme_version', 's.content'] as const;

/** The year's round with its scheme's content; `lock`: the round row for update (a transition) or share (a write under it). */
export function findRound(db: Db, year: number, lock: 'update' | 'share' | false = false) {
  let q = db.selectFrom('assessment_round as r').innerJoin('assessment_scheme as s', 's.id', 'r.scheme_id').select(roundColumns).where('r.year', '=', year);
  if (lock === 'update') q = q.forUpdate('r');
  if (lock === 'share') q = q.forShare('r');
  return q.executeTakeFirst();
}
/** The scheme contents of the rounds still in 评分中, newest year first. */
export function scoringRounds(db: Db) {
  return db.selectFrom('assessment_round as r').innerJoin('assessment_scheme as s', 's.id', 'r.scheme_id').select(['r.year', 's.content']).where('r.status', '=', 'scoring').orderBy('r.year', 'desc').execute();
}

export type RoundRow = NonNullable<Awaited<ReturnType<typeof findRound>>>;

export function unitRows(db: Db, roundId: number, orgId?: number, withEvents = false) {
  return db
    .selectFrom('assessment_unit as u')
    .innerJoin('org as o', 'o.id', 'u.org_id')
    .select(['u.org_id', 'u.series', 'u.status', 'u.self_note', 'u.submitted_at', 'u.reviewed_at', 'u.return_reason', 'u.computed', 'u.vetoes', 'u.explanation_item_id', 'o.name as org_name', 'o.path as org_path'])
    .$if(withEvents, (q) => q.select('u.events'))
    .where('u.round_id', '=', roundId)
    .$if(orgId !== undefined, (q) => q.where('u.org_id', '=', orgId!))
    .orderBy('o.path')
    .execute();
}
export type UnitRow = Awaited<ReturnType<typeof unitRows>>[number] & { events?: UnitData['events'] };

export function lockUnit(db: Db, roundId: number, orgId: number) {
  return db.selectFrom('assessment_unit').select(['org_id', 'status', 'vetoes']).where('round_id', '=', roundId).where('org_id', '=', orgId).forUpdate().executeTakeFirst();
}

export async function scoresOf(db: Db, roundId: number, orgId?: number): Promise<(StoredScore & { orgId: number })[]> {
  const rows = await db
    .selectFrom('assessment_score as s')
    .leftJoin('app_user as u', 'u.id', 's.scored_by')
    .select(['s.org_id', 's.indicator_key', 's.kind', 's.score', 's.note', 's.evidence', 's.scored_at', 'u.display_name', 'u.username'])
    .where('s.round_id', '=', roundId)
    .$if(orgId !== undefined, (q) => q.where('s.org_id', '=', orgId!))
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, indicatorKey: r.indicator_key, kind: r.kind, score: num(r.score), note: r.note, evidence: r.evidence, by: r.display_name ?? r.username, at: r.scored_at }));
}

export async function deductionsOf(db: Db, roundId: number, orgId?: number): Promise<(StoredDeduction & { orgId: number })[]> {
  const rows = await db
    .selectFrom('assessment_deduction_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.recorded_by')
    .select(['e.id', 'e.org_id', 'e.indicator_key', 'e.event', 'e.occurred_on', 'e.count', 'e.note', 'u.display_name', 'u.username'])
    .where('e.round_id', '=', roundId)
    .$if(orgId !== undefined, (q) => q.where('e.org_id', '=', orgId!))
    .orderBy('e.occurred_on')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, indicatorKey: r.indicator_key, event: r.event, occurredOn: r.occurred_on, count: r.count, note: r.note, by: r.display_name ?? r.username }));
}

export async function changesOf(db: Db, roundId: number, orgId: number): Promise<StoredChange[]> {
  const rows = await db
    .selectFrom('assessment_score_change as c')
    .leftJoin('app_user as u', 'u.id', 'c.changed_by')
    .select(['c.indicator_key', 'c.from_score', 'c.to_score', 'c.reason', 'c.changed_at', 'c.appeal_id', 'u.display_name', 'u.username'])
    .where('c.round_id', '=', roundId)
    .where('c.org_id', '=', orgId)
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ indicatorKey: r.indicator_key, from: r.from_score === null ? null : num(r.from_score), to: num(r.to_score), reason: r.reason, by: r.display_name ?? r.username, at: r.changed_at, appealId: r.appeal_id }));
}

export async function appealsOf(db: Db, roundId: number, orgIds?: number[]) {
  const rows = await db
    .selectFrom('assessment_appeal as a')
    .innerJoin('org as o', 'o.id', 'a.org_id')
    .leftJoin('app_user as f', 'f.id', 'a.filed_by')
    .leftJoin('app_user as w', 'w.id', 'a.answered_by')
    .select(['a.id', 'a.org_id', 'a.indicator_key', 'a.reason', 'a.status', 'a.answer', 'a.score_before', 'a.new_score', 'a.filed_at', 'a.answered_at', 'o.name as org_name', 'f.display_name as filed_name', 'f.username as filed_username', 'w.display_name as answered_name', 'w.username as answered_username'])
    .where('a.round_id', '=', roundId)
    .$if(orgIds !== undefined, (q) => q.where('a.org_id', 'in', orgIds!.length ? orgIds! : [0]))
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    indicatorKey: r.indicator_key,
    reason: r.reason,
    status: r.status,
    answer: r.answer,
    scoreBefore: r.score_before === null ? null : num(r.score_before),
    newScore: r.new_score === null ? null : num(r.new_score),
    filedBy: r.filed_name ?? r.filed_username,
    filedAt: r.filed_at,
    answeredBy: r.answered_name ?? r.answered_username,
    answeredAt: r.answered_at,
  }));
}

/** The supervision-list items the closing asked for, with their state. */
export function explanationItems(db: Db, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('list_item').select(['id', 'status', 'deadline']).where('id', 'in', ids).execute();
}

export async function upsertScore(db: Db, v: { roundId: number; orgId: number; indicatorKey: string; kind: StoredScore['kind']; score: number; note: string; evidence: string; userId: number; now: Date }) {
  await db
    .insertInto('assessment_score')
    .values({ round_id: v.roundId, org_id: v.orgId, indicator_key: v.indicatorKey, kind: v.kind, score: v.score, note: v.note, evidence: v.evidence, scored_by: v.userId, scored_at: v.now })
    .onConflict((oc) => oc.columns(['round_id', 'org_id', 'indicator_key', 'kind']).doUpdateSet({ score: v.score, note: v.note, evidence: v.evidence, scored_by: v.userId, scored_at: v.now }))
    .execute();
}

export async function scoreOf(db: Db, roundId: number, orgId: number, indicatorKey: string, kind: StoredScore['kind']) {
  const r = await db.selectFrom('assessment_score').select('score').where('round_id', '=', roundId).where('org_id', '=', orgId).where('indicator_key', '=', indicatorKey).where('kind', '=', kind).forUpdate().executeTakeFirst();
  return r ? num(r.score) : null;
}

/** Counts for the round's progress line, in one statement. */
export async function roundCounts(db: Db, roundId: number) {
  const { rows } = await sql<{ units: number; submitted: number; reviewed: number; open_appeals: number }>`
    select count(*)::int as units,
      (count(*) filter (where status in ('submitted', 'reviewed')))::int as submitted,
      (count(*) filter (where status = 'reviewed'))::int as reviewed,
      (select count(*)::int from assessment_appeal where round_id = ${roundId} and status = 'open') as open_appeals
    from assessment_unit where round_id = ${roundId}`.execute(db);
  return rows[0]!;
}

export function accountsOfOrgs(db: Db, orgIds: number[]) {
  if (!orgIds.length) return Promise.resolve([]);
  return db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select(['g.user_id', 'g.org_id'])
    .where('g.org_id', 'in', orgIds)
    .where('g.role', '=', 'org_admin')
    .where('u.disabled', '=', false)
    .execute();
}
