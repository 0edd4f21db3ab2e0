import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The permission matrix of 考试成绩, 阅卷 and 成绩导出 (EX-15, EX-18): the exam belongs to A局机关党委.
// Its organisers (the committee, unit A's admin) may; a branch secretary below A (sec_a1, also a
// member who may take it) and a plain member of its subtree get 403; the sibling unit's organiser
// and the secretary of another branch (sec_a2, who manages only A局业务处) get 404 — the exam is
// out of their reach; the 三员 (系统管理员, 安全保密管理员, 安全审计员) hold no exam.manage: 403.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'sec_a2', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const THREE = { sysadmin: 403, secadmin: 403, auditor: 403 };

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let exam: number;
let attempt: number;
let shortPosition: number;

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  for (const a of ACTORS) as[a] = await env.login(a);
  const add = async (body: object) => (await as.unitadmin.post('/api/exam-questions', { orgId: env.fx.a.id, tags: [], difficulty: 'easy', options: [], ...body })).json().id as number;
  const j = await add({ type: 'judge', stem: '判断', answer: ['true'] });
  const s = await add({ type: 'short', stem: '简答', answer: ['参考'] });
  const paper = (await as.unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '卷', kind: 'fixed', questions: [{ questionId: j, score: 5 }, { questionId: s, score: 10 }] })).json().id;
  exam = (await as.unitadmin.post('/api/exams', { orgId: env.fx.a.id, paperId: paper, title: '权限考试', opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 30, attemptsAllowed: 1, passMark: 9 })).json().id;
  await as.unitadmin.post(`/api/exams/${exam}/publish`);
  const a = (await as.member_a1.post(`/api/exams/${exam}/attempts`)).json();
  attempt = a.id;
  shortPosition = a.questions.find((q: { type: string }) => q.type === 'short').position;
  await as.member_a1.put(`/api/attempts/${attempt}/answers`, { answers: [{ position: shortPosition, given: ['我的回答'] }] });
  expect((await as.member_a1.post(`/api/attempts/${attempt}/submit`)).statusCode).toBe(200);
});
afterAll(() => env.close());

describe('exam results and marking permission matrix', () => {
  it('results, export and the marking queue: the exam\'s organisers only', async () => {
    const expected = { admin: 200, unitadmin: 200, badmin: 404, sec_a1: 403, sec_a2: 404, member_a1: 403, ...THREE };
    expect(await statuses((c) => c.get(`/api/exams/${exam}/results`))).toEqual(expected);
    expect(await statuses((c) => c.get(`/api/exams/${exam}/results/export`))).toEqual(expected);
    expect(await statuses((c) => c.get(`/api/exams/${exam}/marking`))).toEqual(expected);
  });

  it('the candidate themself never sees others\' results through the exam, and cannot mark their own attempt', async () => {
    const own = await as.member_a1.put(`/api/attempts/${attempt}/marks`, { marks: [{ position: shortPosition, score: 10 }] });
    expect(own.statusCode).toBe(403);
    expect((await as.member_a1.get(`/api/attempts/${attempt}`)).json()).toMatchObject({ score: null, pendingMarking: true });
  });

  it('marks: the organisers of the exam\'s organisation; others 403/404 and nothing changes', async () => {
    const marks = (score: number) => ({ marks: [{ position: shortPosition, score }] });
    const codes = await statuses((c, n) => (n === 'admin' || n === 'unitadmin' ? Promise.resolve({ statusCode: 0 }) : c.put(`/api/attempts/${attempt}/marks`, marks(10))));
    expect(codes).toEqual({ admin: 0, unitadmin: 0, badmin: 404, sec_a1: 404, sec_a2: 404, member_a1: 403, ...THREE });
    expect(await env.deps.db.selectFrom('audit_log').where('action', '=', 'exam_attempt.mark').select('id').execute()).toHaveLength(0);
    expect((await as.unitadmin.put(`/api/attempts/${attempt}/marks`, marks(4))).statusCode).toBe(200);
    expect((await as.admin.put(`/api/attempts/${attempt}/marks`, marks(10))).json()).toMatchObject({ score: 10, passed: true }); // the 判断 unanswered: 0
  });

  it('unauthenticated: 401', async () => {
    const res = await env.app.inject({ method: 'GET', url: `/api/exams/${exam}/results` });
    expect(res.statusCode).toBe(401);
  });
});
