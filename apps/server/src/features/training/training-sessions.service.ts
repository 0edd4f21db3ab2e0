import { localDate, trainingClassMachine, type TrainingSessionInput, type TraineeAttendance } from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { requireManageClassAt, selfMemberId } from '../../access/training-policy.ts';
import { inSubtree } from '../../access/scope.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as repo from './training.repository.ts';
import { classToDto, examLine, findClass, getClass } from './training.service.ts';

/**
 * A write under a class (trainees, sessions, attendance, evaluations): the class row locked for
 * share — many such writes run side by side, while 结业 (which locks it for update) waits for them
 * and they for it — and the state checked against the machine's table.
 */
async function underClass<R>(deps: AppDeps, classId: number, event: 'edit' | 'attend' | 'evaluate', fn: (trx: Kysely<DB>, row: repo.LockedClass) => Promise<R>) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockClass(trx, classId, 'share');
    if (!row) throw notFound('培训班');
    if (!trainingClassMachine.allows(event, row.status)) throw conflict(trainingClassMachine.refusal(event, row.status));
    return fn(trx, row);
  });
}

async function managed(deps: AppDeps, ctx: RequestContext, classId: number) {
  const row = await findClass(deps.db, ctx, classId);
  requireManageClassAt(ctx.actor, row.org_path);
  return row;
}

/** TR-2: trainees are members in good standing of the organiser's subtree; adding one twice changes nothing. */
export async function enrol(deps: AppDeps, ctx: RequestContext, classId: number, memberIds: number[]) {
  await managed(deps, ctx, classId);
  const added = await underClass(deps, classId, 'edit', async (trx, row) => {
    const ids = [...new Set(memberIds)];
    const found = await trx.selectFrom('member as m').innerJoin('org as o', 'o.id', 'm.org_id').select(['m.id', 'm.name', 'm.status']).where('m.id', 'in', ids).where((eb) => inSubtree(eb.ref('o.path'), row.org_path)).execute();
    const missing = ids.filter((id) => !found.some((m) => m.id === id));
    if (missing.length) throw validation(`有${missing.length}名党员不在举办组织及其下级组织中，不能参加本班`, missing.map((id) => ({ field: 'memberIds', message: `党员 #${id} 不在本组织范围内` })));
    const inactive = found.filter((m) => m.status !== 'normal');
    if (inactive.length) throw validation(`${inactive.map((m) => m.name).join('、')}的党籍状态不是“正常”，不能参加培训`);
    const rows = await trx.insertInto('training_trainee').values(ids.map((member_id) => ({ class_id: classId, member_id, enrolled_at: ctx.now }))).onConflict((oc) => oc.doNothing()).returning('member_id').execute();
    if (rows.length) await audit(trx, ctx, { action: 'training_class.enrol', entityType: 'training_class', entityId: classId, after: { memberIds: rows.map((r) => r.member_id) } });
    return rows.length;
  });
  return { added, class: await getClass(deps, ctx, classId) };
}

/** Removes a trainee before 结业, with their attendance and evaluation in this class. */
export async function unenrol(deps: AppDeps, ctx: RequestContext, classId: number, memberId: number) {
  await managed(deps, ctx, classId);
  await underClass(deps, classId, 'edit', async (trx) => {
    const gone = await trx.deleteFrom('training_trainee').where('class_id', '=', classId).where('member_id', '=', memberId).returning('member_id').executeTakeFirst();
    if (!gone) throw notFound('该学员');
    await trx.deleteFrom('training_attendance').where('member_id', '=', memberId).where('session_id', 'in', (eb) => eb.selectFrom('training_session').select('id').where('class_id', '=', classId)).execute();
    await trx.deleteFrom('training_evaluation').where('class_id', '=', classId).where('member_id', '=', memberId).execute();
    await audit(trx, ctx, { action: 'training_class.unenrol', entityType: 'training_class', entityId: classId, before: { memberId } });
  });
  return getClass(deps, ctx, classId);
}

async function checkSession(trx: Kysely<DB>, row: repo.LockedClass, input: TrainingSessionInput) {
  const heldOn = localDate(new Date(input.startsAt));
  if (heldOn < row.starts_on || heldOn > row.ends_on) throw validation(`课程日期${heldOn}不在培训班起止日期（${row.starts_on}至${row.ends_on}）之内`, [{ field: 'startsAt', message: '课程日期应在培训班起止日期之内' }]);
  if (input.lecturerMemberId && !(await trx.selectFrom('member').select('id').where('id', '=', input.lecturerMemberId).executeTakeFirst()))
    throw validation('授课党员不存在', [{ field: 'lecturerMemberId', message: '授课党员不存在' }]);
  return heldOn;
}

const sessionColumns = (input: TrainingSessionInput, heldOn: string) => ({
  title: input.title,
  starts_at: input.startsAt,
  ends_at: input.endsAt,
  held_on: heldOn,
  lecturer_name: input.lecturerName,
  lecturer_kind: input.lecturerKind,
  lecturer_member_id: input.lecturerMemberId,
  hours: input.hours,
});

export async function addSession(deps: AppDeps, ctx: RequestContext, classId: number, input: TrainingSessionInput) {
  await managed(deps, ctx, classId);
  await underClass(deps, classId, 'edit', async (trx, row) => {
    const heldOn = await checkSession(trx, row, input);
    const s = await trx.insertInto('training_session').values({ class_id: classId, ...sessionColumns(input, heldOn), created_at: ctx.now }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'training_session.create', entityType: 'training_session', entityId: s.id, after: { classId, ...input } });
  });
  return getClass(deps, ctx, classId);
}

async function sessionClass(deps: AppDeps, sessionId: number) {
  const s = await deps.db.selectFrom('training_session').select(['id', 'class_id', 'title', 'starts_at']).where('id', '=', sessionId).executeTakeFirst();
  if (!s) throw notFound('培训课程');
  return s;
}

export async function updateSession(deps: AppDeps, ctx: RequestContext, sessionId: number, input: TrainingSessionInput) {
  const s = await sessionClass(deps, sessionId);
  await managed(deps, ctx, s.class_id);
  await underClass(deps, s.class_id, 'edit', async (trx, row) => {
    const heldOn = await checkSession(trx, row, input);
    await trx.updateTable('training_session').set(sessionColumns(input, heldOn)).where('id', '=', sessionId).execute();
    await audit(trx, ctx, { action: 'training_session.update', entityType: 'training_session', entityId: sessionId, after: input });
  });
  return getClass(deps, ctx, s.class_id);
}

export async function deleteSession(deps: AppDeps, ctx: RequestContext, sessionId: number) {
  const s = await sessionClass(deps, sessionId);
  await managed(deps, ctx, s.class_id);
  await underClass(deps, s.class_id, 'edit', async (trx) => {
    await trx.deleteFrom('training_session').where('id', '=', sessionId).execute();
    await audit(trx, ctx, { action: 'training_session.delete', entityType: 'training_session', entityId: sessionId, before: { classId: s.class_id, title: s.title } });
  });
  return getClass(deps, ctx, s.class_id);
}

/** TR-2: attendance of a session that has begun, for the class's trainees only, while the class is in session. */
export async function recordAttendance(deps: AppDeps, ctx: RequestContext, sessionId: number, entries: { memberId: number; status: TraineeAttendance }[]) {
  const s = await sessionClass(deps, sessionId);
  await managed(deps, ctx, s.class_id);
  if (s.starts_at.getTime() > ctx.now.getTime()) throw conflict(`课程“${s.title}”尚未开始，开始后才能登记考勤`);
  await underClass(deps, s.class_id, 'attend', async (trx) => {
    const trainees = new Set((await trx.selectFrom('training_trainee').select('member_id').where('class_id', '=', s.class_id).execute()).map((t) => t.member_id));
    const strangers = entries.filter((e) => !trainees.has(e.memberId));
    if (strangers.length) throw validation(`有${strangers.length}人不是本班学员，不能登记考勤`, strangers.map((e) => ({ field: 'entries', message: `党员 #${e.memberId} 不是本班学员` })));
    await trx
      .insertInto('training_attendance')
      .values(entries.map((e) => ({ session_id: sessionId, member_id: e.memberId, status: e.status })))
      .onConflict((oc) => oc.columns(['session_id', 'member_id']).doUpdateSet((eb) => ({ status: eb.ref('excluded.status') })))
      .execute();
    await audit(trx, ctx, { action: 'training_session.attendance', entityType: 'training_session', entityId: sessionId, after: { entries } });
  });
  return getClass(deps, ctx, s.class_id);
}

/** TR-4: the trainee's course evaluation, once, while the class is in session; every item rated 1–5. */
export async function evaluate(deps: AppDeps, ctx: RequestContext, classId: number, input: { ratings: Record<string, number>; comment: string | null }) {
  const memberId = selfMemberId(ctx.actor);
  await underClass(deps, classId, 'evaluate', async (trx, row) => {
    if (!(await trx.selectFrom('training_trainee').select('member_id').where('class_id', '=', classId).where('member_id', '=', memberId).executeTakeFirst())) throw notFound('培训班');
    const keys = row.evaluation_items.map((i) => i.key);
    const missing = row.evaluation_items.filter((i) => input.ratings[i.key] === undefined);
    if (missing.length) throw validation(`请为${missing.map((i) => `“${i.label}”`).join('、')}评分`);
    const extra = Object.keys(input.ratings).filter((k) => !keys.includes(k));
    if (extra.length) throw validation(`评估项“${extra.join('、')}”不属于本班`);
    const inserted = await trx.insertInto('training_evaluation').values({ class_id: classId, member_id: memberId, ratings: JSON.stringify(input.ratings), comment: input.comment || null, submitted_at: ctx.now }).onConflict((oc) => oc.doNothing()).returning('member_id').executeTakeFirst();
    if (!inserted) throw conflict('您已提交过本班的教学评估，每名学员只能评估一次');
    // The audit keeps that an evaluation was given, not its content: the evaluation is anonymous to the organiser.
    await audit(trx, ctx, { action: 'training_class.evaluate', entityType: 'training_class', entityId: classId });
  });
  return myTraining(deps, ctx);
}

/** The caller's own classes (as a trainee): sessions with their attendance, evaluation, outcome, certificate. */
export async function myTraining(deps: AppDeps, ctx: RequestContext) {
  const memberId = selfMemberId(ctx.actor);
  const rows = await repo.classes(deps.db).innerJoin('training_trainee as t', 't.class_id', 'c.id').select(['t.completed', 't.outcome_reason', 't.certificate_no']).where('t.member_id', '=', memberId).where('c.status', '<>', 'cancelled').orderBy('c.starts_on', 'desc').execute();
  const ids = rows.map((r) => r.id);
  const [sessions, mine, evaluated] = ids.length
    ? await Promise.all([
        deps.db.selectFrom('training_session').selectAll().where('class_id', 'in', ids).orderBy('starts_at').execute(),
        deps.db.selectFrom('training_attendance as a').innerJoin('training_session as s', 's.id', 'a.session_id').select(['a.session_id', 'a.status']).where('a.member_id', '=', memberId).where('s.class_id', 'in', ids).execute(),
        deps.db.selectFrom('training_evaluation').select('class_id').where('member_id', '=', memberId).where('class_id', 'in', ids).execute(),
      ])
    : [[], [], []];
  const status = new Map(mine.map((a) => [a.session_id, a.status]));
  // TR-8: the trainee's own results in the classes' entry tests and final exams.
  const results = new Map<number, Awaited<ReturnType<typeof repo.examResults>>>();
  for (const examId of rows.flatMap((r) => [r.entry_exam_id, r.final_exam_id]).filter((x): x is number => !!x)) results.set(examId, await repo.examResults(deps.db, examId, [memberId]));
  const recorded = new Set((ids.length ? await deps.db.selectFrom('training_attendance as a').innerJoin('training_session as s', 's.id', 'a.session_id').select('a.session_id').distinct().where('s.class_id', 'in', ids).execute() : []).map((r) => r.session_id));
  return {
    items: rows.map((r) => {
      const list = sessions.filter((s) => s.class_id === r.id);
      const held = list.filter((s) => recorded.has(s.id)).length;
      const present = list.filter((s) => status.get(s.id) === 'present').length;
      const done = evaluated.some((e) => e.class_id === r.id);
      return {
        ...classToDto(r),
        sessions: list.length,
        sessionList: list.map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at, endsAt: s.ends_at, heldOn: s.held_on, lecturerName: s.lecturer_name, lecturerKind: s.lecturer_kind, lecturerMemberId: s.lecturer_member_id, hours: Number(s.hours), mine: status.get(s.id) ?? null })),
        attendanceRate: held ? Math.round((present / held) * 100) : 0,
        evaluated: done,
        canEvaluate: !done && r.status === 'in_session',
        completed: r.completed,
        outcomeReason: r.outcome_reason,
        certificateNo: r.certificate_no,
        entry: r.entry_exam_id ? examLine(results.get(r.entry_exam_id)!, memberId) : null,
        final: r.final_exam_id ? examLine(results.get(r.final_exam_id)!, memberId) : null,
      };
    }),
  };
}
