import { sql, type Kysely } from 'kysely';
import { DEFAULT_EVALUATION_ITEMS, addDays, certificateNo, localDate, traineeOutcome } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB>;
const at = (day: string, hm: string) => `${day}T${hm}:00+08:00`;

/** A deterministic spread (no randomness in the demo: the same city each time). */
const pick = (n: number, i: number, mod: number) => (n * 7 + i * 13) % mod;

async function addClass(trx: Db, v: { orgId: number; year: number; title: string; line: 'secretary_school' | 'member_study'; plan: string; from: string; to: string; place: string; status: 'in_session' | 'finished'; by: number | null; now: Date }) {
  return (
    await trx
      .insertInto('training_class')
      .values({ org_id: v.orgId, year: v.year, title: v.title, plan_line: v.line, plan: v.plan, starts_on: v.from, ends_on: v.to, place: v.place, min_attendance: 80, evaluation_items: JSON.stringify(DEFAULT_EVALUATION_ITEMS), status: v.status, finished_on: v.status === 'finished' ? v.to : null, created_by: v.by, created_at: v.now, updated_at: v.now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

async function addSession(trx: Db, classId: number, day: string, s: { title: string; from: string; to: string; lecturer: string; kind: 'expert' | 'secretary' | 'leader' | 'other'; memberId?: number; hours: number }, now: Date) {
  return (
    await trx
      .insertInto('training_session')
      .values({ class_id: classId, title: s.title, starts_at: at(day, s.from), ends_at: at(day, s.to), held_on: day, lecturer_name: s.lecturer, lecturer_kind: s.kind, lecturer_member_id: s.memberId ?? null, hours: s.hours, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/**
 * The demo's 培训班 (issue 12 item 5): the committee's 支部书记 class two months ago, finished with
 * certificates, attendance and the trainees' evaluations (千名支书进党校, 十名专家讲理论, 百名书记上讲堂);
 * and the demo unit's member class in session this week, with the demo member enrolled and the
 * course evaluation still open to them.
 */
export async function seedTraining(trx: Db, o: { now: Date; rootId: number; unitId: number; memberId: number | null; creatorId: number | null }) {
  const today = localDate(o.now);
  const year = Number(today.slice(0, 4));
  // 1. The committee's class: a Monday-to-Wednesday two months back, inside this year.
  let from = addDays(today, -60);
  if (from.slice(0, 4) !== String(year)) from = `${year}-01-06`;
  const days = [from, addDays(from, 1), addDays(from, 2)];
  const secretaries = await trx
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.name'])
    .where('m.party_post', '=', '党支部书记')
    .where('m.status', '=', 'normal')
    .orderBy('o.path')
    .limit(36)
    .execute();
  const c1 = await addClass(trx, { orgId: o.rootId, year, title: `${year}年度基层党支部书记培训班（第一期）`, line: 'secretary_school', plan: '第一天：学习贯彻党的创新理论专题辅导；第二天：党支部工作条例与“三会一课”实务；第三天：现场教学与结业考试。', from: days[0], to: days[2], place: '市委党校', status: 'finished', by: o.creatorId, now: o.now });
  const lecturer = secretaries[0];
  const s1 = [
    await addSession(trx, c1, days[0], { title: '深入学习贯彻党的创新理论', from: '09:00', to: '12:00', lecturer: '市委党校 周教授', kind: 'expert', hours: 3 }, o.now),
    await addSession(trx, c1, days[1], { title: '党支部工作条例解读', from: '09:00', to: '12:00', lecturer: '省委党校 吴教授', kind: 'expert', hours: 3 }, o.now),
    await addSession(trx, c1, days[1], { title: '“三会一课”实务与台账规范', from: '14:30', to: '17:00', lecturer: lecturer?.name ?? '优秀支部书记', kind: lecturer ? 'secretary' : 'other', memberId: lecturer?.id, hours: 2.5 }, o.now),
    await addSession(trx, c1, days[2], { title: '现场教学：红色教育基地', from: '09:00', to: '16:00', lecturer: '基地讲解员', kind: 'other', hours: 5 }, o.now),
  ];
  const trainees = secretaries.slice(1);
  if (trainees.length) await trx.insertInto('training_trainee').values(trainees.map((m) => ({ class_id: c1, member_id: m.id, enrolled_at: o.now }))).execute();
  const rows: { session_id: number; member_id: number; status: 'present' | 'leave' | 'absent' }[] = [];
  trainees.forEach((m, n) => s1.forEach((sid, i) => rows.push({ session_id: sid, member_id: m.id, status: pick(n, i, 17) === 0 ? 'leave' : pick(n, i, 29) === 3 ? 'absent' : 'present' })));
  if (rows.length) await trx.insertInto('training_attendance').values(rows).execute();
  let seq = 0;
  for (const [n, m] of trainees.entries()) {
    const present = rows.filter((r) => r.member_id === m.id && r.status === 'present').length;
    const out = traineeOutcome({ present, held: s1.length, minAttendance: 80 });
    await trx.updateTable('training_trainee').set({ completed: out.completed, outcome_reason: out.reason, certificate_no: out.completed ? certificateNo(year, c1, ++seq) : null }).where('class_id', '=', c1).where('member_id', '=', m.id).execute();
    if (n % 6 !== 5) {
      const r = (k: number) => 3 + ((n + k) % 3 === 0 ? 1 : 0) + ((n + k) % 5 === 0 ? 1 : 0) - ((n + k) % 11 === 0 ? 1 : 0);
      await trx
        .insertInto('training_evaluation')
        .values({ class_id: c1, member_id: m.id, ratings: JSON.stringify(Object.fromEntries(DEFAULT_EVALUATION_ITEMS.map((it, k) => [it.key, Math.min(5, Math.max(1, r(k + 1)))]))), comment: n % 4 === 0 ? ['希望多安排现场教学和案例分析', '授课内容实用，建议提前发放学习材料', '食宿安排周到，课程时间略紧', '建议增加支部书记交流研讨环节'][(n / 4) % 4] : null, submitted_at: at(days[2], '15:00') })
        .execute();
    }
  }
  // 2. The demo unit's class this week: yesterday's session recorded, today's and tomorrow's to come.
  const members = await trx
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .innerJoin('org as u', (j) => j.onRef('o.path', 'like', sql`u.path || '%'`))
    .select('m.id')
    .where('u.id', '=', o.unitId)
    .where('m.status', '=', 'normal')
    .orderBy('m.id')
    .limit(24)
    .execute();
  const ids = [...new Set([...(o.memberId ? [o.memberId] : []), ...members.map((m) => m.id)])];
  const start = addDays(today, -1);
  const c2 = await addClass(trx, { orgId: o.unitId, year: Number(start.slice(0, 4)), title: `${start.slice(0, 4)}年第四季度党员集中轮训`, line: 'member_study', plan: '集中学习党的创新理论、党章党规；专题党课；观看警示教育片；交流研讨。', from: start, to: addDays(today, 1), place: '本单位党员活动室', status: 'in_session', by: o.creatorId, now: o.now });
  const first = await addSession(trx, c2, start, { title: '党章党规专题学习', from: '14:00', to: '17:00', lecturer: '市委党校 周教授', kind: 'expert', hours: 3 }, o.now);
  await addSession(trx, c2, today, { title: '专题党课：践行宗旨 为民服务', from: '19:00', to: '21:00', lecturer: lecturer?.name ?? '党委书记', kind: lecturer ? 'secretary' : 'other', memberId: lecturer?.id, hours: 2 }, o.now);
  await addSession(trx, c2, addDays(today, 1), { title: '警示教育与交流研讨', from: '09:00', to: '11:30', lecturer: '单位纪委书记', kind: 'leader', hours: 2.5 }, o.now);
  if (ids.length) {
    await trx.insertInto('training_trainee').values(ids.map((member_id) => ({ class_id: c2, member_id, enrolled_at: o.now }))).execute();
    await trx.insertInto('training_attendance').values(ids.map((member_id, n) => ({ session_id: first, member_id, status: n % 9 === 8 ? 'leave' : 'present' }))).execute();
  }
}

/**
 * 入学必测、结业必考 for the demo unit's class in session (TR-8), run after the demo's question bank
 * (seedExams): an entry test and a final exam of the unit on the committee's fixed paper, both open
 * now, so the demo member (a trainee) can take them on the phone and 结业 then asks for both.
 */
export async function seedTrainingExams(trx: Db, o: { now: Date; unitId: number; creatorId: number | null }) {
  const klass = await trx.selectFrom('training_class').select(['id', 'ends_on']).where('org_id', '=', o.unitId).where('status', '=', 'in_session').orderBy('id', 'desc').executeTakeFirst();
  const paper = await trx.selectFrom('exam_paper').select('id').where('kind', '=', 'fixed').where('archived_at', 'is', null).orderBy('id').executeTakeFirst();
  if (!klass || !paper) return;
  const closes = new Date(`${addDays(klass.ends_on, 1)}T18:00:00+08:00`);
  const exam = (title: string, purpose: 'training_entry' | 'training_final', attempts: number) =>
    trx
      .insertInto('exam')
      .values({ org_id: o.unitId, paper_id: paper.id, title, purpose, status: 'published', opens_at: addMinutes(o.now, -60), closes_at: closes, time_limit_minutes: 20, attempts_allowed: attempts, counting: 'best', pass_mark: 60, shuffle_questions: true, shuffle_options: true, focus_strikes: 3, review_policy: 'after_submit', created_by: o.creatorId, created_at: o.now, updated_at: o.now })
      .returning('id')
      .executeTakeFirstOrThrow();
  const entry = await exam('党员集中轮训入学测试', 'training_entry', 1);
  const final = await exam('党员集中轮训结业考试', 'training_final', 2);
  await trx.updateTable('training_class').set({ entry_exam_id: entry.id, final_exam_id: final.id }).where('id', '=', klass.id).execute();
}

const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
