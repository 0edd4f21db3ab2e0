import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

// Every answer of 考试成绩 and 阅卷 goes through its response schema: a key the handler adds that the
// schema does not name never reaches the client.

const t = useLeakyEnv();
let admin: TestClient;
let leaky: LeakyClient;
let exam: number;
let attempt: number;
let position: number;

beforeAll(async () => {
  [admin, leaky] = await t.pair('admin');
  const q = await admin.post('/api/exam-questions', { orgId: t.env.fx.root.id, type: 'short', stem: '简答', options: [], answer: ['参考'], tags: [], difficulty: 'easy' });
  const paper = await admin.post('/api/exam-papers', { orgId: t.env.fx.root.id, title: '卷', kind: 'fixed', questions: [{ questionId: q.json().id, score: 10 }] });
  const e = await admin.post('/api/exams', { orgId: t.env.fx.root.id, paperId: paper.json().id, title: '考试', opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 30, attemptsAllowed: 1, passMark: 6 });
  expect(e.statusCode, e.body).toBe(201);
  exam = e.json().id;
  await admin.post(`/api/exams/${exam}/publish`);
  await t.env.addAccount('resp_taker', [[t.env.fx.a1.id, 'member']], t.env.fx.membersA1[4]);
  const taker = await t.env.login('resp_taker');
  const a = (await taker.post(`/api/exams/${exam}/attempts`)).json();
  attempt = a.id;
  position = a.questions[0].position;
  await taker.put(`/api/attempts/${attempt}/answers`, { answers: [{ position, given: ['回答'] }] });
  await taker.post(`/api/attempts/${attempt}/submit`);
});

describe('exam results and marking answers are filtered by their response schemas', () => {
  it('reads', async () => {
    await expectFilteredGets(admin, leaky, [`/api/exams/${exam}/results`, `/api/exams/${exam}/results?status=pending`, `/api/exams/${exam}/marking`]);
  });

  it('the mark', async () => {
    const res = await leaky.put(`/api/attempts/${attempt}/marks`, { marks: [{ position, score: 7, comment: '较好' }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(LEAKED_KEY);
    expect(res.json()).toMatchObject({ score: 7, passed: true });
    await expectFilteredGets(admin, leaky, [`/api/exams/${exam}/marking?status=marked`]);
  });
});
