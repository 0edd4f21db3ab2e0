import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

// Every answer of 考试 goes through its response schema: a key the handler adds that the schema
// does not name never reaches the client.

const t = useLeakyEnv();
let admin: TestClient;
let leaky: LeakyClient;
let id: number;

beforeAll(async () => {
  [admin, leaky] = await t.pair('admin');
  const res = await admin.post('/api/exam-questions', { orgId: t.env.fx.root.id, type: 'single', stem: '题干', options: ['甲', '乙'], answer: ['A'], tags: ['党章'], difficulty: 'medium' });
  expect(res.statusCode, res.body).toBe(201);
  id = res.json().id;
});

describe('exam answers are filtered by their response schemas', () => {
  it('reads', async () => {
    const paper = await admin.post('/api/exam-papers', { orgId: t.env.fx.root.id, title: '卷', kind: 'fixed', questions: [{ questionId: id, score: 5 }] });
    expect(paper.statusCode, paper.body).toBe(201);
    const pid = paper.json().id;
    const exam = await admin.post('/api/exams', { orgId: t.env.fx.root.id, paperId: pid, title: '考试', opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 30, attemptsAllowed: 1, passMark: 3 });
    expect(exam.statusCode, exam.body).toBe(201);
    await admin.post(`/api/exams/${exam.json().id}/publish`);
    await t.env.addAccount('resp_taker', [[t.env.fx.a1.id, 'member']], t.env.fx.membersA1[4]);
    const taker = await t.env.login('resp_taker');
    const attempt = await taker.post(`/api/exams/${exam.json().id}/attempts`);
    expect(attempt.statusCode, attempt.body).toBe(201);
    expect(attempt.json().questions[0].answer).toBeNull();
    await expectFilteredGets(admin, leaky, [`/api/attempts/${attempt.json().id}`, '/api/exams', `/api/exams/${exam.json().id}`, '/api/exam-questions', `/api/exam-questions/${id}`, '/api/exam-questions?tag=党章', '/api/exam-papers', `/api/exam-papers/${pid}`, `/api/exam-papers/${pid}/preview?seed=3`]);
  });

  it('writes', async () => {
    const created = await leaky.post('/api/exam-questions', { orgId: t.env.fx.a.id, type: 'fill', stem: '填空', options: [], answer: ['对'], tags: [], difficulty: 'easy' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(LEAKED_KEY);
    const updated = await leaky.put(`/api/exam-questions/${id}`, { orgId: t.env.fx.root.id, type: 'single', stem: '题干（改）', options: ['甲', '乙'], answer: ['B'], tags: [], difficulty: 'hard' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.body).not.toContain(LEAKED_KEY);
    expect(updated.json().answer).toEqual(['B']);
  });
});
