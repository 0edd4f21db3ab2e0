import { sql, type Kysely } from 'kysely';
import { drawPaper, DrawShortfall, SAVE_GRACE_SECONDS, scoreAnswer, seededShuffle, type AnswersInput, type DrawRule, type PartialCredit, type QuestionType, type attemptDto, type z } from '@xianfeng/shared';
import { randomInt } from 'node:crypto';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canManageExam, examTaker } from '../../access/exam-policy.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { findExam } from './exams.service.ts';
import { candidates } from './papers.service.ts';

type AttemptDto = z.output<typeof attemptDto>;
const LETTERS = 'ABCDEFGH';

/** The member a caller takes the exam as: their account's member link, in good standing, inside the exam organisation's subtree. */
async function takerOf(trx: Kysely<DB>, ctx: RequestContext, orgPath: string) {
  const memberId = examTaker(ctx.actor);
  if (!memberId) throw forbidden('只有党员本人可以参加考试');
  const m = await trx
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.status'])
    .where('m.id', '=', memberId)
    .where(sql<boolean>`o.path like ${orgPath.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`)
    .executeTakeFirst();
  if (!m || m.status !== 'normal') throw forbidden('你不在本次考试的参考范围内');
  return memberId;
}

/**
 * TR-8: a class's entry test or final exam is for its trainees only — an organiser who is not one
 * may not take it either — and only before 结业: the class row is share-locked, so a start and 结业
 * (which locks it for update) never interleave.
 */
async function requireTrainee(trx: Kysely<DB>, examId: number, memberId: number) {
  const klass = await trx
    .selectFrom('training_class as c')
    .innerJoin('training_trainee as t', 't.class_id', 'c.id')
    .select(['c.id', 'c.status'])
    .where((eb) => eb.or([eb('c.entry_exam_id', '=', examId), eb('c.final_exam_id', '=', examId)]))
    .where('t.member_id', '=', memberId)
    .forShare('c')
    .executeTakeFirst();
  if (!klass) throw forbidden('这是培训班的考试，只有该班学员可以参加');
  if (klass.status === 'finished' || klass.status === 'cancelled') throw conflict('培训班已结业或已取消，不能再参加该考试');
}

/** EX-13: a shuffle of one question's options, the key's letters following their options. */
function shuffleOptions(type: string, options: string[], answer: string[], seed: number) {
  if ((type !== 'single' && type !== 'multiple') || options.length < 2) return { options, answer };
  const order = seededShuffle(options.map((_, i) => i), seed);
  return { options: order.map((i) => options[i]), answer: answer.map((l) => LETTERS[order.indexOf(LETTERS.indexOf(l))]).sort() };
}

/**
 * EX-12: starts an attempt — inside the window, of a published exam, under the attempt limit, none
 * open. A member's starts of one exam are serialised by an advisory lock (and the unique keys hold
 * if anything slips past); the paper is drawn with this attempt's seed and snapshotted.
 */
export async function startAttempt(deps: AppDeps, ctx: RequestContext, examId: number) {
  const id = await deps.db.transaction().execute((trx) => beginAttempt(trx, ctx, examId));
  return getAttempt(deps, ctx, id);
}

/** Checks made under the member's advisory lock before an attempt is written (a contest's daily limit); given the member, the next attempt's number and the new attempt's id once written. */
export type StartGuard = { before(trx: Kysely<DB>, memberId: number): Promise<void>; after(trx: Kysely<DB>, memberId: number, attemptId: number, questions: number): Promise<void> };

/**
 * EX-12 inside the caller's transaction: a 知识竞赛's exam (purpose 'contest') is started only
 * through its contest (features/contests), which passes its guard; the exam's own start refuses it.
 */
export async function beginAttempt(trx: Kysely<DB>, ctx: RequestContext, examId: number, guard?: StartGuard): Promise<number> {
  {
    const exam = await findExam(trx, ctx.actor, examId);
    if (exam.purpose === 'contest' && !guard) throw conflict('这是知识竞赛的答卷，请在知识竞赛页面开始答题');
    const memberId = await takerOf(trx, ctx, exam.org_path);
    if (exam.purpose === 'training_entry' || exam.purpose === 'training_final') await requireTrainee(trx, examId, memberId);
    await sql`select pg_advisory_xact_lock(${examId}::int, ${memberId}::int)`.execute(trx);
    const latest = await trx.selectFrom('exam').select('status').where('id', '=', examId).executeTakeFirstOrThrow();
    if (latest.status !== 'published') throw conflict('考试未发布或已结束，不能开始答题');
    const now = ctx.now.getTime();
    if (now < new Date(exam.opens_at).getTime()) throw conflict('考试尚未开始');
    if (now >= new Date(exam.closes_at).getTime()) throw conflict('考试已截止');
    const mine = await trx.selectFrom('exam_attempt').select(['id', 'status', 'attempt_no']).where('exam_id', '=', examId).where('member_id', '=', memberId).execute();
    if (mine.some((a) => a.status === 'in_progress')) throw conflict('你有一次作答尚未交卷，请继续作答');
    if (mine.length >= exam.attempts_allowed) throw conflict(`本次考试每人最多作答${exam.attempts_allowed}次，你已用完`);
    if (guard) await guard.before(trx, memberId);
    const seed = randomInt(0, 2 ** 31 - 1);
    let drawn: { questionId: number; score: number }[];
    if (exam.paper_id && (await trx.selectFrom('exam_paper').select('kind').where('id', '=', exam.paper_id).executeTakeFirstOrThrow()).kind === 'fixed') {
      drawn = (await trx.selectFrom('exam_paper_question').select(['question_id as questionId', 'score']).where('paper_id', '=', exam.paper_id).orderBy('position').execute());
    } else {
      const paper = await trx.selectFrom('exam_paper as p').innerJoin('org as o', 'o.id', 'p.org_id').select(['p.rules', 'o.path']).where('p.id', '=', exam.paper_id).executeTakeFirstOrThrow();
      const rules = paper.rules as DrawRule[];
      try {
        drawn = drawPaper(rules, await candidates(trx, paper.path, rules), seed);
      } catch (e) {
        if (e instanceof DrawShortfall) throw conflict(`试卷无法组成，请联系考试组织者：${e.message}`);
        throw e;
      }
    }
    if (exam.shuffle_questions) drawn = seededShuffle(drawn, seed);
    const qs = await trx.selectFrom('exam_question').selectAll().where('id', 'in', drawn.map((d) => d.questionId)).execute();
    const byId = new Map(qs.map((q) => [q.id, q]));
    const deadline = Math.min(now + exam.time_limit_minutes * 60_000, new Date(exam.closes_at).getTime());
    const { id } = await trx
      .insertInto('exam_attempt')
      .values({ exam_id: examId, member_id: memberId, attempt_no: mine.length + 1, seed, started_at: ctx.now, deadline_at: new Date(deadline) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('exam_attempt_question')
      .values(
        drawn.map((d, i) => {
          const q = byId.get(d.questionId)!;
          const shown = exam.shuffle_options ? shuffleOptions(q.type, q.options, q.answer, (seed + i + 1) >>> 0) : { options: q.options, answer: q.answer };
          return { attempt_id: id, position: i + 1, question_id: q.id, type: q.type, stem: q.stem, options: JSON.stringify(shown.options), answer: JSON.stringify(shown.answer), score: d.score };
        }),
      )
      .execute();
    await audit(trx, ctx, { action: 'exam_attempt.start', entityType: 'exam_attempt', entityId: id, after: { examId, attemptNo: mine.length + 1, seed } });
    if (guard) await guard.after(trx, memberId, id, drawn.length);
    return id;
  }
}

/** Loads an attempt locked, for its owner only (another person's attempt: 404). */
async function ownLocked(trx: Kysely<DB>, ctx: RequestContext, id: number) {
  const memberId = examTaker(ctx.actor);
  const row = memberId ? await trx.selectFrom('exam_attempt').selectAll().where('id', '=', id).where('member_id', '=', memberId).forUpdate().executeTakeFirst() : undefined;
  if (!row) throw notFound('答卷');
  return row;
}

/** Called inside the submitting transaction after an attempt is scored and closed (a contest keeps its ranking rows so). */
export type AttemptFinaliser = (trx: Kysely<DB>, ctx: RequestContext, attemptId: number) => Promise<void>;
const finalisers = new Set<AttemptFinaliser>();
export function onAttemptFinalised(f: AttemptFinaliser) {
  finalisers.add(f);
}

/** EX-14: scores the attempt and closes it, guarded on 'in_progress' (the loser of a race: 409). */
async function finalise(trx: Kysely<DB>, ctx: RequestContext, attemptId: number, how: { forced?: boolean; timedOut?: boolean }) {
  const a = await trx.selectFrom('exam_attempt as a').innerJoin('exam as e', 'e.id', 'a.exam_id').innerJoin('exam_paper as p', 'p.id', 'e.paper_id').select(['p.partial_credit']).where('a.id', '=', attemptId).executeTakeFirstOrThrow();
  const qs = await trx.selectFrom('exam_attempt_question').selectAll().where('attempt_id', '=', attemptId).orderBy('position').execute();
  let total = 0;
  let pending = false;
  for (const q of qs) {
    const s = scoreAnswer({ type: q.type as QuestionType, answer: q.answer }, q.given, q.score, a.partial_credit as PartialCredit);
    if (s.score === null) pending = true;
    else total += s.score;
    await trx.updateTable('exam_attempt_question').set({ awarded: s.score }).where('attempt_id', '=', attemptId).where('position', '=', q.position).execute();
  }
  const updated = await trx
    .updateTable('exam_attempt')
    .set({ status: 'submitted', submitted_at: ctx.now, score: pending ? null : total, pending_marking: pending, forced: how.forced ?? false, timed_out: how.timedOut ?? false })
    .where('id', '=', attemptId)
    .where('status', '=', 'in_progress')
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw conflict('该答卷已交卷，不能再次提交');
  for (const f of finalisers) await f(trx, ctx, attemptId);
  await audit(trx, ctx, { action: 'exam_attempt.submit', entityType: 'exam_attempt', entityId: attemptId, after: { score: pending ? null : total, pendingMarking: pending, ...how } });
}

const pastDeadline = (row: { deadline_at: Date | string }, now: Date, grace = 0) => now.getTime() > new Date(row.deadline_at).getTime() + grace * 1000;

/**
 * EX-13: saves answers as they are given. On PostgreSQL the save commits without waiting for its
 * WAL flush (synchronous_commit off, this transaction only): each save holds the audit chain's
 * lock until it commits, so waiting for the disk there caps every writer of the city at one fsync
 * per save (measured: ~110 saves/s on the bench machine, a city contest needs ~210). A crash loses
 * at most the last fraction of a second of saves — answer and audit record together, the chain
 * intact — and the member gives them again (the page shows what was saved); submissions and everything else stay synchronous.
 */
export async function saveAnswers(deps: AppDeps, ctx: RequestContext, id: number, input: AnswersInput) {
  await deps.db.transaction().execute(async (trx) => {
    if (deps.dbKind === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
    const row = await ownLocked(trx, ctx, id);
    if (row.status !== 'in_progress') throw conflict('该答卷已交卷，不能再修改答案');
    if (pastDeadline(row, ctx.now, SAVE_GRACE_SECONDS)) throw conflict('作答时间已到，答案未保存');
    // Once the exam is closed (its key may now be shown to those who handed in, EX-14) or cancelled,
    // no answer changes. The exam's row share-locked: a close waits for a save in flight, and a save
    // after it sees it closed. The attempt can still be handed in with what was saved.
    const exam = await trx.selectFrom('exam').select('status').where('id', '=', row.exam_id).forShare().executeTakeFirstOrThrow();
    if (exam.status !== 'published') throw conflict('考试已结束或已取消，答案未保存，请交卷');
    const positions = new Set((await trx.selectFrom('exam_attempt_question').select('position').where('attempt_id', '=', id).execute()).map((p) => p.position));
    const bad = input.answers.filter((a) => !positions.has(a.position));
    if (bad.length) throw validation(`没有第${bad.map((b) => b.position).join('、')}题`);
    for (const a of input.answers) await trx.updateTable('exam_attempt_question').set({ given: JSON.stringify(a.given) }).where('attempt_id', '=', id).where('position', '=', a.position).execute();
    await audit(trx, ctx, { action: 'exam_attempt.save', entityType: 'exam_attempt', entityId: id, after: { positions: input.answers.map((a) => a.position) } });
  });
  return getAttempt(deps, ctx, id);
}

export async function submitAttempt(deps: AppDeps, ctx: RequestContext, id: number) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await ownLocked(trx, ctx, id);
    if (row.status !== 'in_progress') throw conflict('该答卷已交卷，不能再次提交');
    await finalise(trx, ctx, id, { timedOut: pastDeadline(row, ctx.now, SAVE_GRACE_SECONDS) });
  });
  return getAttempt(deps, ctx, id);
}

/** EX-13: a focus loss is a strike; at the exam's limit the attempt is submitted, flagged. */
export async function focusLoss(deps: AppDeps, ctx: RequestContext, id: number) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await ownLocked(trx, ctx, id);
    if (row.status !== 'in_progress') throw conflict('该答卷已交卷');
    // Past the deadline (and its grace) leaving the page is no strike: the attempt is over, timed out (EX-14, EX-22).
    if (pastDeadline(row, ctx.now, SAVE_GRACE_SECONDS)) return finalise(trx, ctx, id, { timedOut: true });
    const exam = await trx.selectFrom('exam').select('focus_strikes').where('id', '=', row.exam_id).executeTakeFirstOrThrow();
    const strikes = row.strikes + 1;
    await trx.updateTable('exam_attempt').set({ strikes }).where('id', '=', id).where('status', '=', 'in_progress').execute();
    await audit(trx, ctx, { action: 'exam_attempt.focus_loss', entityType: 'exam_attempt', entityId: id, after: { strikes } });
    if (exam.focus_strikes > 0 && strikes >= exam.focus_strikes) await finalise(trx, ctx, id, { forced: true });
  });
  return getAttempt(deps, ctx, id);
}

type RetakeView = { exam_id: number; member_id: number; exam_status: string; closes_at: Date | string; attempts_allowed: number };

/**
 * What the attempt's owner may still do in its exam: how many attempts they may still start (0 once
 * the exam is over), and whether one is being written now.
 */
async function retakesOf(db: Kysely<DB>, row: RetakeView, now: Date): Promise<{ left: number; writing: boolean }> {
  const mine = await db.selectFrom('exam_attempt').select('status').where('exam_id', '=', row.exam_id).where('member_id', '=', row.member_id).execute();
  const open = row.exam_status === 'published' && now.getTime() < new Date(row.closes_at).getTime();
  return { left: open ? Math.max(0, row.attempts_allowed - mine.length) : 0, writing: mine.some((a) => a.status === 'in_progress') };
}

/**
 * Whether the taker sees the key and the points per question (EX-24). 交卷后可查看答案 waits while
 * the taker may still try again or is writing another attempt: a key read between two attempts
 * would make the second one a copy. 考试结束后 waits for the close; 不公布 never shows it.
 */
function keyShown(policy: string, closed: boolean, retakes: { left: number; writing: boolean }) {
  if (policy === 'after_close') return closed;
  if (policy === 'after_submit') return closed || (retakes.left === 0 && !retakes.writing);
  return false;
}

/**
 * One attempt, to its owner or an organiser of the exam's organisation (else 404). An attempt past
 * its deadline is submitted first (EX-14). The key and the points per question appear only when
 * the review policy allows it — to the organisers always.
 */
export async function getAttempt(deps: AppDeps, ctx: RequestContext, id: number): Promise<AttemptDto> {
  const load = () =>
    deps.db
      .selectFrom('exam_attempt as a')
      .innerJoin('exam as e', 'e.id', 'a.exam_id')
      .innerJoin('org as o', 'o.id', 'e.org_id')
      .innerJoin('exam_paper as p', 'p.id', 'e.paper_id')
      .selectAll('a')
      .select(['e.title', 'e.review_policy', 'e.closes_at', 'e.status as exam_status', 'e.pass_mark', 'e.focus_strikes', 'e.attempts_allowed', 'o.path as org_path'])
      .where('a.id', '=', id)
      .executeTakeFirst();
  let row = await load();
  const owner = !!row && row.member_id === examTaker(ctx.actor);
  const manager = !!row && canManageExam(ctx.actor, row.org_path);
  if (!row || (!owner && !manager)) throw notFound('答卷');
  if (row.status === 'in_progress' && pastDeadline(row, ctx.now, SAVE_GRACE_SECONDS)) {
    await deps.db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('exam_attempt').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status === 'in_progress') await finalise(trx, { ...ctx }, id, { timedOut: true });
    });
    row = (await load())!;
  }
  const submitted = row.status === 'submitted';
  const closed = row.exam_status === 'closed' || ctx.now.getTime() >= new Date(row.closes_at).getTime();
  // Only a handed-in attempt needs them (the key, the page's 「还可以再考」): the saves of an attempt
  // being written — a contest's hot path — pay no extra query.
  const retakes = submitted ? await retakesOf(deps.db, row, ctx.now) : null;
  const reviewAllowed = submitted && (manager || keyShown(row.review_policy, closed, retakes!));
  const qs = await deps.db.selectFrom('exam_attempt_question').selectAll().where('attempt_id', '=', id).orderBy('position').execute();
  const score = row.score === null ? null : Number(row.score);
  return {
    id: row.id,
    examId: row.exam_id,
    examTitle: row.title,
    memberId: row.member_id,
    attemptNo: row.attempt_no,
    status: row.status as AttemptDto['status'],
    startedAt: row.started_at,
    deadlineAt: row.deadline_at,
    submittedAt: row.submitted_at,
    score,
    totalScore: qs.reduce((n, q) => n + q.score, 0),
    passed: score === null ? null : score >= row.pass_mark,
    pendingMarking: row.pending_marking,
    strikes: row.strikes,
    forced: row.forced,
    timedOut: row.timed_out,
    reviewAllowed,
    questions: qs.map((q) => ({
      position: q.position,
      type: q.type,
      stem: q.stem,
      options: q.options,
      score: q.score,
      given: q.given,
      answer: reviewAllowed ? q.answer : null,
      awarded: reviewAllowed && q.awarded !== null ? Number(q.awarded) : null,
    })),
    focusStrikes: row.focus_strikes,
    passMark: row.pass_mark,
    reviewPolicy: row.review_policy as AttemptDto['reviewPolicy'],
    attemptsLeft: retakes?.left ?? null,
    serverNow: ctx.now,
  };
}
