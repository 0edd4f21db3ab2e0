import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POINT_ITEMS } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 入学必测、结业必考 (seed 000; TR-8) on the fixture city (clock: Monday 2026-11-23 10:00 Beijing):
// unit A's class names an entry test and a final exam of its own; only its trainees may take them;
// 结业 waits for open attempts and requires the entry test taken and the final exam passed, and
// names every shortfall.

let env: TestEnv;
let unit: TestClient;
let badmin: TestClient;
let member: TestClient; // 钱二, membersA1[1]
let secA1: TestClient; // 赵一, membersA1[0]
let secA2: TestClient; // membersA2[0], not a trainee
let paper: number;
let entryExam: number;
let finalExam: number;
let plainExam: number;
let classId: number;

const examBody = (purpose: string, extra: object = {}) => ({
  orgId: env.fx.a.id,
  paperId: paper,
  title: purpose === 'training_entry' ? '支部书记班入学测试' : purpose === 'training_final' ? '支部书记班结业考试' : '普通考试',
  purpose,
  opensAt: '2026-11-23T09:00:00+08:00',
  closesAt: '2026-11-30T18:00:00+08:00',
  timeLimitMinutes: 30,
  attemptsAllowed: 1,
  passMark: 12,
  reviewPolicy: 'after_submit',
  ...extra,
});
const klass = (over: Record<string, unknown> = {}) => ({
  orgId: env.fx.a.id,
  title: 'A局支部书记培训班',
  planLine: 'secretary_school',
  plan: '',
  startsOn: '2026-11-23',
  endsOn: '2026-11-24',
  place: null,
  minAttendance: 80,
  evaluationItems: [{ key: 'overall', label: '总体满意度' }],
  ...over,
});
async function exam(client: TestClient, purpose: string, extra: object = {}) {
  const r = await client.post('/api/exams', examBody(purpose, extra));
  expect(r.statusCode, r.body).toBe(201);
  expect((await client.post(`/api/exams/${r.json().id}/publish`)).statusCode).toBe(200);
  return r.json().id as number;
}
/** Takes an exam: single choice right or wrong, then submits; returns the submitted attempt. */
async function take(client: TestClient, examId: number, right: boolean) {
  const a = await client.post(`/api/exams/${examId}/attempts`);
  expect(a.statusCode, a.body).toBe(201);
  const { id } = a.json();
  await client.put(`/api/attempts/${id}/answers`, { answers: [{ position: 1, given: [right ? 'B' : 'A'] }, { position: 2, given: [right ? 'true' : 'false'] }] });
  return (await client.post(`/api/attempts/${id}/submit`)).json();
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  [unit, badmin, member, secA1, secA2] = await Promise.all(['unitadmin', 'badmin', 'member_a1', 'sec_a1', 'sec_a2'].map((u) => env.login(u)));
  await env.addAccount('a2member', [[env.fx.a2.id, 'member']], env.fx.membersA2[0]);
  secA2 = await env.login('a2member');
  const add = async (body: object) => (await unit.post('/api/exam-questions', { orgId: env.fx.a.id, tags: [], difficulty: 'easy', options: [], ...body })).json().id as number;
  const q1 = await add({ type: 'single', stem: '党员的预备期为？', options: ['半年', '一年', '两年'], answer: ['B'] });
  const q2 = await add({ type: 'judge', stem: '党支部应当每月相对固定1天开展主题党日。', answer: ['true'] });
  paper = (await unit.post('/api/exam-papers', { orgId: env.fx.a.id, title: '培训测试卷', kind: 'fixed', questions: [{ questionId: q1, score: 10 }, { questionId: q2, score: 10 }] })).json().id;
  entryExam = await exam(unit, 'training_entry');
  finalExam = await exam(unit, 'training_final', { attemptsAllowed: 2 });
  plainExam = await exam(unit, 'exam');
});
afterAll(() => env.close());

describe('a class’s entry test and final exam (TR-8)', () => {
  it('a class names exams of its own organisation of the matching purpose, each for one class only', async () => {
    let r = await unit.post('/api/training-classes', klass({ entryExamId: finalExam }));
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('“支部书记班结业考试”不是入学测试（考试用途须为“培训入学测试”）');
    r = await unit.post('/api/training-classes', klass({ finalExamId: plainExam }));
    expect(r.json().message).toBe('“普通考试”不是结业考试（考试用途须为“培训结业考试”）');
    r = await unit.post('/api/training-classes', klass({ entryExamId: entryExam, finalExamId: entryExam }));
    expect(r.json().message).toContain('入学测试和结业考试不能是同一场考试');
    const bq = (await badmin.post('/api/exam-questions', { orgId: env.fx.b.id, type: 'judge', stem: 'B局的题', answer: ['true'], tags: [], difficulty: 'easy', options: [] })).json().id;
    const bPaper = (await badmin.post('/api/exam-papers', { orgId: env.fx.b.id, title: 'B卷', kind: 'fixed', questions: [{ questionId: bq, score: 10 }] })).json().id;
    const bExam = (await badmin.post('/api/exams', { ...examBody('training_entry', { passMark: 5 }), orgId: env.fx.b.id, paperId: bPaper })).json().id;
    expect(bExam).toBeGreaterThan(0);
    r = await unit.post('/api/training-classes', klass({ entryExamId: bExam }));
    expect(r.json().message).toBe('入学测试须是本培训班举办组织安排的考试');
    expect(await env.count('audit_log')).toBeGreaterThan(0);
    expect((await env.deps.db.selectFrom('training_class').select('id').execute()).length).toBe(0);

    r = await unit.post('/api/training-classes', klass({ entryExamId: entryExam, finalExamId: finalExam }));
    expect(r.statusCode, r.body).toBe(201);
    classId = r.json().id;
    expect(r.json()).toMatchObject({ entryExam: { id: entryExam, title: '支部书记班入学测试', status: 'published', passMark: 12 }, finalExam: { id: finalExam } });
    r = await unit.post('/api/training-classes', klass({ title: '另一个班', finalExamId: finalExam }));
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('“支部书记班结业考试”已是培训班“A局支部书记培训班”的考试，一场考试只能用于一个培训班');
    // The purpose filter the class form's picker uses.
    const picks = (await unit.get(`/api/exams?purpose=training_final&orgId=${env.fx.a.id}`)).json();
    expect(picks.items.map((e: { id: number }) => e.id)).toEqual([finalExam]);
  });

  it('only the trainees see and take the class’s exams', async () => {
    const r = await unit.post(`/api/training-classes/${classId}/trainees`, { memberIds: env.fx.membersA1.slice(0, 3) });
    expect(r.json().added).toBe(3);
    expect((await unit.post(`/api/training-classes/${classId}/open`)).json().status).toBe('in_session');
    const seen = (await secA2.get('/api/exams')).json().items.map((e: { id: number }) => e.id);
    expect(seen).toContain(plainExam); // an ordinary exam of A reaches A2's member…
    expect(seen).not.toContain(entryExam); // …the class's exams do not
    expect((await secA2.post(`/api/exams/${entryExam}/attempts`)).statusCode).toBe(404);
    expect((await member.get('/api/exams')).json().items.map((e: { id: number }) => e.id)).toEqual(expect.arrayContaining([entryExam, finalExam]));
  });

  it('the trainee’s results show on the class and on their own page', async () => {
    expect(await take(member, entryExam, false)).toMatchObject({ score: 0, passed: false }); // an entry test is only to be taken
    const session = await unit.post(`/api/training-classes/${classId}/sessions`, { title: '学习党章', startsAt: '2026-11-23T08:30:00+08:00', endsAt: '2026-11-23T09:30:00+08:00', lecturerName: '王教授', lecturerKind: 'expert', lecturerMemberId: null, hours: 2 });
    const sid = session.json().sessionList[0].id;
    const [a, b, c] = env.fx.membersA1;
    await unit.put(`/api/training-sessions/${sid}/attendance`, { entries: [{ memberId: a, status: 'present' }, { memberId: b, status: 'present' }, { memberId: c, status: 'present' }] });
    const d = (await unit.get(`/api/training-classes/${classId}`)).json();
    const line = (id: number) => d.traineeList.find((t: { memberId: number }) => t.memberId === id);
    expect(line(b)).toMatchObject({ entry: { taken: true, score: 0, passed: false, pending: false }, final: { taken: false, score: null, passed: false } });
    expect(line(a).entry).toMatchObject({ taken: false });
    const mine = (await member.get('/api/my/training')).json().items[0];
    expect(mine).toMatchObject({ entryExam: { id: entryExam }, finalExam: { id: finalExam }, entry: { taken: true }, final: { taken: false } });
  });

  it('结业 waits for an open attempt, then requires the entry test taken and the final exam passed', async () => {
    const open = (await member.post(`/api/exams/${finalExam}/attempts`)).json();
    let r = await unit.post(`/api/training-classes/${classId}/finish`);
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toBe('还有1名学员正在作答结业考试，交卷后才能结业');
    expect((await unit.get(`/api/training-classes/${classId}`)).json().status).toBe('in_session');
    await member.put(`/api/attempts/${open.id}/answers`, { answers: [{ position: 1, given: ['B'] }, { position: 2, given: ['false'] }] });
    expect((await member.post(`/api/attempts/${open.id}/submit`)).json()).toMatchObject({ score: 10, passed: false });
    expect(await take(member, finalExam, true)).toMatchObject({ score: 20, passed: true }); // the second attempt, best counts
    expect(await take(secA1, finalExam, false)).toMatchObject({ score: 0 });
    r = await unit.post(`/api/training-classes/${classId}/finish`);
    expect(r.statusCode, r.body).toBe(200);
    const [a, b, c] = env.fx.membersA1;
    const out = (id: number) => r.json().traineeList.find((t: { memberId: number }) => t.memberId === id);
    expect(out(b)).toMatchObject({ completed: true, outcomeReason: '出勤1/1次（100%），结业考试20分', final: { score: 20, passed: true } });
    expect(out(b).certificateNo).toMatch(/^2026-培\d+-001$/);
    expect(out(a)).toMatchObject({ completed: false, certificateNo: null, outcomeReason: '未参加入学测试；结业考试0分，未达到及格线' });
    expect(out(c)).toMatchObject({ completed: false, outcomeReason: '未参加入学测试；未参加结业考试' });
  });

  it('points: the final exam passed and the class completed each earn a line naming its record; an entry test or a fail earns none', async () => {
    const admin = await env.login('admin');
    const rs = (await admin.post('/api/point-rule-sets', { year: 2026, effectiveFrom: '2026-01-01', basePoints: 60, floor: 0, items: DEFAULT_POINT_ITEMS, note: '' })).json().id;
    expect((await admin.post(`/api/point-rule-sets/${rs}/publish`)).statusCode).toBe(200);
    const [a, b] = env.fx.membersA1;
    const lines = async (memberId: number) => (await member.get(`/api/points?memberId=${memberId}&year=2026`)).json().lines as { kind: string; points: number; source: { type: string; id: number; title: string } }[];
    const mine = await lines(b);
    expect(mine.filter((l) => l.kind === 'exam_passed')).toEqual([expect.objectContaining({ points: 2, source: expect.objectContaining({ type: 'exam', id: finalExam, title: '支部书记班结业考试' }) })]);
    expect(mine.filter((l) => l.kind === 'training_completed')).toEqual([expect.objectContaining({ points: 2, source: expect.objectContaining({ type: 'training_class', id: classId }) })]);
    // A branch's own exam earns nothing (the level above approves a branch's points, PT-11): A1 sets one, 钱二 passes it.
    const q = (await secA1.post('/api/exam-questions', { orgId: env.fx.a1.id, type: 'single', stem: 'A1的题（ ）', options: ['甲', '乙'], answer: ['B'], tags: [], difficulty: 'easy' })).json().id;
    const q2 = (await secA1.post('/api/exam-questions', { orgId: env.fx.a1.id, type: 'judge', stem: 'A1的判断题', answer: ['true'], tags: [], difficulty: 'easy', options: [] })).json().id;
    const ownPaper = (await secA1.post('/api/exam-papers', { orgId: env.fx.a1.id, title: 'A1卷', kind: 'fixed', questions: [{ questionId: q, score: 10 }, { questionId: q2, score: 10 }] })).json().id;
    const created = await secA1.post('/api/exams', { ...examBody('exam'), orgId: env.fx.a1.id, paperId: ownPaper, title: 'A1支部自测' });
    expect(created.statusCode, created.body).toBe(201);
    const own = created.json().id;
    expect((await secA1.post(`/api/exams/${own}/publish`)).statusCode).toBe(200);
    expect(await take(member, own, true)).toMatchObject({ score: 20, passed: true });
    expect((await lines(b)).filter((l) => l.kind === 'exam_passed').map((l) => l.source.id)).toEqual([finalExam]);
    const secs = (await secA1.get(`/api/points?memberId=${a}&year=2026`)).json().lines as { kind: string }[];
    expect(secs.filter((l) => l.kind === 'exam_passed' || l.kind === 'training_completed')).toEqual([]);
  });
});
