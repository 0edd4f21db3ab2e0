import { expect } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';

/**
 * Test set-up shared by the contest tests: a bank of `questions` true/false questions tagged 竞赛
 * in the A局 bank, a random paper of 3 of them (10 points each), and a contest of A局 with its
 * practice days 2026-11-20…23 (the test clock's day) and contest days 11-24…11-30.
 */
export async function contestSetup(env: TestEnv, organiser: TestClient, over: Record<string, unknown> = {}, questions = 6) {
  const ids: number[] = [];
  for (let i = 0; i < questions; i++) {
    const res = await organiser.post('/api/exam-questions', { orgId: env.fx.a.id, type: 'judge', stem: `竞赛判断题${i}-${Math.random().toString(36).slice(2, 7)}`, options: [], answer: [i % 2 ? 'false' : 'true'], tags: ['竞赛'], difficulty: 'easy', explanation: `解析${i}` });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
  const paper = await organiser.post('/api/exam-papers', { orgId: env.fx.a.id, title: '竞赛卷', kind: 'random', rules: [{ type: 'judge', tag: '竞赛', count: 3, score: 10 }] });
  expect(paper.statusCode, paper.body).toBe(201);
  const body = { orgId: env.fx.a.id, paperId: paper.json().id, title: '党章知识竞赛', practiceFrom: '2026-11-20', practiceTo: '2026-11-23', contestFrom: '2026-11-24', contestTo: '2026-11-30', ...over };
  const created = await organiser.post('/api/contests', body);
  expect(created.statusCode, created.body).toBe(201);
  return { contest: created.json(), body, paperId: paper.json().id as number, questionIds: ids };
}

/** Answers every question of an attempt right (by the bank's key) or wrong, through the exam attempt API. */
export async function answerAll(env: TestEnv, client: TestClient, attemptId: number, right: boolean | number) {
  const qs = await env.deps.db.selectFrom('exam_attempt_question').select(['position', 'answer']).where('attempt_id', '=', attemptId).orderBy('position').execute();
  const answers = qs.map((q, i) => {
    const ok = typeof right === 'number' ? i < right : right;
    return { position: q.position, given: ok ? q.answer : [q.answer[0] === 'true' ? 'false' : 'true'] };
  });
  const res = await client.put(`/api/attempts/${attemptId}/answers`, { answers });
  expect(res.statusCode, res.body).toBe(200);
}
