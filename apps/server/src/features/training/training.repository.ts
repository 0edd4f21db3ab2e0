import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { countedAttempt, type CountingRule, type TraineeExamResult } from '@xianfeng/shared';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

type Db = Kysely<DB>;
const num = (v: string | number | null) => (v === null ? 0 : Number(v));

/** Classes with their organiser, counts of trainees and sessions and the 学时 of their sessions. */
export function classes(db: Db) {
  return db
    .selectFrom('training_class as c')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .leftJoin('exam as ee', 'ee.id', 'c.entry_exam_id')
    .leftJoin('exam as fe', 'fe.id', 'c.final_exam_id')
    .select([
      'c.id', 'c.org_id', 'c.year', 'c.title', 'c.plan_line', 'c.plan', 'c.starts_on', 'c.ends_on', 'c.place', 'c.min_attendance',
      'c.evaluation_items', 'c.status', 'c.finished_on', 'o.name as org_name', 'o.path as org_path',
      'c.entry_exam_id', 'ee.title as entry_title', 'ee.status as entry_status', 'ee.pass_mark as entry_pass_mark', 'ee.opens_at as entry_opens_at', 'ee.closes_at as entry_closes_at', 'ee.time_limit_minutes as entry_minutes', 'ee.focus_strikes as entry_strikes',
      'c.final_exam_id', 'fe.title as final_title', 'fe.status as final_status', 'fe.pass_mark as final_pass_mark', 'fe.opens_at as final_opens_at', 'fe.closes_at as final_closes_at', 'fe.time_limit_minutes as final_minutes', 'fe.focus_strikes as final_strikes',
      (eb) => eb.selectFrom('training_trainee as t').select(sql<number>`count(*)::int`.as('n')).whereRef('t.class_id', '=', 'c.id').as('trainees'),
      (eb) => eb.selectFrom('training_session as s').select(sql<number>`count(*)::int`.as('n')).whereRef('s.class_id', '=', 'c.id').as('sessions'),
      (eb) => eb.selectFrom('training_session as s').select(sql<string>`coalesce(sum(s.hours), 0)`.as('h')).whereRef('s.class_id', '=', 'c.id').as('hours'),
    ]);
}
export type ClassRow = NonNullable<Awaited<ReturnType<ReturnType<typeof classes>['executeTakeFirst']>>>;

export function classesInScope(db: Db, scope: Scope) {
  return classes(db).where((eb) => orgPathInScope(scope, eb.ref('o.path')));
}

/** The class row alone, locked: `update` for a transition, `share` for a write under the class. */
export function lockClass(db: Db, id: number, lock: 'update' | 'share') {
  const q = db
    .selectFrom('training_class as c')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.status', 'c.year', 'c.org_id', 'c.starts_on', 'c.ends_on', 'c.min_attendance', 'c.evaluation_items', 'c.entry_exam_id', 'c.final_exam_id', 'o.path as org_path'])
    .where('c.id', '=', id);
  return (lock === 'update' ? q.forUpdate('c') : q.forShare('c')).executeTakeFirst();
}
export type LockedClass = NonNullable<Awaited<ReturnType<typeof lockClass>>>;

export async function sessionsOf(db: Db, classId: number) {
  const rows = await db
    .selectFrom('training_session as s')
    .select([
      's.id', 's.title', 's.starts_at', 's.ends_at', 's.held_on', 's.lecturer_name', 's.lecturer_kind', 's.lecturer_member_id', 's.hours',
      (eb) => eb.selectFrom('training_attendance as a').select(sql<number>`count(*) filter (where a.status = 'present')::int`.as('n')).whereRef('a.session_id', '=', 's.id').as('present'),
      (eb) => eb.selectFrom('training_attendance as a').select(sql<number>`count(*)::int`.as('n')).whereRef('a.session_id', '=', 's.id').as('recorded'),
    ])
    .where('s.class_id', '=', classId)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ ...r, hours: num(r.hours), present: num(r.present), recorded: num(r.recorded) > 0 }));
}

export function traineesOf(db: Db, classId: number) {
  return db
    .selectFrom('training_trainee as t')
    .innerJoin('member as m', 'm.id', 't.member_id')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .select(['t.member_id', 'm.name', 'o.name as org_name', 't.completed', 't.outcome_reason', 't.certificate_no',
      (eb) => eb.exists(eb.selectFrom('training_evaluation as e').select('e.member_id').whereRef('e.class_id', '=', 't.class_id').whereRef('e.member_id', '=', 't.member_id')).as('evaluated')])
    .where('t.class_id', '=', classId)
    .orderBy('m.name')
    .orderBy('t.member_id')
    .execute();
}

/** Every attendance row of a class: session × member → status. */
export function attendanceOf(db: Db, classId: number) {
  return db
    .selectFrom('training_attendance as a')
    .innerJoin('training_session as s', 's.id', 'a.session_id')
    .select(['a.session_id', 'a.member_id', 'a.status'])
    .where('s.class_id', '=', classId)
    .execute();
}

export function evaluationsOf(db: Db, classId: number) {
  return db.selectFrom('training_evaluation').select(['ratings', 'comment']).where('class_id', '=', classId).orderBy('submitted_at').execute();
}

export async function guardedClassUpdate(trx: Db, id: number, expected: string, set: Record<string, unknown>) {
  return trx.updateTable('training_class').set(set as never).where('id', '=', id).where('status', '=', expected as never).returning('id').executeTakeFirst();
}

/**
 * TR-8: each trainee's result in a class's entry test or final exam — taken (a submitted attempt),
 * the counted attempt's score by the exam's rule (EX-7: best or last, unmarked attempts not yet
 * counting), passed against the pass mark, pending (a submitted attempt still 待阅卷) and whether an
 * attempt is still open.
 */
export async function examResults(db: Db, examId: number, memberIds?: number[]) {
  const exam = await db.selectFrom('exam').select(['counting', 'pass_mark']).where('id', '=', examId).executeTakeFirstOrThrow();
  let q = db.selectFrom('exam_attempt').select(['member_id', 'attempt_no', 'status', 'score', 'pending_marking']).where('exam_id', '=', examId);
  if (memberIds) q = memberIds.length ? q.where('member_id', 'in', memberIds) : q.where(sql<boolean>`false`);
  const rows = await q.execute();
  const by = new Map<number, typeof rows>();
  for (const r of rows) by.set(r.member_id, [...(by.get(r.member_id) ?? []), r]);
  const out = new Map<number, TraineeExamResult & { pending: boolean; open: boolean }>();
  for (const [memberId, list] of by) {
    const submitted = list.filter((a) => a.status === 'submitted');
    const counted = countedAttempt(submitted.map((a) => ({ attemptNo: a.attempt_no, score: a.pending_marking || a.score === null ? null : Number(a.score) })), exam.counting as CountingRule);
    out.set(memberId, {
      taken: submitted.length > 0,
      score: counted?.score ?? null,
      passed: !!counted && counted.score! >= exam.pass_mark,
      pending: submitted.some((a) => a.pending_marking),
      open: list.some((a) => a.status === 'in_progress'),
    });
  }
  return out;
}
export const NO_RESULT = { taken: false, score: null, passed: false, pending: false, open: false } as const;
