import { sql, type Kysely } from 'kysely';
import {
  attemptDurationMs,
  contestPhase,
  dailyLimitReached,
  impossibleSpeed,
  localDate,
  scoreAnswer,
  seededShuffle,
  type DrawRule,
  type QuestionType,
  type myContestDto,
  type z,
} from '@xianfeng/shared';
import { randomInt } from 'node:crypto';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { examTaker } from '../../access/exam-policy.ts';
import { conflict, forbidden, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { beginAttempt, candidates } from '../exams/index.ts';
import { findContest, windowsOf, type ContestRow } from './contests.service.ts';
import { memberStanding, rankOf } from './ranking.service.ts';

/** The member a caller plays as: their own member record, in good standing, in the contest's subtree. */
async function player(db: Kysely<DB>, ctx: RequestContext, c: ContestRow) {
  const memberId = examTaker(ctx.actor);
  if (!memberId) throw forbidden('只有党员本人可以参加知识竞赛');
  const m = await db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.status', 'o.path', 'o.id as org_id'])
    .where('m.id', '=', memberId)
    .where(sql<boolean>`o.path like ${c.org_path.replace(/[\\%_]/g, (x) => `\\${x}`) + '%'}`)
    .executeTakeFirst();
  if (!m || m.status !== 'normal') throw forbidden('你不在本次知识竞赛的参赛范围内');
  return m;
}

/** CT-2: the contest's published bank — the questions its random paper draws from. */
async function bank(db: Kysely<DB>, c: ContestRow) {
  const paperOrg = await db.selectFrom('exam_paper as p').innerJoin('org as o', 'o.id', 'p.org_id').select('o.path').where('p.id', '=', c.paper_id).executeTakeFirstOrThrow();
  const rules = c.rules as DrawRule[];
  const all = await candidates(db, paperOrg.path, rules);
  return all.filter((q) => rules.some((r) => q.type === r.type && (!r.difficulty || q.difficulty === r.difficulty) && (!r.tag || q.tags.includes(r.tag))));
}

const practiceCounts = (db: Kysely<DB>, contestId: number, memberId: number) =>
  db
    .selectFrom('contest_practice')
    .select([sql<number>`count(distinct question_id)::int`.as('practised'), sql<number>`count(distinct question_id) filter (where correct)::int`.as('correct')])
    .where('contest_id', '=', contestId)
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();

function requirePractice(c: ContestRow, now: Date) {
  if (c.status !== 'published') throw conflict('该知识竞赛未发布或已结束');
  const phase = contestPhase(windowsOf(c), localDate(now));
  if (phase !== 'practice') throw conflict(`练习时间为${c.pf}至${c.pt}，当前不在练习时间内`);
}

/** CT-2: questions to practise, those not yet practised first, in a random order; no key. */
export async function practiceQuestions(deps: AppDeps, ctx: RequestContext, contestId: number, count: number) {
  const c = await findContest(deps.db, ctx.actor, contestId);
  const m = await player(deps.db, ctx, c);
  requirePractice(c, ctx.now);
  const pool = await bank(deps.db, c);
  const done = new Set((await deps.db.selectFrom('contest_practice').select('question_id').where('contest_id', '=', contestId).where('member_id', '=', m.id).execute()).map((r) => r.question_id));
  const seed = randomInt(0, 2 ** 31 - 1);
  const ordered = [...seededShuffle(pool.filter((q) => !done.has(q.id)), seed), ...seededShuffle(pool.filter((q) => done.has(q.id)), seed)].slice(0, count);
  const rows = ordered.length ? await deps.db.selectFrom('exam_question').select(['id', 'type', 'stem', 'options']).where('id', 'in', ordered.map((q) => q.id)).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    questions: ordered.map((q) => byId.get(q.id)!).map((r) => ({ questionId: r.id, type: r.type, stem: r.stem, options: r.options })),
    practised: (await practiceCounts(deps.db, contestId, m.id)).practised,
    bankSize: pool.length,
  };
}

/** CT-2: one practice answer — checked at once, the key and the explanation returned; recorded, never ranked. */
export async function practiceAnswer(deps: AppDeps, ctx: RequestContext, contestId: number, input: { questionId: number; given: string[] }) {
  const c = await findContest(deps.db, ctx.actor, contestId);
  const m = await player(deps.db, ctx, c);
  requirePractice(c, ctx.now);
  const pool = await bank(deps.db, c);
  if (!pool.some((q) => q.id === input.questionId)) throw validation('该题不在本次竞赛的练习题库中');
  const q = await deps.db.selectFrom('exam_question').select(['type', 'answer', 'explanation']).where('id', '=', input.questionId).executeTakeFirstOrThrow();
  const scored = scoreAnswer({ type: q.type as QuestionType, answer: q.answer }, input.given, 1);
  const correct = scored.correct === true;
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('contest_practice').values({ contest_id: contestId, member_id: m.id, question_id: input.questionId, correct, answered_at: ctx.now }).execute();
    await audit(trx, ctx, { action: 'contest.practice', entityType: 'contest', entityId: contestId, after: { questionId: input.questionId, correct } });
  });
  const counts = await practiceCounts(deps.db, contestId, m.id);
  return { correct, answer: q.answer, explanation: q.explanation, practised: counts.practised, practisedCorrect: counts.correct };
}

/**
 * CT-3: starts a contest attempt through the exam's attempt model (the phone page /m/attempts/:id
 * takes it). Inside the exam's advisory lock on exam × member, the member's attempts of this
 * Beijing day are counted against the daily limit; the unique (contest, member, day, seq) key
 * holds if anything slipped past.
 */
export async function startContestAttempt(deps: AppDeps, ctx: RequestContext, contestId: number) {
  const c = await findContest(deps.db, ctx.actor, contestId);
  await player(deps.db, ctx, c);
  const today = localDate(ctx.now);
  const phase = contestPhase(windowsOf(c), today);
  if (c.status !== 'published') throw conflict('该知识竞赛未发布或已结束，不能开始答题');
  if (phase !== 'contest') throw conflict(`竞赛时间为${c.cf}至${c.ct}，当前不在竞赛时间内`);
  let seq = 0;
  const attemptId = await deps.db.transaction().execute((trx) =>
    beginAttempt(trx, ctx, c.exam_id, {
      before: async (t, memberId) => {
        const n = await t.selectFrom('contest_attempt').select(sql<number>`count(*)::int`.as('n')).where('contest_id', '=', contestId).where('member_id', '=', memberId).where('day', '=', today).executeTakeFirstOrThrow();
        if (dailyLimitReached(n.n, c.daily_limit)) throw conflict(`每人每天最多作答${c.daily_limit}次，今天的次数已用完，请明天再来`);
        seq = n.n + 1;
      },
      after: async (t, memberId, attemptId, questions) => {
        await t.insertInto('contest_attempt').values({ attempt_id: attemptId, contest_id: contestId, member_id: memberId, day: today, seq, questions }).execute();
        await audit(t, ctx, { action: 'contest.attempt_start', entityType: 'contest', entityId: contestId, after: { attemptId, day: today, seq } });
      },
    }),
  );
  return { attemptId };
}

/**
 * CT-4 … CT-6, run by the exams feature inside the submitting transaction: the attempt's time and
 * score are recorded, the speed flag set, and the member's best row recomputed.
 */
export async function onContestAttemptFinalised(trx: Kysely<DB>, _ctx: RequestContext, attemptId: number) {
  const ca = await trx
    .selectFrom('contest_attempt as ca')
    .innerJoin('contest as c', 'c.id', 'ca.contest_id')
    .innerJoin('exam_attempt as a', 'a.id', 'ca.attempt_id')
    .select(['ca.contest_id', 'ca.member_id', 'ca.questions', 'c.min_seconds_per_question', 'c.exam_id', 'a.started_at', 'a.submitted_at', 'a.deadline_at', 'a.score'])
    .where('ca.attempt_id', '=', attemptId)
    .executeTakeFirst();
  if (!ca) return;
  await sql`select pg_advisory_xact_lock(${ca.exam_id}::int, ${ca.member_id}::int)`.execute(trx);
  const ms = attemptDurationMs(new Date(ca.started_at), new Date(ca.submitted_at!), new Date(ca.deadline_at));
  const flag = impossibleSpeed(ms, ca.questions, ca.min_seconds_per_question) ? 'flagged' : 'none';
  await trx
    .updateTable('contest_attempt')
    .set({ score: ca.score === null ? null : Number(ca.score), duration_ms: ms, submitted_at: ca.submitted_at, flag, flag_reason: flag === 'flagged' ? `用时${(ms / 1000).toFixed(1)}秒，少于${ca.questions}题×${ca.min_seconds_per_question}秒` : null })
    .where('attempt_id', '=', attemptId)
    .execute();
  await refreshBest(trx, ca.contest_id, ca.member_id);
}

/**
 * CT-6: a member's row of the ranking, recomputed from their attempts: participation once any
 * attempt is submitted; the best counted attempt (score, then time, then the earlier) or none.
 */
export async function refreshBest(trx: Kysely<DB>, contestId: number, memberId: number) {
  const best = await trx
    .selectFrom('contest_attempt')
    .select(['attempt_id', 'score', 'duration_ms', 'submitted_at'])
    .where('contest_id', '=', contestId)
    .where('member_id', '=', memberId)
    .where('submitted_at', 'is not', null)
    .where('score', 'is not', null)
    .where('flag', 'in', ['none', 'cleared'])
    .orderBy('score', 'desc')
    .orderBy('duration_ms', 'asc')
    .orderBy('submitted_at', 'asc')
    .limit(1)
    .executeTakeFirst();
  const n = await trx.selectFrom('contest_attempt').select(sql<number>`count(*)::int`.as('n')).where('contest_id', '=', contestId).where('member_id', '=', memberId).where('submitted_at', 'is not', null).executeTakeFirstOrThrow();
  // CT-7: a participant counts where the roster put them at publication; one who joined later,
  // where they stand now (ranked as a person, outside every organisation's rate).
  const listed = await trx.selectFrom('contest_roster').select(['org_id as id', 'path']).where('contest_id', '=', contestId).where('member_id', '=', memberId).executeTakeFirst();
  const m = listed ?? (await trx.selectFrom('member as m').innerJoin('org as o', 'o.id', 'm.org_id').select(['o.id', 'o.path']).where('m.id', '=', memberId).executeTakeFirstOrThrow());
  const values = { attempts: n.n, best_attempt_id: best?.attempt_id ?? null, best_score: best ? Number(best.score) : null, best_ms: best?.duration_ms ?? null, best_at: best?.submitted_at ?? null };
  await trx
    .insertInto('contest_member')
    .values({ contest_id: contestId, member_id: memberId, org_id: m.id, org_path: m.path, in_roster: !!listed, ...values })
    .onConflict((oc) => oc.columns(['contest_id', 'member_id']).doUpdateSet(values))
    .execute();
}

type MyContest = z.output<typeof myContestDto>;

/** The member's own view: practice counts, today's attempts against the limit, best, rank and their organisation's standing. */
export async function myContest(deps: AppDeps, ctx: RequestContext, contestId: number): Promise<MyContest> {
  const db = deps.readDb ?? deps.db;
  const c = await findContest(db, ctx.actor, contestId);
  const m = await player(db, ctx, c);
  const today = localDate(ctx.now);
  const phase = contestPhase(windowsOf(c), today);
  const [counts, attempts, mine] = await Promise.all([
    practiceCounts(db, contestId, m.id),
    db
      .selectFrom('contest_attempt as ca')
      .innerJoin('exam_attempt as a', 'a.id', 'ca.attempt_id')
      .select(['ca.attempt_id', sql<string>`to_char(ca.day, 'YYYY-MM-DD')`.as('day'), 'a.status', 'ca.score', 'ca.duration_ms', 'ca.flag'])
      .where('ca.contest_id', '=', contestId)
      .where('ca.member_id', '=', m.id)
      .orderBy('ca.attempt_id', 'desc')
      .execute(),
    db.selectFrom('contest_member').selectAll().where('contest_id', '=', contestId).where('member_id', '=', m.id).executeTakeFirst(),
  ]);
  const attemptsToday = attempts.filter((a) => a.day === today).length;
  const open = attempts.find((a) => a.status === 'in_progress');
  const best = mine?.best_attempt_id ? { attemptId: mine.best_attempt_id, score: Number(mine.best_score), seconds: mine.best_ms! / 1000, submittedAt: mine.best_at! } : null;
  const ranking = best ? await rankOf(db, contestId, { score: best.score, ms: mine!.best_ms!, at: mine!.best_at! }) : { rank: null, of: (await rankOf(db, contestId, null)).of };
  // The member's branch (the organisation of their record) is their standing.
  return {
    contestId,
    phase,
    practised: counts.practised,
    practisedCorrect: counts.correct,
    attemptsToday,
    dailyLimit: c.daily_limit,
    canStart: c.status === 'published' && phase === 'contest' && !open && attemptsToday < c.daily_limit,
    openAttemptId: open?.attempt_id ?? null,
    best,
    rank: ranking.rank,
    rankedCount: ranking.of,
    attempts: attempts.map((a) => ({ attemptId: a.attempt_id, day: a.day, status: a.status, score: a.score === null ? null : Number(a.score), seconds: a.duration_ms === null ? null : a.duration_ms / 1000, flag: a.flag as MyContest['attempts'][number]['flag'] })),
    org: await memberStanding(db, contestId, c.org_path, m.path),
  };
}
