import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { countedAttempt, examMachine, type CountingRule, type ExamInput, type ExamListQuery, type ExamStatus, type examDto, type z } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { Actor, RequestContext } from '../../access/actor.ts';
import { canManageExam, examManageScope, examTaker } from '../../access/exam-policy.ts';
import { hasPermission } from '../../access/actor.ts';
import { orgPathInScope, scopeFor } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';

type ExamDto = z.output<typeof examDto>;
type ExamEvent = 'publish' | 'close' | 'cancel';
/** CT-1: a contest's exam follows its contest (features/contests): never edited, published, closed or cancelled on its own. */
const CONTEST_OWNED = '这是知识竞赛的考试，随竞赛发布和结束，请在“知识竞赛”页面操作';

function exams(db: Kysely<DB>) {
  return db
    .selectFrom('exam as e')
    .innerJoin('org as o', 'o.id', 'e.org_id')
    .innerJoin('exam_paper as p', 'p.id', 'e.paper_id')
    .selectAll('e')
    .select(['o.name as org_name', 'o.path as org_path', 'p.title as paper_title', 'p.total_score']);
}
export type ExamRow = Awaited<ReturnType<ReturnType<typeof exams>['executeTakeFirstOrThrow']>>;

/**
 * EX-10: the exams a caller reaches — those of organisations in their exam.manage subtree (any
 * state), and, as a member in good standing, the published and closed exams of an organisation
 * whose subtree holds their own organisation (a training class's entry test or final exam: only
 * if they are its trainee, TR-8).
 */
function reachable(actor: Actor) {
  const manage = hasPermission(actor, 'exam.manage') ? scopeFor(actor, 'exam.manage') : null;
  const memberId = examTaker(actor);
  const ors: RawBuilder<SqlBool>[] = [];
  if (manage) ors.push(sql<SqlBool>`${orgPathInScope(manage, sql.ref<string>('o.path'))}`);
  if (memberId) {
    const inSubtree = sql<SqlBool>`exists (select 1 from member m join org mo on mo.id = m.org_id where m.id = ${memberId} and m.status = 'normal' and mo.path like replace(replace(replace(o.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`;
    // TR-8: an entry test or final exam is taken by the trainees of the class that names it, no one else.
    const trainee = sql<SqlBool>`(e.purpose not in ('training_entry', 'training_final') or exists (select 1 from training_class tc join training_trainee tt on tt.class_id = tc.id where (tc.entry_exam_id = e.id or tc.final_exam_id = e.id) and tt.member_id = ${memberId}))`;
    ors.push(sql<SqlBool>`(e.status in ('published', 'closed') and ${inSubtree} and ${trainee})`);
  }
  return ors.length ? sql<SqlBool>`(${sql.join(ors, sql` or `)})` : sql<SqlBool>`false`;
}

export function toDto(r: ExamRow, actor: Actor): ExamDto {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    paperId: r.paper_id,
    paperTitle: r.paper_title,
    totalScore: r.total_score,
    title: r.title,
    purpose: r.purpose as ExamDto['purpose'],
    status: r.status as ExamStatus,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    timeLimitMinutes: r.time_limit_minutes,
    attemptsAllowed: r.attempts_allowed,
    counting: r.counting as ExamDto['counting'],
    passMark: r.pass_mark,
    shuffleQuestions: r.shuffle_questions,
    shuffleOptions: r.shuffle_options,
    focusStrikes: r.focus_strikes,
    reviewPolicy: r.review_policy as ExamDto['reviewPolicy'],
    canManage: canManageExam(actor, r.org_path),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    mine: null,
  };
}

/**
 * The caller's own attempts at these exams (the phone's list, EX-21), for the exams they may take:
 * as a member in good standing whose organisation lies in the exam organisation's subtree. One query
 * for the page; the counted score and passed follow EX-7.
 */
async function withMine(db: Kysely<DB>, actor: Actor, rows: ExamRow[]): Promise<ExamDto[]> {
  const dtos = rows.map((r) => toDto(r, actor));
  const memberId = examTaker(actor);
  if (!memberId || !rows.length) return dtos;
  const me = await db.selectFrom('member as m').innerJoin('org as o', 'o.id', 'm.org_id').select(['m.status', 'o.path']).where('m.id', '=', memberId).executeTakeFirst();
  if (!me) return dtos;
  const attempts = await db
    .selectFrom('exam_attempt')
    .select(['id', 'exam_id', 'attempt_no', 'status', 'score', 'pending_marking'])
    .where('member_id', '=', memberId)
    .where('exam_id', 'in', rows.map((r) => r.id))
    .orderBy('attempt_no')
    .execute();
  // TR-8: a class's entry test or final exam is theirs to take only as its trainee.
  const trainingIds = rows.filter((r) => r.purpose === 'training_entry' || r.purpose === 'training_final').map((r) => r.id);
  const trainee = new Set<number>();
  if (trainingIds.length) {
    const classes = await db
      .selectFrom('training_class as c')
      .innerJoin('training_trainee as t', 't.class_id', 'c.id')
      .select(['c.entry_exam_id', 'c.final_exam_id'])
      .where('t.member_id', '=', memberId)
      .where((eb) => eb.or([eb('c.entry_exam_id', 'in', trainingIds), eb('c.final_exam_id', 'in', trainingIds)]))
      .execute();
    for (const c of classes) for (const e of [c.entry_exam_id, c.final_exam_id]) if (e) trainee.add(e);
  }
  return dtos.map((d, i) => {
    const r = rows[i];
    const mineRows = attempts.filter((a) => a.exam_id === r.id);
    const mayTake = me.status === 'normal' && me.path.startsWith(r.org_path) && (!trainingIds.includes(r.id) || trainee.has(r.id));
    if (!mineRows.length && !mayTake) return d;
    const list = mineRows.map((a) => {
      const score = a.score === null ? null : Number(a.score);
      return { id: a.id, attemptNo: a.attempt_no, status: a.status as 'in_progress' | 'submitted', score, passed: score === null ? null : score >= r.pass_mark, pendingMarking: a.pending_marking };
    });
    const counted = countedAttempt(list, r.counting as CountingRule);
    return { ...d, mine: { attempts: list, countedScore: counted?.score ?? null, passed: counted ? counted.passed : null } };
  });
}

export async function listExams(deps: AppDeps, ctx: RequestContext, query: ExamListQuery) {
  let base = exams(deps.db).where(reachable(ctx.actor));
  if (query.q) base = base.where('e.title', 'like', `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.status) base = base.where('e.status', '=', query.status);
  // A contest's exam is reached through its contest (the phone's 竞赛), not listed with the exams.
  base = query.purpose ? base.where('e.purpose', '=', query.purpose) : base.where('e.purpose', '<>', 'contest');
  if (query.orgId) base = base.where('e.org_id', '=', query.orgId);
  if (query.manage === 'true') base = base.where(hasPermission(ctx.actor, 'exam.manage') ? sql<SqlBool>`${orgPathInScope(scopeFor(ctx.actor, 'exam.manage'), sql.ref<string>('o.path'))}` : sql<SqlBool>`false`);
  const [rows, total] = await Promise.all([
    base.orderBy('e.opens_at', 'desc').orderBy('e.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
    base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await withMine(deps.db, ctx.actor, rows), total: Number(total.n), page: query.page, pageSize: query.pageSize };
}

/** One exam the caller reaches (404 otherwise); `lock` takes the exam row's lock. */
export async function findExam(db: Kysely<DB>, actor: Actor, id: number, lock = false) {
  const q = exams(db).where('e.id', '=', id).where(reachable(actor));
  const row = await (lock ? q.forUpdate('e') : q).executeTakeFirst();
  if (!row) throw notFound('考试');
  return row;
}

export async function getExam(deps: AppDeps, ctx: RequestContext, id: number) {
  return (await withMine(deps.db, ctx.actor, [await findExam(deps.db, ctx.actor, id)]))[0];
}

/** The paper must be one of the organisation's reach (its own or an ancestor's paper in the caller's scope), not archived; the pass mark at most its total. */
async function checkInput(trx: Kysely<DB>, ctx: RequestContext, input: ExamInput) {
  if (input.purpose === 'contest') throw validation('知识竞赛请在“知识竞赛”页面创建，其答卷随竞赛管理', [{ field: 'purpose', message: '知识竞赛请在“知识竞赛”页面创建' }]);
  const scope = examManageScope(ctx.actor);
  const org = await trx.selectFrom('org').select(['id', 'path']).where('id', '=', input.orgId).executeTakeFirst();
  if (!org || !canManageExam(ctx.actor, org.path)) throw forbidden('只能为本组织及下级组织安排考试');
  const paper = await trx
    .selectFrom('exam_paper as p')
    .innerJoin('org as po', 'po.id', 'p.org_id')
    .select(['p.id', 'p.total_score', 'po.path'])
    .where('p.id', '=', input.paperId)
    .where('p.archived_at', 'is', null)
    .where((eb) => orgPathInScope(scope, eb.ref('po.path')))
    .executeTakeFirst();
  if (!paper || !org.path.startsWith(paper.path)) throw validation('试卷不存在、已删除，或不属于本组织（或其上级组织）', [{ field: 'paperId', message: '请选择本组织可用的试卷' }]);
  if (input.passMark > paper.total_score) throw validation(`及格分不能高于试卷总分（${paper.total_score}分）`, [{ field: 'passMark', message: `及格分不能高于${paper.total_score}分` }]);
}

const columns = (input: ExamInput) => ({
  org_id: input.orgId,
  paper_id: input.paperId,
  title: input.title,
  purpose: input.purpose,
  opens_at: input.opensAt,
  closes_at: input.closesAt,
  time_limit_minutes: input.timeLimitMinutes,
  attempts_allowed: input.attemptsAllowed,
  counting: input.counting,
  pass_mark: input.passMark,
  shuffle_questions: input.shuffleQuestions,
  shuffle_options: input.shuffleOptions,
  focus_strikes: input.focusStrikes,
  review_policy: input.reviewPolicy,
});

export async function createExam(deps: AppDeps, ctx: RequestContext, input: ExamInput) {
  examManageScope(ctx.actor);
  const id = await deps.db.transaction().execute(async (trx) => {
    await checkInput(trx, ctx, input);
    const { id } = await trx
      .insertInto('exam')
      .values({ ...columns(input), created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'exam.create', entityType: 'exam', entityId: id, after: input });
    return id;
  });
  return getExam(deps, ctx, id);
}

/** Loads the exam locked for a manager: 404 out of reach, 403 for a taker who does not organise it. */
async function managed(trx: Kysely<DB>, ctx: RequestContext, id: number) {
  examManageScope(ctx.actor);
  const row = await findExam(trx, ctx.actor, id, true);
  if (!canManageExam(ctx.actor, row.org_path)) throw forbidden('只能管理本组织及下级组织的考试');
  return row;
}

export async function updateExam(deps: AppDeps, ctx: RequestContext, id: number, input: ExamInput) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await managed(trx, ctx, id);
    if (row.purpose === 'contest') throw conflict(CONTEST_OWNED);
    if (!examMachine.allows('edit', row.status)) throw conflict(examMachine.refusal('edit', row.status));
    await checkInput(trx, ctx, input);
    // TR-8: a class's entry test or final exam keeps the purpose and organisation the class chose it
    // for — made a plain exam it would be open to everyone of the subtree. (The class's link check
    // share-locks this row, so a link and this edit never pass each other.)
    if (input.purpose !== row.purpose || input.orgId !== row.org_id) {
      const linked = await trx.selectFrom('training_class').select('title').where((eb) => eb.or([eb('entry_exam_id', '=', id), eb('final_exam_id', '=', id)])).executeTakeFirst();
      if (linked) throw conflict(`该考试已是培训班“${linked.title}”的考试，不能更改考试用途或举办组织`);
    }
    const updated = await trx.updateTable('exam').set({ ...columns(input), updated_at: ctx.now }).where('id', '=', id).where('status', '=', 'draft').returning('id').executeTakeFirst();
    if (!updated) throw conflict(examMachine.refusal('edit', row.status));
    await audit(trx, ctx, { action: 'exam.update', entityType: 'exam', entityId: id, before: { title: row.title, paperId: row.paper_id, opensAt: row.opens_at, closesAt: row.closes_at }, after: input });
  });
  return getExam(deps, ctx, id);
}

/** publish / close / cancel: the machine's table checked under the row lock, the write guarded by the status it started from. */
export async function transition(deps: AppDeps, ctx: RequestContext, id: number, event: ExamEvent) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await managed(trx, ctx, id);
    if (row.purpose === 'contest') throw conflict(CONTEST_OWNED);
    if (!examMachine.allows(event, row.status)) throw conflict(examMachine.refusal(event, row.status));
    if (event === 'publish') {
      const paper = await trx.selectFrom('exam_paper').select('archived_at').where('id', '=', row.paper_id).executeTakeFirstOrThrow();
      if (paper.archived_at) throw conflict('该考试的试卷已被删除，请先更换试卷');
      if (new Date(row.closes_at).getTime() <= ctx.now.getTime()) throw conflict('考试的截止时间已过，请先修改考试时间');
    }
    const to = examMachine.next(event, row.status as ExamStatus);
    const updated = await trx.updateTable('exam').set({ status: to, updated_at: ctx.now }).where('id', '=', id).where('status', '=', row.status).returning('id').executeTakeFirst();
    if (!updated) throw conflict(examMachine.refusal(event, row.status));
    await audit(trx, ctx, { action: event === 'publish' ? 'exam.publish' : event === 'close' ? 'exam.close' : 'exam.cancel', entityType: 'exam', entityId: id, before: { status: row.status }, after: { status: to } });
  });
  return getExam(deps, ctx, id);
}
