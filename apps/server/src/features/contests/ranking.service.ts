import { sql, type Kysely } from 'kysely';
import { averageScore, maskMemberName, participationRate, type FlagReviewInput, type LeaderboardQuery, type flagListQuery, type leaderboardDto, type orgStandingDto, type z } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canManageExam, examTaker } from '../../access/exam-policy.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { findContest, managedContest } from './contests.service.ts';
import { refreshBest } from './play.service.ts';

type OrgStanding = z.output<typeof orgStandingDto>;
const like = (path: string) => path.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

/**
 * CT-6: a rank is 1 + the number of ranked members before this entry (higher score, or the same
 * score in less time, or the same time submitted earlier) — an index range scan of
 * contest_member_rank, never a sort of the attempts.
 */
export async function rankOf(db: Kysely<DB>, contestId: number, e: { score: number; ms: number; at: Date } | null) {
  const r = await db
    .selectFrom('contest_member')
    .select(sql<number>`count(*)::int`.as('of'))
    .select(
      e
        ? sql<number>`(count(*) filter (where best_score > ${e.score} or (best_score = ${e.score} and (best_ms < ${e.ms} or (best_ms = ${e.ms} and best_at < ${e.at})))))::int`.as('before')
        : sql<number>`0`.as('before'),
    )
    .where('contest_id', '=', contestId)
    .where('best_score', 'is not', null)
    .executeTakeFirstOrThrow();
  return { rank: e ? r.before + 1 : null, of: r.of };
}

/**
 * CT-7: the standing of each child organisation of `parentId`: roster at publication, the
 * participants of that roster (where it put them), their counted average; ordered by rate, then average. One range scan of contest_member and one of
 * contest_org under the parent's path (constant prefixes, so the text_pattern_ops indexes serve),
 * grouped by the child's path segment — never a scan per child (300 units × 5,000 rows was ~1 s).
 */
async function standings(db: Kysely<DB>, contestId: number, parentId: number): Promise<OrgStanding[]> {
  const parent = await db.selectFrom('org').select('path').where('id', '=', parentId).executeTakeFirstOrThrow();
  const p = parent.path;
  const seg = (col: string) => sql`split_part(substr(${sql.ref(col)}, ${p.length + 1}), '/', 1)`;
  const rows = await sql<{ id: number; name: string; members: number | null; participants: number | null; scored: number | null; total: string | null }>`
    with m as (
      select ${seg('org_path')} as seg, count(*)::int as participants, count(best_score)::int as scored, sum(best_score) as total
      from contest_member where contest_id = ${contestId} and in_roster and org_path like ${like(p)} and org_path <> ${p} group by 1
    ), r as (
      select ${seg('path')} as seg, sum(members)::int as members
      from contest_org where contest_id = ${contestId} and path like ${like(p)} and path <> ${p} group by 1
    )
    select k.id, k.name, r.members, m.participants, m.scored, m.total
    from org k
    left join m on m.seg = ${seg('k.path')}
    left join r on r.seg = ${seg('k.path')}
    where k.parent_id = ${parentId}
  `.execute(db);
  return rows.rows
    .map((r) => ({ orgId: r.id, orgName: r.name, members: r.members ?? 0, participants: r.participants ?? 0, rate: participationRate(r.participants ?? 0, r.members ?? 0), averageScore: averageScore(Number(r.total ?? 0), r.scored ?? 0), rank: 0 }))
    .sort((a, b) => b.rate - a.rate || (b.averageScore ?? -1) - (a.averageScore ?? -1) || a.orgName.localeCompare(b.orgName, 'zh'))
    .map((r, i) => ({ ...r, rank: i + 1 }));
}

/** The standing of the member's own organisation among its sibling organisations (or of the contest's organisation when the member sits at its top). */
export async function memberStanding(db: Kysely<DB>, contestId: number, contestPath: string, memberOrgPath: string): Promise<OrgStanding | null> {
  const org = await db.selectFrom('org').select(['id', 'parent_id', 'path']).where('path', '=', memberOrgPath).executeTakeFirst();
  if (!org) return null;
  if (org.path === contestPath || !org.parent_id) {
    const top = await db.selectFrom('org').select(['id', 'name']).where('id', '=', org.id).executeTakeFirstOrThrow();
    const s = await sql<{ members: number; participants: number; scored: number; total: string | null }>`
      select (select coalesce(sum(members), 0)::int from contest_org where contest_id = ${contestId}) as members,
        count(*)::int as participants, count(best_score)::int as scored, sum(best_score) as total from contest_member where contest_id = ${contestId} and in_roster`.execute(db);
    const r = s.rows[0];
    return { orgId: top.id, orgName: top.name, members: r.members, participants: r.participants, rate: participationRate(r.participants, r.members), averageScore: averageScore(Number(r.total ?? 0), r.scored), rank: 1 };
  }
  return (await standings(db, contestId, org.parent_id)).find((s) => s.orgId === org.id) ?? null;
}

type Leaderboard = z.output<typeof leaderboardDto>;

/**
 * CT-6, CT-7: the live leaderboard of the contest or of one organisation of its subtree — one page
 * of the individual ranking (read from contest_member in index order) and the standings of the
 * organisation's children. Organisers see names; members see others' names masked, their own whole.
 */
export async function leaderboard(deps: AppDeps, ctx: RequestContext, contestId: number, q: LeaderboardQuery): Promise<Leaderboard> {
  // The live leaderboard reads through its own pool on PostgreSQL (ARCHITECTURE: Contests).
  const db = deps.readDb ?? deps.db;
  const c = await findContest(db, ctx.actor, contestId);
  const manager = canManageExam(ctx.actor, c.org_path);
  const me = examTaker(ctx.actor);
  if (!manager && !me) throw forbidden('没有查看竞赛排名的权限');
  const org = await db.selectFrom('org').select(['id', 'name', 'path']).where('id', '=', q.orgId ?? c.org_id).executeTakeFirst();
  if (!org || !org.path.startsWith(c.org_path)) throw notFound('组织');
  const whole = org.path === c.org_path;
  let base = db.selectFrom('contest_member as cm').where('cm.contest_id', '=', contestId).where('cm.best_score', 'is not', null);
  if (!whole) base = base.where(sql<boolean>`cm.org_path like ${like(org.path)}`);
  const [rows, total, orgs] = await Promise.all([
    base
      .innerJoin('member as m', 'm.id', 'cm.member_id')
      .innerJoin('org as o', 'o.id', 'cm.org_id')
      .select(['cm.member_id', 'm.name', 'o.name as org_name', 'cm.best_score', 'cm.best_ms', 'cm.best_at'])
      .orderBy('cm.best_score', 'desc')
      .orderBy('cm.best_ms', 'asc')
      .orderBy('cm.best_at', 'asc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    standings(db, contestId, org.id),
  ]);
  return {
    orgId: org.id,
    orgName: org.name,
    individuals: {
      items: rows.map((r, i) => {
        const mine = r.member_id === me;
        return {
          rank: (q.page - 1) * q.pageSize + i + 1,
          memberId: manager || mine ? r.member_id : null,
          name: manager || mine ? r.name : maskMemberName(r.name),
          orgName: r.org_name,
          score: Number(r.best_score),
          seconds: r.best_ms! / 1000,
          submittedAt: r.best_at!,
          me: mine,
        };
      }),
      total: total.n,
      page: q.page,
      pageSize: q.pageSize,
    },
    orgs,
  };
}

/** CT-5: the attempts of one flag state (default: waiting for review), for the contest's organisers. */
export async function listFlags(deps: AppDeps, ctx: RequestContext, contestId: number, q: z.output<typeof flagListQuery>) {
  const c = await findContest(deps.db, ctx.actor, contestId);
  if (!canManageExam(ctx.actor, c.org_path)) throw forbidden('只有竞赛组织者可以核实异常答卷');
  const base = deps.db.selectFrom('contest_attempt as ca').where('ca.contest_id', '=', contestId).where('ca.flag', '=', q.state);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('member as m', 'm.id', 'ca.member_id')
      .innerJoin('org as o', 'o.id', 'm.org_id')
      .select(['ca.attempt_id', 'ca.member_id', 'm.name', 'o.name as org_name', sql<string>`to_char(ca.day, 'YYYY-MM-DD')`.as('day'), 'ca.score', 'ca.duration_ms', 'ca.questions', 'ca.flag', 'ca.flag_reason', 'ca.reviewed_at'])
      .orderBy('ca.attempt_id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      attemptId: r.attempt_id,
      memberId: r.member_id,
      name: r.name,
      orgName: r.org_name,
      day: r.day,
      score: r.score === null ? null : Number(r.score),
      seconds: r.duration_ms === null ? null : r.duration_ms / 1000,
      questions: r.questions,
      minSeconds: r.questions * c.min_seconds_per_question,
      flag: r.flag as 'flagged',
      reason: r.flag_reason,
      reviewedAt: r.reviewed_at,
    })),
    total: total.n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * CT-5: an organiser clears a flag (the attempt counts) or confirms it (it never counts), with a
 * reason; guarded on 'flagged' (the loser of a race: 409); the member's best row is recomputed in
 * the same transaction, under the member's lock that submissions take too. Audited.
 */
export async function reviewFlag(deps: AppDeps, ctx: RequestContext, contestId: number, attemptId: number, input: FlagReviewInput) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await managedContest(trx, ctx, contestId);
    const ca = await trx.selectFrom('contest_attempt').select(['member_id', 'flag', 'flag_reason']).where('attempt_id', '=', attemptId).where('contest_id', '=', contestId).executeTakeFirst();
    if (!ca) throw notFound('答卷');
    await sql`select pg_advisory_xact_lock(${c.exam_id}::int, ${ca.member_id}::int)`.execute(trx);
    const to = input.decision === 'clear' ? 'cleared' : 'confirmed';
    const updated = await trx
      .updateTable('contest_attempt')
      .set({ flag: to, flag_reason: `${ca.flag_reason ?? ''}｜核实：${input.reason}`, reviewed_by: ctx.actor.userId, reviewed_at: ctx.now })
      .where('attempt_id', '=', attemptId)
      .where('flag', '=', 'flagged')
      .returning('attempt_id')
      .executeTakeFirst();
    if (!updated) throw conflict('该答卷不是待核实的异常答卷（可能刚被他人核实），请刷新后重试');
    await refreshBest(trx, contestId, ca.member_id);
    await audit(trx, ctx, { action: input.decision === 'clear' ? 'contest.flag_clear' : 'contest.flag_confirm', entityType: 'exam_attempt', entityId: attemptId, before: { flag: ca.flag }, after: { flag: to, reason: input.reason } });
  });
  return { ok: true };
}
