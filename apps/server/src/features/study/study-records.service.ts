import { sql, type Kysely } from 'kysely';
import { beatCredit, localDate, sessionMachine, type SessionStatus, type z, type myTopicDto } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { studySelf } from '../../access/study-policy.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { loadStudySettings } from './study-settings.ts';
import { materialToDto } from './topics.service.ts';
import * as repo from './study.repository.ts';

type MyTopic = z.output<typeof myTopicDto>;

/** "/1/5/12/" → ["/1/", "/1/5/", "/1/5/12/"]: the organisation and its ancestors. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

/** The member's organisation path (the member of the caller's account). */
async function memberOrgPath(db: Kysely<DB>, memberId: number) {
  const r = await db.selectFrom('member as m').innerJoin('org as o', 'o.id', 'm.org_id').where('m.id', '=', memberId).select('o.path').executeTakeFirst();
  if (!r) throw notFound('党员');
  return r.path;
}

/** Published topics addressed to the member: their organisation's or an ancestor's (SH-1). */
async function topicsForMember(db: Kysely<DB>, memberId: number) {
  const paths = ancestorPaths(await memberOrgPath(db, memberId));
  return db
    .selectFrom('study_topic as t')
    .innerJoin('org as o', 'o.id', 't.org_id')
    .where('o.path', 'in', paths)
    .where('t.status', '=', 'published')
    .selectAll('t')
    .select(['o.name as org_name', 'o.path as org_path']);
}

async function onlineHours(db: Kysely<DB>, memberId: number, from: string, to: string) {
  const r = await db
    .selectFrom('study_credit')
    .where('member_id', '=', memberId)
    .where('credited_on', '>=', from)
    .where('credited_on', '<=', to)
    .select(sql<string>`coalesce(sum(hours), 0)::text`.as('h'))
    .executeTakeFirstOrThrow();
  return Number(r.h);
}

async function progress(db: Kysely<DB>, memberId: number, topicIds: number[]) {
  const out = new Map<number, { done: number; earned: number }>();
  if (!topicIds.length) return out;
  const rows = await db
    .selectFrom('study_credit as c')
    .innerJoin('study_material as m', 'm.id', 'c.material_id')
    .where('c.member_id', '=', memberId)
    .where('m.topic_id', 'in', topicIds)
    .select(['m.topic_id', sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(sum(c.hours), 0)::text`.as('h')])
    .groupBy('m.topic_id')
    .execute();
  for (const r of rows) out.set(r.topic_id, { done: Number(r.n), earned: Number(r.h) });
  return out;
}

function myTopic(r: repo.TopicRow, totals: { count: number; hours: number } | undefined, p: { done: number; earned: number } | undefined): MyTopic {
  return {
    id: r.id,
    orgName: r.org_name,
    title: r.title,
    description: r.description,
    coverText: r.cover_text,
    publishedAt: r.published_at,
    materialCount: totals?.count ?? 0,
    doneCount: p?.done ?? 0,
    creditHours: totals?.hours ?? 0,
    earnedHours: p?.earned ?? 0,
  };
}

/** 学习 on the phone: the topics for me with my progress, and my online 学时 this year and today. */
export async function myTopics(deps: AppDeps, ctx: RequestContext) {
  const memberId = studySelf(ctx.actor);
  const today = localDate(ctx.now);
  const rows = await (await topicsForMember(deps.db, memberId)).orderBy('t.published_at', 'desc').orderBy('t.id', 'desc').limit(200).execute();
  const ids = rows.map((r) => r.id);
  const [totals, p, year, day, settings] = await Promise.all([
    repo.materialTotals(deps.db, ids),
    progress(deps.db, memberId, ids),
    onlineHours(deps.db, memberId, `${today.slice(0, 4)}-01-01`, `${today.slice(0, 4)}-12-31`),
    onlineHours(deps.db, memberId, today, today),
    loadStudySettings(deps.db),
  ]);
  return { items: rows.map((r) => myTopic(r, totals.get(r.id), p.get(r.id))), onlineHoursThisYear: year, onlineHoursToday: day, dailyCap: settings.dailyOnlineCap };
}

export async function myTopicDetail(deps: AppDeps, ctx: RequestContext, id: number) {
  const memberId = studySelf(ctx.actor);
  const row = await (await topicsForMember(deps.db, memberId)).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('学习专题');
  const [mats, totals, p, credits] = await Promise.all([
    repo.materials(deps.db).where('topic_id', '=', id).orderBy('position').orderBy('id').execute(),
    repo.materialTotals(deps.db, [id]),
    progress(deps.db, memberId, [id]),
    deps.db.selectFrom('study_credit as c').innerJoin('study_material as m', 'm.id', 'c.material_id').where('m.topic_id', '=', id).where('c.member_id', '=', memberId).select(['c.material_id', 'c.hours']).execute(),
  ]);
  const done = new Map(credits.map((c) => [c.material_id, Number(c.hours)]));
  return {
    ...myTopic(row, totals.get(id), p.get(id)),
    materials: mats.map((m) => ({ ...materialToDto(m, false), done: done.has(m.id), creditedHours: done.get(m.id) ?? null })),
  };
}

/** A material the member may study: in a published topic addressed to them (404 otherwise). */
async function materialForMember(db: Kysely<DB>, memberId: number, materialId: number) {
  const m = await repo.materials(db).where('id', '=', materialId).executeTakeFirst();
  if (!m) throw notFound('学习资料');
  const topic = await (await topicsForMember(db, memberId)).where('t.id', '=', m.topic_id).executeTakeFirst();
  if (!topic) throw notFound('学习资料');
  return m;
}

type SessionRow = { id: number; material_id: number; status: string; visible_seconds: number; last_beat_at: Date; member_id: number };

function sessionToDto(s: SessionRow, minSeconds: number, creditedHours: number | null, message: string | null) {
  return { id: s.id, materialId: s.material_id, status: s.status as SessionStatus, visibleSeconds: s.visible_seconds, minSeconds, creditedHours, message };
}

/** SH-5: opening a material starts a session; the server's clock, not the phone's, measures it. */
export async function startSession(deps: AppDeps, ctx: RequestContext, materialId: number) {
  const memberId = studySelf(ctx.actor);
  const m = await materialForMember(deps.db, memberId, materialId);
  return deps.db.transaction().execute(async (trx) => {
    const s = await trx
      .insertInto('study_session')
      .values({ material_id: materialId, member_id: memberId, started_at: ctx.now, last_beat_at: ctx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'study_session.start', entityType: 'study_session', entityId: s.id, after: { materialId, memberId } });
    return sessionToDto(s, m.min_seconds, null, null);
  });
}

async function lockSession(trx: Kysely<DB>, memberId: number, id: number) {
  const s = await trx.selectFrom('study_session').selectAll().where('id', '=', id).where('member_id', '=', memberId).forUpdate().executeTakeFirst();
  if (!s) throw notFound('学习记录');
  return s;
}

/** SH-6: a heartbeat adds the visible time since the last one (bounded). Counters only: not audited (see RULES SH-6). */
export async function beat(deps: AppDeps, ctx: RequestContext, id: number, visible: boolean) {
  const memberId = studySelf(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    const s = await lockSession(trx, memberId, id);
    if (!sessionMachine.allows('beat', s.status)) throw conflict(sessionMachine.refusal('beat', s.status));
    const m = await repo.materials(trx).where('id', '=', s.material_id).executeTakeFirstOrThrow();
    const add = beatCredit(s.last_beat_at, ctx.now, visible);
    const updated = await trx
      .updateTable('study_session')
      .set({ visible_seconds: s.visible_seconds + add, last_beat_at: ctx.now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw conflict(sessionMachine.refusal('beat', s.status));
    return sessionToDto(updated, m.min_seconds, null, null);
  });
}

/**
 * SH-7: completion. In one transaction on the locked session: the visible time must reach the
 * minimum (including the time since the last heartbeat, bounded); a wrong answer fails the session;
 * otherwise the credit is written once per member and material (unique index), capped by the day's
 * online limit (SH-8). The loser of two completions at once gets 409 and nothing is credited twice.
 */
export async function complete(deps: AppDeps, ctx: RequestContext, id: number, answer: number | null) {
  const memberId = studySelf(ctx.actor);
  const settings = await loadStudySettings(deps.db);
  const today = localDate(ctx.now);
  return deps.db.transaction().execute(async (trx) => {
    const s = await lockSession(trx, memberId, id);
    if (!sessionMachine.allows('complete', s.status)) throw conflict(sessionMachine.refusal('complete', s.status));
    const m = await repo.materials(trx).where('id', '=', s.material_id).executeTakeFirstOrThrow();
    const visible = s.visible_seconds + beatCredit(s.last_beat_at, ctx.now, true);
    if (visible < m.min_seconds) throw conflict(`还需学习${Math.ceil((m.min_seconds - visible) / 60)}分钟（页面在前台时计时）`);
    const already = await trx.selectFrom('study_credit').select('id').where('member_id', '=', memberId).where('material_id', '=', m.id).executeTakeFirst();
    if (already) throw conflict('这份资料已学完并记过学时');
    if (m.question && answer !== m.question.answer) {
      await trx.updateTable('study_session').set({ status: 'failed', visible_seconds: visible, last_beat_at: ctx.now, completed_at: ctx.now }).where('id', '=', id).where('status', '=', 'open').execute();
      await audit(trx, ctx, { action: 'study_session.fail', entityType: 'study_session', entityId: id, after: { materialId: m.id, answer } });
      return sessionToDto({ ...s, status: 'failed', visible_seconds: visible }, m.min_seconds, null, '检测题回答不正确，请重新学习后再答');
    }
    // SH-8: the day's online 学时 are capped; the member's day rows are locked so two completions on one day cannot both pass the cap.
    await trx.selectFrom('member').select('id').where('id', '=', memberId).forUpdate().execute();
    const used = await onlineHours(trx, memberId, today, today);
    const hours = Math.max(0, Math.round(Math.min(Number(m.credit_hours), settings.dailyOnlineCap - used) * 10) / 10);
    const inserted = await trx
      .insertInto('study_credit')
      .values({ member_id: memberId, material_id: m.id, session_id: id, hours, credited_on: today, created_at: ctx.now })
      .onConflict((oc) => oc.columns(['member_id', 'material_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw conflict('这份资料已学完并记过学时');
    await trx.updateTable('study_session').set({ status: 'completed', visible_seconds: visible, last_beat_at: ctx.now, completed_at: ctx.now }).where('id', '=', id).where('status', '=', 'open').execute();
    await audit(trx, ctx, { action: 'study_session.complete', entityType: 'study_session', entityId: id, after: { materialId: m.id, hours, creditedOn: today } });
    const message = hours < Number(m.credit_hours) ? `今日线上学时已达上限${settings.dailyOnlineCap}学时，本次记${hours}学时` : null;
    return sessionToDto({ ...s, status: 'completed', visible_seconds: visible }, m.min_seconds, hours, message);
  });
}
