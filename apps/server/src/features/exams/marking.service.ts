import { sql } from 'kysely';
import type { MarkingQuery, MarksInput, markingItemDto, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canManageExam, examManageScope } from '../../access/exam-policy.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { getAttempt } from './attempts.service.ts';
import { managedExam } from './results.service.ts';

type MarkingItem = z.output<typeof markingItemDto>;

/**
 * EX-17: the attempts of an exam whose short answers wait for a marker (or, `status=marked`, those
 * marked), oldest hand-in first, each with its short answers, the reference answers and the marks
 * given so far. Exam managers of the exam's organisation only (EX-15).
 */
export async function listMarking(deps: AppDeps, ctx: RequestContext, examId: number, query: MarkingQuery) {
  const exam = await managedExam(deps.db, ctx, examId);
  const base = deps.db
    .selectFrom('exam_attempt as a')
    .innerJoin('member as m', 'm.id', 'a.member_id')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .where('a.exam_id', '=', exam.id)
    .where('a.status', '=', 'submitted')
    .where('a.pending_marking', '=', query.status === 'pending')
    .where((eb) => eb.exists(eb.selectFrom('exam_attempt_question as q').select('q.position').whereRef('q.attempt_id', '=', 'a.id').where('q.type', '=', 'short')));
  const [rows, total] = await Promise.all([
    base
      .select(['a.id', 'a.member_id', 'm.name as member_name', 'o.name as org_name', 'a.attempt_no', 'a.submitted_at', 'a.score', 'a.pending_marking'])
      .orderBy('a.submitted_at')
      .orderBy('a.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id);
  const qs = ids.length
    ? await deps.db
        .selectFrom('exam_attempt_question as q')
        .leftJoin('app_user as u', 'u.id', 'q.marked_by')
        .select(['q.attempt_id', 'q.position', 'q.type', 'q.stem', 'q.score', 'q.given', 'q.answer', 'q.awarded', 'q.mark_comment', 'q.marked_at', 'u.display_name', 'u.username'])
        .where('q.attempt_id', 'in', ids)
        .orderBy('q.attempt_id')
        .orderBy('q.position')
        .execute()
    : [];
  const items: MarkingItem[] = rows.map((r) => {
    const mine = qs.filter((q) => q.attempt_id === r.id);
    return {
      attemptId: r.id,
      memberId: r.member_id,
      memberName: r.member_name,
      orgName: r.org_name,
      attemptNo: r.attempt_no,
      submittedAt: r.submitted_at,
      objectiveScore: mine.filter((q) => q.type !== 'short').reduce((n, q) => n + Number(q.awarded ?? 0), 0),
      score: r.score === null ? null : Number(r.score),
      pendingMarking: r.pending_marking,
      answers: mine
        .filter((q) => q.type === 'short')
        .map((q) => ({
          position: q.position,
          stem: q.stem,
          points: q.score,
          given: q.given,
          reference: q.answer,
          awarded: q.awarded === null ? null : Number(q.awarded),
          comment: q.mark_comment,
          markedByName: q.marked_at ? (q.display_name ?? q.username ?? null) : null,
          markedAt: q.marked_at,
        })),
    };
  });
  return { items, total: Number(total.n), page: query.page, pageSize: query.pageSize };
}

/**
 * EX-18/EX-19: marks for an attempt's short answers, each within 0 … the question's points (whole
 * or half). Under the attempt's row lock: when every short answer has a mark the attempt's score is
 * the sum of all its questions' points and 待阅卷 ends; until then the score stays empty. A mark
 * may be changed while the exam is published; once the exam is closed the marks given are final
 * (a short answer not yet marked may still be marked). A cancelled exam is not marked. Never one's
 * own attempt. Every call audited with the marks before and after.
 */
export async function markAttempt(deps: AppDeps, ctx: RequestContext, attemptId: number, input: MarksInput) {
  examManageScope(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('exam_attempt as a')
      .innerJoin('exam as e', 'e.id', 'a.exam_id')
      .innerJoin('org as o', 'o.id', 'e.org_id')
      .select(['a.id', 'a.exam_id', 'a.member_id', 'a.status', 'a.score', 'a.pending_marking', 'o.path as org_path'])
      .where('a.id', '=', attemptId)
      .forUpdate('a')
      .executeTakeFirst();
    if (!row || !canManageExam(ctx.actor, row.org_path)) throw notFound('答卷');
    if (ctx.actor.memberId && ctx.actor.memberId === row.member_id) throw forbidden('不能为本人的答卷阅卷');
    await managedExam(trx, ctx, row.exam_id); // the same reach as the results page
    // The exam's row shared-locked: a close (which locks it for update) waits for this mark, or this
    // mark sees the exam closed — a mark never slips in beside a close (EX-19).
    const exam = await trx.selectFrom('exam').select('status').where('id', '=', row.exam_id).forShare().executeTakeFirstOrThrow();
    if (exam.status === 'cancelled') throw conflict('考试已取消，不能阅卷');
    if (row.status !== 'submitted') throw conflict('该答卷尚未交卷，不能阅卷');
    const qs = await trx.selectFrom('exam_attempt_question').select(['position', 'type', 'score', 'awarded', 'mark_comment', 'marked_at']).where('attempt_id', '=', attemptId).orderBy('position').execute();
    const byPos = new Map(qs.map((q) => [q.position, q]));
    const seen = new Set<number>();
    const fields: { field: string; message: string }[] = [];
    input.marks.forEach((m, i) => {
      const q = byPos.get(m.position);
      if (seen.has(m.position)) fields.push({ field: `marks.${i}.position`, message: `第${m.position}题重复评分` });
      seen.add(m.position);
      if (!q || q.type !== 'short') fields.push({ field: `marks.${i}.position`, message: `第${m.position}题不是本答卷的简答题` });
      else if (m.score > q.score) fields.push({ field: `marks.${i}.score`, message: `第${m.position}题得分不能超过该题分值（${q.score}分）` });
    });
    if (fields.length) throw validation(fields.map((f) => f.message).join('；'), fields);
    const changed = input.marks.filter((m) => byPos.get(m.position)!.marked_at !== null);
    if (exam.status === 'closed' && changed.length) throw conflict(`考试已结束，已评的分数不能再修改（第${changed.map((m) => m.position).join('、')}题）`);
    for (const m of input.marks) {
      await trx
        .updateTable('exam_attempt_question')
        .set({ awarded: m.score, mark_comment: m.comment || null, marked_by: ctx.actor.userId, marked_at: ctx.now })
        .where('attempt_id', '=', attemptId)
        .where('position', '=', m.position)
        .where('type', '=', 'short')
        .execute();
    }
    const after = await trx.selectFrom('exam_attempt_question').select(['type', 'awarded']).where('attempt_id', '=', attemptId).execute();
    const complete = after.every((q) => q.awarded !== null);
    const score = complete ? after.reduce((n, q) => n + Number(q.awarded), 0) : null;
    const updated = await trx
      .updateTable('exam_attempt')
      .set({ score, pending_marking: !complete })
      .where('id', '=', attemptId)
      .where('status', '=', 'submitted')
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw conflict('该答卷状态已变化，请刷新后重试');
    await audit(trx, ctx, {
      action: 'exam_attempt.mark',
      entityType: 'exam_attempt',
      entityId: attemptId,
      before: { score: row.score === null ? null : Number(row.score), pendingMarking: row.pending_marking, marks: input.marks.map((m) => ({ position: m.position, score: byPos.get(m.position)!.awarded === null ? null : Number(byPos.get(m.position)!.awarded), comment: byPos.get(m.position)!.mark_comment })) },
      after: { score, pendingMarking: !complete, marks: input.marks.map((m) => ({ position: m.position, score: m.score, comment: m.comment || null })) },
    });
  });
  return getAttempt(deps, ctx, attemptId);
}
