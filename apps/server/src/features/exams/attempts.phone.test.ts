import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// What the member's phone pages read (EX-21, EX-22): their own attempts on the exam list with the
// counted score, the server's clock and the strike limit on the attempt, and a focus loss after the
// deadline that ends the attempt as timed out instead of counting a strike.

let env: TestEnv;
let unitadmin: TestClient;
let memberA1: TestClient;
let memberA2: TestClient;
let paper: number;

async function publishedExam(extra: object = {}) {
  const body = { orgId: env.fx.a.id, paperId: paper, title: '手机考试', opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 20, attemptsAllowed: 2, passMark: 6, reviewPolicy: 'after_submit', ...extra };
  const { id } = (await unitadmin.post('/api/exams', body)).json();
  expect((await unitadmin.post(`/api/exams/${id}/publish`)).statusCode).toBe(200);
  return id as number;
}

beforeAll(async () => {
  env = await createTestEnv();
  unitadmin = await env.login('unitadmin');
  memberA1 = await env.login('member_a1');
  await env.addAccount('member_other', [[env.fx.a1.id, 'member']], env.fx.membersA1[3]);
  memberA2 = await env.login('member_other');
  const add = async (body: object) => (await unitadmin.post('/api/exam-questions', { orgId: env.fx.a.id, tags: [], difficulty: 'easy', options: [], ...body })).json().id as number;
  const q1 = await add({ type: 'single', stem: '单选', options: ['甲', '乙'], answer: ['B'] });
  const q2 = await add({ type: 'judge', stem: '判断', answer: ['true'] });
  paper = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '手机卷', kind: 'fixed', questions: [{ questionId: q1, score: 5 }, { questionId: q2, score: 5 }] })).json().id;
});
afterAll(() => env.close());

describe('the phone’s reads', () => {
  it('GET /api/exams gives a member their own attempts and the counted score; an organiser who takes no exam gets none', async () => {
    const exam = await publishedExam({ title: '计分' });
    const before = (await memberA1.get('/api/exams?pageSize=50')).json().items.find((e: { id: number }) => e.id === exam);
    expect(before.mine).toEqual({ attempts: [], countedScore: null, passed: null });
    const first = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    await memberA1.put(`/api/attempts/${first.id}/answers`, { answers: [{ position: 1, given: ['B'] }, { position: 2, given: ['true'] }] });
    await memberA1.post(`/api/attempts/${first.id}/submit`);
    const second = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    await memberA1.put(`/api/attempts/${second.id}/answers`, { answers: [{ position: 1, given: ['A'] }] });
    await memberA1.post(`/api/attempts/${second.id}/submit`);
    const after = (await memberA1.get(`/api/exams/${exam}`)).json();
    expect(after.mine).toEqual({
      attempts: [
        { id: first.id, attemptNo: 1, status: 'submitted', score: 10, passed: true, pendingMarking: false },
        { id: second.id, attemptNo: 2, status: 'submitted', score: 0, passed: false, pendingMarking: false },
      ],
      countedScore: 10,
      passed: true,
    });
    // Another member sees only their own (none); the organiser is no taker.
    expect((await memberA2.get(`/api/exams/${exam}`)).json().mine).toEqual({ attempts: [], countedScore: null, passed: null });
    expect((await unitadmin.get(`/api/exams/${exam}`)).json().mine).toBeNull();
  });

  it('an attempt carries the server’s clock, the strike limit and the pass mark', async () => {
    const exam = await publishedExam({ title: '时钟', focusStrikes: 3 });
    const a = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    expect(a).toMatchObject({ focusStrikes: 3, passMark: 6, reviewPolicy: 'after_submit', serverNow: env.clock.now.toISOString() });
    await env.clock.advanceMinutes(5);
    expect((await memberA1.get(`/api/attempts/${a.id}`)).json().serverNow).toBe(env.clock.now.toISOString());
    await memberA1.post(`/api/attempts/${a.id}/submit`);
  });

  it('leaving the page after the deadline is no strike: the attempt ends as timed out (EX-22)', async () => {
    const exam = await publishedExam({ title: '超时切屏', focusStrikes: 3, timeLimitMinutes: 1 });
    const a = (await memberA1.post(`/api/exams/${exam}/attempts`)).json();
    await memberA1.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 2, given: ['true'] }] });
    await env.clock.advanceMinutes(2);
    const res = await memberA1.post(`/api/attempts/${a.id}/focus-loss`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted', strikes: 0, forced: false, timedOut: true, score: 5 });
  });
});
