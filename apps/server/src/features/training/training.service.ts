import {
  certificateNo,
  evaluationSummary,
  localDate,
  traineeOutcome,
  attendanceRate,
  trainingClassMachine,
  type TrainingClassEvent,
  type TrainingClassInput,
  type TrainingClassStatus,
  type ExamStatus,
  type trainingClassDto,
  type z,
} from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canManageTraining, mayManageClassAt, requireManageClassAt, trainingReadScope } from '../../access/training-policy.ts';
import { runTransition } from '../../db/transition.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as repo from './training.repository.ts';

type ClassDto = z.output<typeof trainingClassDto>;

export function classToDto(r: repo.ClassRow): ClassDto {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    title: r.title,
    planLine: r.plan_line,
    plan: r.plan,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    place: r.place,
    minAttendance: r.min_attendance,
    evaluationItems: r.evaluation_items,
    status: r.status,
    finishedOn: r.finished_on,
    entryExam: r.entry_exam_id ? examRef(r.entry_exam_id, [r.entry_title, r.entry_status, r.entry_pass_mark, r.entry_opens_at, r.entry_closes_at, r.entry_minutes, r.entry_strikes]) : null,
    finalExam: r.final_exam_id ? examRef(r.final_exam_id, [r.final_title, r.final_status, r.final_pass_mark, r.final_opens_at, r.final_closes_at, r.final_minutes, r.final_strikes]) : null,
    trainees: Number(r.trainees ?? 0),
    sessions: Number(r.sessions ?? 0),
    hours: Number(r.hours ?? 0),
  };
}

/** A linked exam's columns, read through the class's left joins (present whenever the link is). */
type ExamColumns = [title: string | null, status: string | null, passMark: number | null, opensAt: Date | null, closesAt: Date | null, minutes: number | null, strikes: number | null];

function examRef(id: number, [title, status, passMark, opensAt, closesAt, minutes, strikes]: ExamColumns) {
  return { id, title: title!, status: status as ExamStatus, passMark: passMark!, opensAt: opensAt!, closesAt: closesAt!, timeLimitMinutes: minutes!, focusStrikes: strikes! };
}

/** The classes of the caller's subtree (study.read), by year and organisation. */
export async function listClasses(deps: AppDeps, ctx: RequestContext, q: { year?: number; orgId?: number }) {
  const scope = trainingReadScope(ctx.actor);
  let query = repo.classesInScope(deps.db, scope);
  if (q.year) query = query.where('c.year', '=', q.year);
  if (q.orgId) query = query.where('c.org_id', '=', q.orgId);
  const rows = await query.orderBy('c.starts_on', 'desc').orderBy('c.id', 'desc').limit(500).execute();
  return { items: rows.map(classToDto), canManage: canManageTraining(ctx.actor) };
}

/** A class the caller may read (404 outside the subtree, never a 403 that confirms it exists). */
export async function findClass(db: Kysely<DB>, ctx: RequestContext, id: number) {
  const scope = trainingReadScope(ctx.actor);
  const row = await repo.classesInScope(db, scope).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('培训班');
  return row;
}

async function orgPath(db: Kysely<DB>, orgId: number) {
  const org = await db.selectFrom('org').select(['id', 'path']).where('id', '=', orgId).where('dissolved_on', 'is', null).executeTakeFirst();
  if (!org) throw validation('举办组织不存在或已撤销', [{ field: 'orgId', message: '举办组织不存在或已撤销' }]);
  return org.path;
}

const columns = (input: TrainingClassInput) => ({
  org_id: input.orgId,
  year: Number(input.startsOn.slice(0, 4)),
  title: input.title,
  plan_line: input.planLine,
  plan: input.plan,
  starts_on: input.startsOn,
  ends_on: input.endsOn,
  place: input.place || null,
  min_attendance: input.minAttendance,
  evaluation_items: JSON.stringify(input.evaluationItems),
  entry_exam_id: input.entryExamId,
  final_exam_id: input.finalExamId,
});

/**
 * TR-8: the entry test and final exam a class names are exams of the class's own organisation, of
 * the matching purpose, not cancelled, and not already serving another class (the unique indexes
 * hold this under races too). Unchanged links are not re-checked, so a class keeps an exam that
 * has since closed.
 */
async function checkExamLinks(trx: Kysely<DB>, input: TrainingClassInput, classId: number | null, before?: { entry: number | null; final: number | null; orgId: number }) {
  // A class moved to another organisation has its links checked again: it may not keep its old organisation's exams.
  const sameOrg = before?.orgId === input.orgId;
  const links = [
    { id: input.entryExamId, purpose: 'training_entry', label: '入学测试', field: 'entryExamId', same: sameOrg && before?.entry === input.entryExamId },
    { id: input.finalExamId, purpose: 'training_final', label: '结业考试', field: 'finalExamId', same: sameOrg && before?.final === input.finalExamId },
  ] as const;
  for (const l of links) {
    if (!l.id || l.same) continue;
    // Share-locked: an edit of the exam (which locks it for update and refuses to change a linked
    // exam's purpose or organisation) either sees this link or is seen by it.
    const exam = await trx.selectFrom('exam').select(['org_id', 'purpose', 'status', 'title']).where('id', '=', l.id).forShare().executeTakeFirst();
    const bad = (message: string) => validation(message, [{ field: l.field, message }]);
    if (!exam || exam.org_id !== input.orgId) throw bad(`${l.label}须是本培训班举办组织安排的考试`);
    if (exam.purpose !== l.purpose) throw bad(`“${exam.title}”不是${l.label}（考试用途须为“${l.purpose === 'training_entry' ? '培训入学测试' : '培训结业考试'}”）`);
    if (exam.status === 'cancelled') throw bad(`“${exam.title}”已取消，不能作为${l.label}`);
    let other = trx.selectFrom('training_class').select('title').where((eb) => eb.or([eb('entry_exam_id', '=', l.id!), eb('final_exam_id', '=', l.id!)]));
    if (classId) other = other.where('id', '<>', classId);
    const taken = await other.executeTakeFirst();
    if (taken) throw bad(`“${exam.title}”已是培训班“${taken.title}”的考试，一场考试只能用于一个培训班`);
  }
}

/** The unique indexes on the links: a race between two classes claiming one exam ends in 409 for the loser. */
function linkRace(e: unknown): never {
  if (typeof e === 'object' && e && 'code' in e && (e as { code: string }).code === '23505') throw conflict('这场考试刚被另一个培训班选用，请另选考试');
  throw e;
}

export async function createClass(deps: AppDeps, ctx: RequestContext, input: TrainingClassInput) {
  requireManageClassAt(ctx.actor, await orgPath(deps.db, input.orgId));
  return deps.db
    .transaction()
    .execute(async (trx) => {
      await checkExamLinks(trx, input, null);
      const row = await trx.insertInto('training_class').values({ ...columns(input), created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, ctx, { action: 'training_class.create', entityType: 'training_class', entityId: row.id, after: input });
      return row.id;
    })
    .catch(linkRace);
}

/** TR-1: edit while planned or in session; sessions already held must stay inside the new dates. */
export async function updateClass(deps: AppDeps, ctx: RequestContext, id: number, input: TrainingClassInput) {
  const before = await findClass(deps.db, ctx, id);
  requireManageClassAt(ctx.actor, before.org_path);
  requireManageClassAt(ctx.actor, await orgPath(deps.db, input.orgId));
  await runTransition(deps.db, trainingClassMachine, 'edit', {
    load: (trx) => repo.lockClass(trx, id, 'update'),
    notFound: () => notFound('培训班'),
    check: async (locked, trx) => {
      const outside = await trx.selectFrom('training_session').select('title').where('class_id', '=', id).where((eb) => eb.or([eb('held_on', '<', input.startsOn), eb('held_on', '>', input.endsOn)])).executeTakeFirst();
      if (outside) throw validation(`课程“${outside.title}”不在新的起止日期之内，请先调整课程`);
      if (input.orgId !== before.org_id && (await trx.selectFrom('training_trainee').select('member_id').where('class_id', '=', id).executeTakeFirst()))
        throw conflict('培训班已有学员，不能更换举办组织');
      if (JSON.stringify(input.evaluationItems) !== JSON.stringify(before.evaluation_items) && (await trx.selectFrom('training_evaluation').select('member_id').where('class_id', '=', id).executeTakeFirst()))
        throw conflict('已有学员提交教学评估，不能再修改评估项');
      await checkExamLinks(trx, input, id, { entry: locked.entry_exam_id, final: locked.final_exam_id, orgId: locked.org_id });
    },
    apply: async (trx, row) => {
      const set = { ...columns(input), updated_at: ctx.now };
      if (!(await repo.guardedClassUpdate(trx, id, row.status, set))) throw conflict(trainingClassMachine.refusal('edit', row.status));
      await audit(trx, ctx, { action: 'training_class.update', entityType: 'training_class', entityId: id, before: classToDto(before), after: input });
    },
  }).catch(linkRace);
  return getClass(deps, ctx, id);
}

/**
 * 开班, 结业, 取消. 结业 (TR-3, TR-5) decides each trainee's outcome from the attendance of the
 * sessions recorded, under the class's row lock, and numbers the certificates of those who completed.
 */
export async function transitionClass(deps: AppDeps, ctx: RequestContext, id: number, event: Extract<TrainingClassEvent, 'open' | 'finish' | 'cancel'>) {
  const found = await findClass(deps.db, ctx, id);
  requireManageClassAt(ctx.actor, found.org_path);
  const today = localDate(ctx.now);
  await runTransition(deps.db, trainingClassMachine, event, {
    load: (trx) => repo.lockClass(trx, id, 'update'),
    notFound: () => notFound('培训班'),
    apply: async (trx, row) => {
      const set: Record<string, unknown> = { status: trainingClassMachine.next(event, row.status as TrainingClassStatus), updated_at: ctx.now };
      let outcomes: { memberId: number; completed: boolean; reason: string; certificateNo: string | null }[] = [];
      if (event === 'open' && !(await trx.selectFrom('training_trainee').select('member_id').where('class_id', '=', id).executeTakeFirst())) throw conflict('培训班还没有学员，添加学员后才能开班');
      if (event === 'finish') {
        if (today < row.starts_on) throw conflict(`培训班${row.starts_on}才开始，不能结业`);
        outcomes = await decideOutcomes(trx, row);
        set.finished_on = today;
      }
      if (!(await repo.guardedClassUpdate(trx, id, row.status, set))) throw conflict(trainingClassMachine.refusal(event, row.status));
      for (const o of outcomes)
        await trx.updateTable('training_trainee').set({ completed: o.completed, outcome_reason: o.reason, certificate_no: o.certificateNo }).where('class_id', '=', id).where('member_id', '=', o.memberId).execute();
      await audit(trx, ctx, {
        action: event === 'open' ? 'training_class.open' : event === 'finish' ? 'training_class.finish' : 'training_class.cancel',
        entityType: 'training_class',
        entityId: id,
        before: { status: row.status },
        after: event === 'finish' ? { ...set, completed: outcomes.filter((o) => o.completed).length, notCompleted: outcomes.filter((o) => !o.completed).length } : set,
      });
    },
  });
  return getClass(deps, ctx, id);
}

async function decideOutcomes(trx: Kysely<DB>, row: repo.LockedClass) {
  const sessions = await repo.sessionsOf(trx, row.id);
  const held = sessions.filter((s) => s.recorded);
  if (!held.length) throw conflict('还没有登记任何课程的考勤，登记后才能结业');
  const attendance = await repo.attendanceOf(trx, row.id);
  const present = new Map<number, number>();
  for (const a of attendance) if (a.status === 'present' && held.some((s) => s.id === a.session_id)) present.set(a.member_id, (present.get(a.member_id) ?? 0) + 1);
  const trainees = await trx.selectFrom('training_trainee').select('member_id').where('class_id', '=', row.id).orderBy('member_id').execute();
  const [entry, final] = await Promise.all([row.entry_exam_id ? repo.examResults(trx, row.entry_exam_id) : null, row.final_exam_id ? repo.examResults(trx, row.final_exam_id) : null]);
  // TR-8: an outcome is final, so 结业 waits for answers still being written or marked.
  for (const [label, results] of [['入学测试', entry], ['结业考试', final]] as const) {
    const waiting = trainees.filter((t) => results?.get(t.member_id)?.open).length;
    if (waiting) throw conflict(`还有${waiting}名学员正在作答${label}，交卷后才能结业`);
    const pending = trainees.filter((t) => results?.get(t.member_id)?.pending && results.get(t.member_id)?.score === null).length;
    if (pending) throw conflict(`${label}还有${pending}名学员的答卷待阅卷，阅卷后才能结业`);
  }
  let seq = 0;
  return trainees.map((t) => {
    const o = traineeOutcome({
      present: present.get(t.member_id) ?? 0,
      held: held.length,
      minAttendance: row.min_attendance,
      entry: entry ? (entry.get(t.member_id) ?? repo.NO_RESULT) : null,
      final: final ? (final.get(t.member_id) ?? repo.NO_RESULT) : null,
    });
    return { memberId: t.member_id, completed: o.completed, reason: o.reason, certificateNo: o.completed ? certificateNo(row.year, row.id, ++seq) : null };
  });
}

/** A trainee's line for one of the class's exams (null when the class names none). */
export function examLine(results: Awaited<ReturnType<typeof repo.examResults>> | null, memberId: number) {
  if (!results) return null;
  const { taken, score, passed, pending } = results.get(memberId) ?? repo.NO_RESULT;
  return { taken, score, passed, pending };
}

/** One class: sessions with attendance, trainees with their rate and outcome, the evaluation in aggregate. */
export async function getClass(deps: AppDeps, ctx: RequestContext, id: number) {
  const row = await findClass(deps.db, ctx, id);
  const [sessions, trainees, attendance, evaluations, entry, final] = await Promise.all([
    repo.sessionsOf(deps.db, id),
    repo.traineesOf(deps.db, id),
    repo.attendanceOf(deps.db, id),
    repo.evaluationsOf(deps.db, id),
    row.entry_exam_id ? repo.examResults(deps.db, row.entry_exam_id) : null,
    row.final_exam_id ? repo.examResults(deps.db, row.final_exam_id) : null,
  ]);
  const held = new Set(sessions.filter((s) => s.recorded).map((s) => s.id));
  const byMember = new Map<number, Record<string, 'present' | 'leave' | 'absent'>>();
  for (const a of attendance) {
    const m = byMember.get(a.member_id) ?? {};
    m[String(a.session_id)] = a.status;
    byMember.set(a.member_id, m);
  }
  return {
    ...classToDto(row),
    sessionList: sessions.map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at, endsAt: s.ends_at, heldOn: s.held_on, lecturerName: s.lecturer_name, lecturerKind: s.lecturer_kind, lecturerMemberId: s.lecturer_member_id, hours: s.hours, present: s.present, recorded: s.recorded })),
    traineeList: trainees.map((t) => {
      const mine = byMember.get(t.member_id) ?? {};
      const present = Object.entries(mine).filter(([sid, st]) => st === 'present' && held.has(Number(sid))).length;
      return { memberId: t.member_id, name: t.name, orgName: t.org_name, present, held: held.size, attendanceRate: attendanceRate(present, held.size), evaluated: Boolean(t.evaluated), completed: t.completed, outcomeReason: t.outcome_reason, certificateNo: t.certificate_no, attendance: mine, entry: examLine(entry, t.member_id), final: examLine(final, t.member_id) };
    }),
    // TR-4: the answers are shown in aggregate only, with the comments unsigned and in no particular order of names.
    evaluation: { answered: evaluations.length, items: evaluationSummary(row.evaluation_items, evaluations), comments: evaluations.map((e) => e.comment).filter((c): c is string => !!c) },
    canManage: mayManageClassAt(ctx.actor, row.org_path),
  };
}

/** A certificate: to the trainee themselves, or to whoever reads the class. */
export async function certificate(deps: AppDeps, ctx: RequestContext, classId: number, memberId: number) {
  const self = ctx.actor.memberId === memberId;
  const row = self ? await repo.classes(deps.db).where('c.id', '=', classId).executeTakeFirst() : await findClass(deps.db, ctx, classId);
  if (!row) throw notFound('培训班');
  const t = await deps.db.selectFrom('training_trainee as t').innerJoin('member as m', 'm.id', 't.member_id').select(['t.certificate_no', 'm.name']).where('t.class_id', '=', classId).where('t.member_id', '=', memberId).executeTakeFirst();
  if (!t?.certificate_no || row.status !== 'finished') throw notFound('结业证书');
  return { certificateNo: t.certificate_no, memberName: t.name, classTitle: row.title, orgName: row.org_name, startsOn: row.starts_on, endsOn: row.ends_on, hours: Number(row.hours ?? 0), finishedOn: row.finished_on! };
}
