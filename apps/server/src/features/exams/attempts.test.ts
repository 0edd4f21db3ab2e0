import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 答卷 (attempts): a member starts, answers, submits; objective questions scored, a short answer
// waits; the key shown only when the review policy allows; the attempt limit, the deadline with
// its grace, focus-loss strikes, and the finalisation of an attempt left open past its deadline.

let env: TestEnv;
let unitadmin: TestClient;
let badmin: TestClient;
let memberA1: TestClient;
let secA1: TestClient;
let fixedPaper: number;
let shortPaper: number;
let q: number[];

const examBody = (paperId: number, extra: object = {}) => ({
  orgId: env.fx.a.id,
  paperId,
  title: '答题测试',
  opensAt: '2026-11-23T09:00:00+08:00',
  closesAt: '2026-11-30T18:00:00+08:00',
  timeLimitMinutes: 30,
  attemptsAllowed: 2,
  passMark: 10,
  reviewPolicy: 'after_submit',
  ...extra,
});

async function publishedExam(paperId: number, extra: object = {}) {
  const { id } = (await unitadmin.post('/api/exams', examBody(paperId, extra))).json();
  expect((await unitadmin.post(`/api/exams/${id}/publish`)).statusCode).toBe(200);
  return id as number;
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  unitadmin = await env.login('unitadmin');
  badmin = await env.login('badmin');
  memberA1 = await env.login('member_a1');
  secA1 = await env.login('sec_a1');
  const add = async (body: object) => (await unitadmin.post('/api/exam-questions', { orgId: env.fx.a.id, tags: [], difficulty: 'easy', options: [], ...body })).json().id as number;
  q = [
    await add({ type: 'single', stem: '单选', options: ['甲', '乙', '丙'], answer: ['B'] }),
    await add({ type: 'judge', stem: '判断', answer: ['true'] }),
    await add({ type: 'multiple', stem: '多选', options: ['甲', '乙', '丙'], answer: ['A', 'C'] }),
    await add({ type: 'short', stem: '简答', answer: ['参考答案'] }),
  ];
  fixedPaper = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '客观卷', kind: 'fixed', questions: [{ questionId: q[0], score: 5 }, { questionId: q[1], score: 5 }, { questionId: q[2], score: 10 }] })).json().id;
  shortPaper = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '含简答卷', kind: 'fixed', questions: [{ questionId: q[1], score: 5 }, { questionId: q[3], score: 10 }] })).json().id;
});
afterAll(() => env.close());

describe('答卷 (attempts)', () => {
  it('start, save, submit: scored by the key; no key while answering; shown after submit when the policy says so; audited', async () => {
    const exam = await publishedExam(fixedPaper, { attemptsAllowed: 1 });
    const start = await memberA1.post(`/api/exams/${exam}/attempts`);
    expect(start.statusCode, start.body).toBe(201);
    const a = start.json();
    expect(a).toMatchObject({ status: 'in_progress', attemptNo: 1, totalScore: 20, score: null, reviewAllowed: false });
    expect(a.deadlineAt).toBe('2026-11-23T02:30:00.000Z');
    expect(a.questions.map((x: { stem: string }) => x.stem)).toEqual(['单选', '判断', '多选']);
    expect(a.questions.every((x: { answer: unknown }) => x.answer === null)).toBe(true);
    expect(start.body).not.toContain('"B"');
    const saved = await memberA1.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 1, given: ['B'] }, { position: 2, given: ['false'] }, { position: 3, given: ['A', 'C'] }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().questions.map((x: { given: string[] }) => x.given)).toEqual([['B'], ['false'], ['A', 'C']]);
    expect(saved.json().questions[0].answer).toBeNull();
    const done = await memberA1.post(`/api/attempts/${a.id}/submit`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'submitted', score: 15, passed: true, reviewAllowed: true, timedOut: false });
    expect(done.json().questions.map((x: { awarded: number }) => x.awarded)).toEqual([5, 0, 10]);
    expect(done.json().questions[1].answer).toEqual(['true']);
    const again = await memberA1.post(`/api/attempts/${a.id}/submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该答卷已交卷，不能再次提交');
    expect((await memberA1.put(`/api/attempts/${a.id}/answers`, { answers: [] })).json().message).toBe('该答卷已交卷，不能再修改答案');
    const actions = await env.deps.db.selectFrom('audit_log').where('entity_type', '=', 'exam_attempt').where('entity_id', '=', String(a.id)).select('action').orderBy('id').execute();
    expect(actions.map((x) => x.action)).toEqual(['exam_attempt.start', 'exam_attempt.save', 'exam_attempt.submit']);
  });

  it('交卷后可查看答案 with retakes left: no key nor points per question until the last attempt is handed in (EX-24)', async () => {
    const exam = await publishedExam(fixedPaper, { attemptsAllowed: 2, title: '可重考' });
    const first = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    await memberA1.put(`/api/attempts/${first.id}/answers`, { answers: [{ position: 1, given: ['A'] }, { position: 2, given: ['true'] }] });
    const done = (await memberA1.post(`/api/attempts/${first.id}/submit`)).json();
    expect(done).toMatchObject({ status: 'submitted', score: 5, reviewAllowed: false, attemptsLeft: 1 });
    expect(done.questions.every((x: { answer: unknown; awarded: unknown }) => x.answer === null && x.awarded === null)).toBe(true);
    // The organiser sees it all the while.
    expect((await unitadmin.get(`/api/attempts/${first.id}`)).json().questions[0].answer).toEqual(['B']);
    // Writing the second: still nothing on the first.
    const second = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    expect((await memberA1.get(`/api/attempts/${first.id}`)).json()).toMatchObject({ reviewAllowed: false, attemptsLeft: 0 });
    // Both handed in: both show the key.
    const last = (await memberA1.post(`/api/attempts/${second.id}/submit`)).json();
    expect(last).toMatchObject({ reviewAllowed: true, attemptsLeft: 0 });
    const again = (await memberA1.get(`/api/attempts/${first.id}`)).json();
    expect(again.reviewAllowed).toBe(true);
    expect(again.questions.map((x: { awarded: number }) => x.awarded)).toEqual([0, 5, 0]);
  });

  it('交卷后可查看答案 with a retake not taken: the key shows once the exam is closed', async () => {
    const exam = await publishedExam(fixedPaper, { attemptsAllowed: 3, title: '不再重考' });
    const a = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    expect((await memberA1.post(`/api/attempts/${a.id}/submit`)).json()).toMatchObject({ reviewAllowed: false, attemptsLeft: 2 });
    expect((await unitadmin.post(`/api/exams/${exam}/close`)).statusCode).toBe(200);
    const after = (await memberA1.get(`/api/attempts/${a.id}`)).json();
    expect(after).toMatchObject({ reviewAllowed: true, attemptsLeft: 0 });
    expect(after.questions[1].answer).toEqual(['true']);
  });

  it('the attempt limit: one open at a time, N in all', async () => {
    const exam = await publishedExam(fixedPaper, { attemptsAllowed: 2, title: '次数' });
    const first = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    const open = await memberA1.post(`/api/exams/${exam}/attempts`);
    expect(open.statusCode).toBe(409);
    expect(open.json().message).toBe('你有一次作答尚未交卷，请继续作答');
    await memberA1.post(`/api/attempts/${first.id}/submit`);
    const second = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    expect(second.attemptNo).toBe(2);
    await memberA1.post(`/api/attempts/${second.id}/submit`);
    const third = await memberA1.post(`/api/exams/${exam}/attempts`);
    expect(third.statusCode).toBe(409);
    expect(third.json().message).toBe('本次考试每人最多作答2次，你已用完');
  });

  it('the deadline: saves within 10 s of it are kept, later ones refused; the next read submits it, flagged as timed out', async () => {
    const exam = await publishedExam(fixedPaper, { timeLimitMinutes: 1, title: '限时' });
    const a = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    await env.clock.advanceMinutes(1);
    expect((await memberA1.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 1, given: ['B'] }] })).statusCode).toBe(200);
    await env.clock.advanceMinutes(1);
    const late = await memberA1.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 2, given: ['true'] }] });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toBe('作答时间已到，答案未保存');
    const read = (await memberA1.get(`/api/attempts/${a.id}`)).json();
    expect(read).toMatchObject({ status: 'submitted', score: 5, timedOut: true });
  });

  it('a short answer waits for marking: no score yet; the key withheld until the exam closes under after_close', async () => {
    const exam = await publishedExam(shortPaper, { reviewPolicy: 'after_close', title: '含简答' });
    const a = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    await memberA1.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 1, given: ['true'] }, { position: 2, given: ['我的回答'] }] });
    const done = (await memberA1.post(`/api/attempts/${a.id}/submit`)).json();
    expect(done).toMatchObject({ status: 'submitted', score: null, passed: null, pendingMarking: true, reviewAllowed: false });
    expect(done.questions.every((x: { answer: unknown; awarded: unknown }) => x.answer === null && x.awarded === null)).toBe(true);
    // The organiser sees the key; after the exam closes, the owner does too.
    expect((await unitadmin.get(`/api/attempts/${a.id}`)).json().questions[0].answer).toEqual(['true']);
    await unitadmin.post(`/api/exams/${exam}/close`);
    expect((await memberA1.get(`/api/attempts/${a.id}`)).json().questions[1].answer).toEqual(['参考答案']);
  });

  it('focus-loss strikes: at the limit the attempt is submitted, flagged', async () => {
    const exam = await publishedExam(fixedPaper, { focusStrikes: 2, title: '切屏' });
    const a = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    expect((await memberA1.post(`/api/attempts/${a.id}/focus-loss`)).json()).toMatchObject({ strikes: 1, status: 'in_progress' });
    expect((await memberA1.post(`/api/attempts/${a.id}/focus-loss`)).json()).toMatchObject({ strikes: 2, status: 'submitted', forced: true, score: 0 });
  });

  it('option shuffle keeps the key on its option: the right option text still scores', async () => {
    const exam = await publishedExam(fixedPaper, { shuffleOptions: true, shuffleQuestions: true, title: '乱序', attemptsAllowed: 1 });
    const a = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    const single = a.questions.find((x: { stem: string }) => x.stem === '单选');
    expect([...single.options].sort()).toEqual(['丙', '乙', '甲']);
    const letter = 'ABC'[single.options.indexOf('乙')];
    await memberA1.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: single.position, given: [letter] }] });
    const done = (await memberA1.post(`/api/attempts/${a.id}/submit`)).json();
    expect(done.questions.find((x: { stem: string }) => x.stem === '单选').awarded).toBe(5);
  });

  it('permissions: only the members of the subtree start; another person\'s attempt is 404 to a member and another unit\'s organiser; a draft or closed exam refuses', async () => {
    const exam = await publishedExam(fixedPaper, { title: '权限' });
    const a = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    expect((await secA1.get(`/api/attempts/${a.id}`)).statusCode).toBe(404);
    expect((await badmin.get(`/api/attempts/${a.id}`)).statusCode).toBe(404);
    expect((await unitadmin.get(`/api/attempts/${a.id}`)).statusCode).toBe(200);
    expect((await unitadmin.post(`/api/exams/${exam}/attempts`)).statusCode).toBe(403);
    expect((await secA1.put(`/api/attempts/${a.id}/answers`, { answers: [] })).statusCode).toBe(404);
    expect((await unitadmin.post(`/api/attempts/${a.id}/submit`)).statusCode).toBe(404);
    const sysadmin = await env.login('sysadmin');
    expect((await sysadmin.post(`/api/exams/${exam}/attempts`)).statusCode).toBe(404);
    const draft = (await unitadmin.post('/api/exams', examBody(fixedPaper, { title: '草稿' }))).json().id;
    expect((await memberA1.post(`/api/exams/${draft}/attempts`)).statusCode).toBe(404);
    await unitadmin.post(`/api/exams/${exam}/close`);
    const sec = await secA1.post(`/api/exams/${exam}/attempts`);
    expect(sec.statusCode).toBe(409);
    expect(sec.json().message).toBe('考试未发布或已结束，不能开始答题');
  });
});
