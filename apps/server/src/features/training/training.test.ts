import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POINT_ITEMS } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 培训班 end to end on the fixture city (clock: Monday 2026-11-23 10:00 Beijing): unit A's admins
// set up a class with sessions, enrol members of their subtree, open it, record attendance of the
// sessions held, a trainee evaluates the course once (the organiser sees only the aggregate), 结业
// decides each trainee's outcome by the class's attendance rule and numbers the certificates, and
// the committee's 十百千万 counts follow from the records.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA1: TestClient;
let secA2: TestClient;
let member: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA1, secA2, member] = await Promise.all(['admin', 'unitadmin', 'sec_a1', 'sec_a2', 'member_a1'].map((u) => env.login(u)));
});
afterAll(() => env.close());

const items = [
  { key: 'curriculum', label: '课程设置' },
  { key: 'teaching', label: '授课质量' },
  { key: 'logistics', label: '后勤服务' },
];
const klass = (over: Record<string, unknown> = {}) => ({
  orgId: env.fx.a.id,
  title: 'A局2026年支部书记培训班',
  planLine: 'secretary_school',
  plan: '第一天：党章党规；第二天：支部工作实务',
  startsOn: '2026-11-23',
  endsOn: '2026-11-24',
  place: '市委党校',
  minAttendance: 80,
  evaluationItems: items,
  ...over,
});
const session = (over: Record<string, unknown> = {}) => ({
  title: '学习党章',
  startsAt: '2026-11-23T08:30:00+08:00',
  endsAt: '2026-11-23T09:30:00+08:00',
  lecturerName: '王教授',
  lecturerKind: 'expert',
  lecturerMemberId: null,
  hours: 2,
  ...over,
});
const audits = async (action: string) => (await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', action as never).execute()).length;

let id: number;
let first: number;
let second: number;

describe('a training class from planning to certificates', () => {
  it('the unit’s admins set it up in their subtree; bad input is refused in Chinese and stores nothing', async () => {
    expect((await secA1.post('/api/training-classes', klass())).statusCode).toBe(403); // A1's admin does not keep A's classes
    expect((await member.post('/api/training-classes', klass())).statusCode).toBe(403);
    let r = await unit.post('/api/training-classes', klass({ endsOn: '2026-11-20' }));
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('结束日期不能早于开始日期');
    r = await unit.post('/api/training-classes', klass({ endsOn: '2027-01-05' }));
    expect(r.json().message).toContain('不能跨年度');
    r = await unit.post('/api/training-classes', klass({ evaluationItems: [] }));
    expect(r.json().message).toContain('教学评估至少要有一项');
    expect((await env.deps.db.selectFrom('training_class').select('id').execute()).length).toBe(0);
    r = await unit.post('/api/training-classes', klass());
    expect(r.statusCode, r.body).toBe(201);
    id = r.json().id;
    expect(r.json()).toMatchObject({ status: 'planned', year: 2026, orgName: 'A局机关党委', trainees: 0, canManage: true });
    expect(await audits('training_class.create')).toBe(1);
  });

  it('trainees come from the organiser’s subtree; adding one twice changes nothing; it opens only with trainees', async () => {
    expect((await unit.post(`/api/training-classes/${id}/open`)).json().message).toBe('培训班还没有学员，添加学员后才能开班');
    let r = await unit.post(`/api/training-classes/${id}/trainees`, { memberIds: [env.fx.membersB1[0]] });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('不在举办组织及其下级组织中');
    const trainees = [...env.fx.membersA1.slice(0, 3), env.fx.membersA2[1]];
    r = await unit.post(`/api/training-classes/${id}/trainees`, { memberIds: trainees });
    expect(r.json().added).toBe(4);
    r = await unit.post(`/api/training-classes/${id}/trainees`, { memberIds: trainees.slice(0, 2) });
    expect(r.json()).toMatchObject({ added: 0, class: { trainees: 4 } });
  });

  it('sessions lie within the class’s dates; a secretary’s lecture names the secretary', async () => {
    let r = await unit.post(`/api/training-classes/${id}/sessions`, session({ startsAt: '2026-11-25T08:30:00+08:00', endsAt: '2026-11-25T10:00:00+08:00' }));
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('课程日期2026-11-25不在培训班起止日期（2026-11-23至2026-11-24）之内');
    r = await unit.post(`/api/training-classes/${id}/sessions`, session({ lecturerKind: 'secretary', lecturerName: '赵一' }));
    expect(r.json().message).toContain('书记授课须选择授课的党员');
    // 07:30 on the 23rd Beijing time is the 22nd in UTC: the held day is Beijing's, inside the dates.
    r = await unit.post(`/api/training-classes/${id}/sessions`, session({ startsAt: '2026-11-23T07:30:00+08:00' }));
    expect(r.statusCode, r.body).toBe(200);
    r = await unit.post(`/api/training-classes/${id}/sessions`, session({ title: '支部工作实务', startsAt: '2026-11-24T14:00:00+08:00', endsAt: '2026-11-24T17:00:00+08:00', lecturerName: '赵一', lecturerKind: 'secretary', lecturerMemberId: env.fx.membersA1[0], hours: 3 }));
    expect(r.statusCode, r.body).toBe(200);
    [first, second] = r.json().sessionList.map((s: { id: number }) => s.id);
    expect(r.json()).toMatchObject({ sessions: 2, hours: 5 });
    expect(r.json().sessionList.map((s: { heldOn: string }) => s.heldOn)).toEqual(['2026-11-23', '2026-11-24']);
    expect(r.json().sessionList[1]).toMatchObject({ lecturerKind: 'secretary', recorded: false });
  });

  it('opens; attendance only for trainees of a session already begun', async () => {
    expect((await unit.put(`/api/training-sessions/${first}/attendance`, { entries: [{ memberId: env.fx.membersA1[0], status: 'present' }] })).json().message).toContain('不能登记考勤');
    expect((await unit.post(`/api/training-classes/${id}/open`)).json().status).toBe('in_session');
    let r = await unit.put(`/api/training-sessions/${second}/attendance`, { entries: [{ memberId: env.fx.membersA1[0], status: 'present' }] });
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toBe('课程“支部工作实务”尚未开始，开始后才能登记考勤');
    r = await unit.put(`/api/training-sessions/${first}/attendance`, { entries: [{ memberId: env.fx.membersB1[0], status: 'present' }] });
    expect(r.json().message).toBe('有1人不是本班学员，不能登记考勤');
    const [a, b, c] = env.fx.membersA1;
    r = await unit.put(`/api/training-sessions/${first}/attendance`, {
      entries: [
        { memberId: a, status: 'present' },
        { memberId: b, status: 'present' },
        { memberId: c, status: 'leave' },
        { memberId: env.fx.membersA2[1], status: 'absent' },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    const t = r.json().traineeList.find((x: { memberId: number }) => x.memberId === b);
    expect(t).toMatchObject({ present: 1, held: 1, attendanceRate: 100 });
  });

  it('a trainee evaluates the course once; the organiser sees the averages and unsigned comments', async () => {
    const mine = (await member.get('/api/my/training')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id, canEvaluate: true, evaluated: false, attendanceRate: 100 });
    expect(mine[0].sessionList.map((s: { mine: string | null }) => s.mine)).toEqual(['present', null]);
    let r = await member.post(`/api/training-classes/${id}/evaluation`, { ratings: { curriculum: 5, teaching: 4 }, comment: null });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('请为“后勤服务”评分');
    r = await member.post(`/api/training-classes/${id}/evaluation`, { ratings: { curriculum: 5, teaching: 4, logistics: 6 }, comment: null });
    expect(r.statusCode).toBe(400);
    r = await member.post(`/api/training-classes/${id}/evaluation`, { ratings: { curriculum: 5, teaching: 4, logistics: 3 }, comment: '希望增加案例教学' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items[0]).toMatchObject({ evaluated: true, canEvaluate: false });
    r = await member.post(`/api/training-classes/${id}/evaluation`, { ratings: { curriculum: 1, teaching: 1, logistics: 1 }, comment: null });
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toBe('您已提交过本班的教学评估，每名学员只能评估一次');
    // Not a trainee: the class is not there for them.
    expect((await secA2.post(`/api/training-classes/${id}/evaluation`, { ratings: { curriculum: 5, teaching: 5, logistics: 5 }, comment: null })).statusCode).toBe(404);
    const d = (await unit.get(`/api/training-classes/${id}`)).json();
    expect(d.evaluation).toEqual({
      answered: 1,
      items: [
        { key: 'curriculum', label: '课程设置', answers: 1, average: 5 },
        { key: 'teaching', label: '授课质量', answers: 1, average: 4 },
        { key: 'logistics', label: '后勤服务', answers: 1, average: 3 },
      ],
      comments: ['希望增加案例教学'],
    });
    // The audit records that an evaluation was given, never its ratings.
    const log = await env.deps.db.selectFrom('audit_log').select(['after']).where('action', '=', 'training_class.evaluate' as never).execute();
    expect(log).toHaveLength(1);
    expect(JSON.stringify(log[0].after ?? null)).not.toContain('案例教学');
  });

  it('结业 decides each trainee by the attendance rule and numbers the certificates; then nothing changes', async () => {
    env.clock.advanceMinutes(60 * 29); // Tuesday 15:00: the second session has begun
    [admin, unit, member] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('member_a1')]);
    const [a, b, c] = env.fx.membersA1;
    await unit.put(`/api/training-sessions/${second}/attendance`, {
      entries: [
        { memberId: a, status: 'present' },
        { memberId: b, status: 'present' },
        { memberId: c, status: 'present' },
        { memberId: env.fx.membersA2[1], status: 'absent' },
      ],
    });
    const r = await unit.post(`/api/training-classes/${id}/finish`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'finished', finishedOn: '2026-11-24' });
    const by = Object.fromEntries(r.json().traineeList.map((t: { memberId: number }) => [t.memberId, t]));
    expect(by[a]).toMatchObject({ completed: true, certificateNo: `2026-培${id}-001`, outcomeReason: '出勤2/2次（100%）' });
    expect(by[b]).toMatchObject({ completed: true, certificateNo: `2026-培${id}-002` });
    expect(by[c]).toMatchObject({ completed: false, certificateNo: null, outcomeReason: '出勤率50%，低于结业要求80%' }); // 请假 is not presence
    expect(by[env.fx.membersA2[1]]).toMatchObject({ completed: false, outcomeReason: '出勤率0%，低于结业要求80%' });
    for (const res of [
      await unit.post(`/api/training-classes/${id}/trainees`, { memberIds: [env.fx.membersA1[4]] }),
      await unit.put(`/api/training-sessions/${first}/attendance`, { entries: [{ memberId: c, status: 'present' }] }),
      await unit.post(`/api/training-classes/${id}/finish`),
      await unit.put(`/api/training-classes/${id}`, klass()),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/^该培训班当前为“已结业”，不能/);
    }
    expect(await audits('training_class.finish')).toBe(1);
  });

  it('the certificate: to the trainee themselves and to the class’s readers, never to another member', async () => {
    const b = env.fx.membersA1[1];
    const cert = await member.get(`/api/training-classes/${id}/certificates/${b}`);
    expect(cert.statusCode, cert.body).toBe(200);
    expect(cert.json()).toMatchObject({ certificateNo: `2026-培${id}-002`, memberName: '钱二', classTitle: 'A局2026年支部书记培训班', hours: 5, finishedOn: '2026-11-24' });
    expect((await member.get(`/api/training-classes/${id}/certificates/${env.fx.membersA1[0]}`)).statusCode).toBe(403);
    expect((await unit.get(`/api/training-classes/${id}/certificates/${env.fx.membersA1[0]}`)).json().memberName).toBe('赵一');
    expect((await unit.get(`/api/training-classes/${id}/certificates/${env.fx.membersA1[2]}`)).statusCode).toBe(404); // did not complete
    expect((await member.get('/api/my/training')).json().items[0]).toMatchObject({ completed: true, certificateNo: `2026-培${id}-002`, canEvaluate: false });
  });

  it('the courses attended count as 学时 and completing the class earns its points, each naming the class', async () => {
    const b = env.fx.membersA1[1];
    const hours = (await unit.get(`/api/study-hours/members/${b}?year=2026`)).json();
    const training = hours.lines.filter((l: { source: string }) => l.source === 'training');
    expect(training.map((l: { day: string; hours: number; title: string }) => [l.day, l.hours, l.title])).toEqual([
      ['2026-11-23', 2, 'A局2026年支部书记培训班：学习党章'],
      ['2026-11-24', 3, 'A局2026年支部书记培训班：支部工作实务'],
    ]);
    // 孙三 was on leave for the first course: only the second counts.
    const c = (await unit.get(`/api/study-hours/members/${env.fx.membersA1[2]}?year=2026`)).json();
    expect(c.lines.filter((l: { source: string }) => l.source === 'training').map((l: { hours: number }) => l.hours)).toEqual([3]);
    const rs = await admin.post('/api/point-rule-sets', { year: 2026, effectiveFrom: '2026-01-01', basePoints: 60, floor: 0, items: DEFAULT_POINT_ITEMS, note: '' });
    expect((await admin.post(`/api/point-rule-sets/${rs.json().id}/publish`)).statusCode).toBe(200);
    const ledger = (await member.get(`/api/points?memberId=${b}&year=2026`)).json();
    expect(ledger.lines.find((l: { kind: string }) => l.kind === 'training_completed')).toMatchObject({ day: '2026-11-24', points: 2, source: { type: 'training_class', id, title: 'A局2026年支部书记培训班', link: `/training/${id}` } });
    // Not completed: no points line.
    const cl = (await unit.get(`/api/points?memberId=${env.fx.membersA1[2]}&year=2026`)).json();
    expect(cl.lines.some((l: { kind: string }) => l.kind === 'training_completed')).toBe(false);
  });

  it('十百千万: the year’s counts from the records, against the city’s targets at the root', async () => {
    let r = await admin.get('/api/training-plan/2026');
    expect(r.statusCode, r.body).toBe(200);
    const line = (x: { lines: { line: string }[] }, l: string) => x.lines.find((y) => y.line === l);
    expect(line(r.json(), 'expert_lecture')).toMatchObject({ count: 1, target: 10, rate: 10 });
    expect(line(r.json(), 'secretary_lecture')).toMatchObject({ count: 1, target: 100 });
    expect(line(r.json(), 'secretary_school')).toMatchObject({ count: 2, target: 1000 });
    expect(line(r.json(), 'member_study')).toMatchObject({ count: 0 });
    expect(r.json()).toMatchObject({ classes: 1, finished: 1, canConfigure: true });
    // A unit sees its subtree's counts without the city's targets; B's subtree has none.
    r = await unit.get('/api/training-plan/2026');
    expect(r.json()).toMatchObject({ orgName: 'A局机关党委', canConfigure: false });
    expect(line(r.json(), 'secretary_school')).toMatchObject({ count: 2, target: null, rate: null });
    expect(line((await admin.get(`/api/training-plan/2026?orgId=${env.fx.b.id}`)).json(), 'secretary_school')).toMatchObject({ count: 0 });
    expect((await unit.get(`/api/training-plan/2026?orgId=${env.fx.b.id}`)).statusCode).toBe(404);
    // Targets: the committee's.
    const targets = { expert_lecture: 12, secretary_lecture: 120, secretary_school: 800, member_study: 9000 };
    expect((await unit.put('/api/training-plan/2026', { targets })).statusCode).toBe(403);
    r = await admin.put('/api/training-plan/2026', { targets });
    expect(r.statusCode, r.body).toBe(200);
    expect(line(r.json(), 'secretary_school')).toMatchObject({ target: 800, count: 2, rate: 0 });
    expect(await audits('training_plan.targets')).toBe(1);
  });

  it('a cancelled class leaves the member’s list and the counts', async () => {
    const r = await unit.post('/api/training-classes', klass({ title: '取消的班', planLine: 'member_study', startsOn: '2026-11-30', endsOn: '2026-11-30' }));
    const other = r.json().id;
    await unit.post(`/api/training-classes/${other}/trainees`, { memberIds: [env.fx.membersA1[1]] });
    expect((await member.get('/api/my/training')).json().items).toHaveLength(2);
    expect((await unit.post(`/api/training-classes/${other}/cancel`)).json().status).toBe('cancelled');
    expect((await member.get('/api/my/training')).json().items).toHaveLength(1);
    expect((await admin.get('/api/training-plan/2026')).json().classes).toBe(1);
  });
});
