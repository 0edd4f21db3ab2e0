import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { seedExams } from './demo-exams.ts';

// The demo's 考试 on the fixture city, read through the API as a visitor would: the committee's bank
// of every type, last month's closed exam with its results, and the exam open now that the member
// takes on the phone.

let env: TestEnv;
let seeded: Awaited<ReturnType<typeof seedExams>>;
let ms = 0;

beforeAll(async () => {
  env = await createTestEnv();
  const admin = await env.deps.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const t0 = Date.now();
  seeded = await env.deps.db.transaction().execute((trx) => seedExams(trx, { now: env.clock.now, rootId: env.fx.root.id, creatorId: admin.id, memberId: env.fx.membersA1[1] }));
  ms = Date.now() - t0;
  console.log(`seedExams: ${seeded.questions} questions, ${seeded.attempts} attempts by ${seeded.takers} members in ${ms} ms`);
});
afterAll(() => env.close());

describe('the demo’s exams', () => {
  it('the committee’s bank: several hundred questions of every type, tagged, all three difficulties', async () => {
    const admin = await env.login('admin');
    const all = (await admin.get('/api/exam-questions?pageSize=1')).json();
    expect(all.total).toBeGreaterThanOrEqual(300);
    for (const type of ['single', 'multiple', 'judge', 'fill', 'short']) expect((await admin.get(`/api/exam-questions?pageSize=1&type=${type}`)).json().total, type).toBeGreaterThanOrEqual(10);
    for (const difficulty of ['easy', 'medium', 'hard']) expect((await admin.get(`/api/exam-questions?pageSize=1&difficulty=${difficulty}`)).json().total).toBeGreaterThan(30);
    const dues = (await admin.get(`/api/exam-questions?pageSize=200&tag=${encodeURIComponent('党费')}&type=fill`)).json();
    const q8000 = dues.items.find((q: { stem: string }) => q.stem.includes('税后工资收入8000元'));
    expect(q8000.answer).toContain('120元'); // 8000 × 1.5 %
    expect(all.items[0].tags.length).toBeGreaterThan(0);
  });

  it('the member sees one exam open and last month’s finished one with their counted score', async () => {
    const member = await env.login('member_a1');
    const list = (await member.get('/api/exams')).json();
    expect(list.total).toBe(2);
    const [open, done] = [list.items.find((e: { status: string }) => e.status === 'published'), list.items.find((e: { status: string }) => e.status === 'closed')];
    expect(open).toMatchObject({ timeLimitMinutes: 20, attemptsAllowed: 2, mine: { attempts: [], countedScore: null } });
    expect(Date.parse(open.opensAt)).toBeLessThan(env.clock.now.getTime());
    expect(Date.parse(open.closesAt)).toBeGreaterThan(env.clock.now.getTime());
    expect(done.totalScore).toBe(100);
    expect(Date.parse(done.closesAt)).toBeLessThan(env.clock.now.getTime());
    expect(done.mine.attempts.length).toBeGreaterThan(0);
    expect(done.mine.countedScore).toBe(Math.max(...done.mine.attempts.map((a: { score: number }) => a.score)));
    expect(done.mine.passed).toBe(done.mine.countedScore >= 60);
    // Closed and reviewed after the close: the key shows.
    const a = (await member.get(`/api/attempts/${done.mine.attempts[0].id}`)).json();
    expect(a).toMatchObject({ status: 'submitted', reviewAllowed: true });
    expect(a.questions.every((q: { answer: string[] | null }) => q.answer !== null)).toBe(true);
  });

  it('the member starts the open exam: a paper of every type, 20 minutes, no key', async () => {
    const member = await env.login('member_a1');
    const start = await member.post(`/api/exams/${seeded.openExamId}/attempts`);
    expect(start.statusCode, start.body).toBe(201);
    const a = start.json();
    expect(new Set(a.questions.map((q: { type: string }) => q.type))).toEqual(new Set(['single', 'multiple', 'judge', 'fill', 'short']));
    expect(a.totalScore).toBe(100);
    expect(Date.parse(a.deadlineAt) - Date.parse(a.startedAt)).toBe(20 * 60_000);
    expect(a.questions.every((q: { answer: unknown }) => q.answer === null)).toBe(true);
  });

  it('last month’s results: most members took it, scores spread, some failed, a failed try often retried', async () => {
    const members = await env.deps.db.selectFrom('member').select('id').where('status', '=', 'normal').execute();
    expect(seeded.takers).toBeGreaterThan(members.length * 0.6);
    expect(seeded.takers).toBeLessThan(members.length);
    const attempts = await env.deps.db.selectFrom('exam_attempt').select(['member_id', 'attempt_no', 'score']).where('exam_id', '=', seeded.finishedExamId).execute();
    const scores = attempts.map((a) => Number(a.score));
    expect(scores.some((s) => s < 60)).toBe(true);
    expect(scores.some((s) => s >= 90)).toBe(true);
    // The stored score is the sum of the stored points per question.
    const sums = await env.deps.db.selectFrom('exam_attempt_question').select(['attempt_id', (eb) => eb.fn.sum<number>('awarded').as('s')]).groupBy('attempt_id').execute();
    const ids = await env.deps.db.selectFrom('exam_attempt').select(['id', 'score']).where('exam_id', '=', seeded.finishedExamId).execute();
    const byId = new Map(sums.map((s) => [s.attempt_id, Number(s.s)]));
    expect(ids.every((a) => byId.get(a.id) === Number(a.score))).toBe(true);
    // The organiser reads any member's result.
    const admin = await env.login('admin');
    expect((await admin.get(`/api/attempts/${ids[0].id}`)).json()).toMatchObject({ status: 'submitted', score: Number(ids[0].score) });
    expect(ms).toBeLessThan(30_000);
  });
});
