import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 阅卷 races PGlite's single connection hides (PostgreSQL pass only). Marks of one attempt are
// serialised by its row lock: two markers at once both land in some order and the score is the sum
// of the marks that stand; after the exam closes, the first mark lands and the second — now a change
// of a final mark — is refused with 409 and changes nothing.

let env: TestEnv;
let markers: TestClient[];
let taker: TestClient;
let paper: number;

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 0; i < 4; i++) await env.addAccount(`marker${i}`, [[env.fx.a.id, 'org_admin']]);
  markers = await Promise.all([0, 1, 2, 3].map((i) => env.login(`marker${i}`)));
  await env.addAccount('mark_taker', [[env.fx.a1.id, 'member']], env.fx.membersA1[5]);
  taker = await env.login('mark_taker');
  const add = async (body: object) => (await markers[0].post('/api/exam-questions', { orgId: env.fx.a.id, tags: [], difficulty: 'easy', options: [], ...body })).json().id as number;
  const j = await add({ type: 'judge', stem: '判断', answer: ['true'] });
  const s1 = await add({ type: 'short', stem: '简答一', answer: ['参考一'] });
  const s2 = await add({ type: 'short', stem: '简答二', answer: ['参考二'] });
  paper = (await markers[0].post('/api/exam-papers', { orgId: env.fx.a.id, title: '阅卷并发卷', kind: 'fixed', questions: [{ questionId: j, score: 5 }, { questionId: s1, score: 10 }, { questionId: s2, score: 10 }] })).json().id;
});
afterAll(() => env.close());

async function submitted(title: string) {
  const { id } = (await markers[0].post('/api/exams', { orgId: env.fx.a.id, paperId: paper, title, opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 30, attemptsAllowed: 1, passMark: 15 })).json();
  await markers[0].post(`/api/exams/${id}/publish`);
  const a = (await taker.post(`/api/exams/${id}/attempts`)).json();
  await taker.put(`/api/attempts/${a.id}/answers`, { answers: [{ position: 1, given: ['true'] }, { position: 2, given: ['一'] }, { position: 3, given: ['二'] }] });
  expect((await taker.post(`/api/attempts/${a.id}/submit`)).json()).toMatchObject({ pendingMarking: true, score: null });
  return { exam: id as number, attempt: a.id as number };
}
const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const stored = async (attempt: number) => {
  const a = await env.deps.db.selectFrom('exam_attempt').select(['score', 'pending_marking']).where('id', '=', attempt).executeTakeFirstOrThrow();
  const qs = await env.deps.db.selectFrom('exam_attempt_question').select(['position', 'awarded']).where('attempt_id', '=', attempt).orderBy('position').execute();
  return { score: a.score === null ? null : Number(a.score), pending: a.pending_marking, awarded: qs.map((q) => (q.awarded === null ? null : Number(q.awarded))) };
};
const marksAudited = (attempt: number) => env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'exam_attempt.mark').where('entity_id', '=', String(attempt)).execute();

describe('marking races on PostgreSQL', () => {
  it('two markers each mark one short answer at the same moment: both land, the total counts both, 待阅卷 ends once', async () => {
    for (let round = 0; round < 4; round++) {
      const { attempt } = await submitted(`并发阅卷${round}`);
      const [x, y] = await Promise.all([markers[1].put(`/api/attempts/${attempt}/marks`, { marks: [{ position: 2, score: 6 }] }), markers[2].put(`/api/attempts/${attempt}/marks`, { marks: [{ position: 3, score: 7 }] })]);
      expect(codes([x, y])).toEqual([200, 200]);
      // Whoever came second saw both marks and made the score final.
      expect([x.json().score, y.json().score].sort()).toEqual([18, null].sort());
      expect(await stored(attempt)).toEqual({ score: 18, pending: false, awarded: [5, 6, 7] });
      expect(await marksAudited(attempt)).toHaveLength(2);
    }
  });

  it('two markers give the same answer different marks at once: the score is the sum of the mark that stands, never a mix', async () => {
    for (let round = 0; round < 4; round++) {
      const { attempt } = await submitted(`并发改分${round}`);
      const [x, y] = await Promise.all([
        markers[1].put(`/api/attempts/${attempt}/marks`, { marks: [{ position: 2, score: 2 }, { position: 3, score: 2 }] }),
        markers[2].put(`/api/attempts/${attempt}/marks`, { marks: [{ position: 2, score: 9 }, { position: 3, score: 9 }] }),
      ]);
      expect(codes([x, y])).toEqual([200, 200]);
      const s = await stored(attempt);
      expect([[5, 2, 2], [5, 9, 9]]).toContainEqual(s.awarded);
      expect(s.score).toBe(s.awarded.reduce((n, v) => n! + v!, 0));
      expect(s.pending).toBe(false);
    }
  });

  it('after the exam closes, four markers of one unmarked answer at once: one 200, three 409 in Chinese, one audit record', async () => {
    const { exam, attempt } = await submitted('结束后并发阅卷');
    expect((await markers[0].post(`/api/exams/${exam}/close`)).statusCode).toBe(200);
    const results = await Promise.all(markers.map((c, i) => c.put(`/api/attempts/${attempt}/marks`, { marks: [{ position: 2, score: i + 1 }, { position: 3, score: i + 1 }] })));
    expect(codes(results)).toEqual([200, 409, 409, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().message).toBe('考试已结束，已评的分数不能再修改（第2、3题）');
    const won = results.findIndex((r) => r.statusCode === 200) + 1;
    expect(await stored(attempt)).toEqual({ score: 5 + 2 * won, pending: false, awarded: [5, won, won] });
    expect(await marksAudited(attempt)).toHaveLength(1);
  });

  it('a change of mark racing the close: it lands before the close (audited) or is refused 409; never changed after', async () => {
    for (let round = 0; round < 4; round++) {
      const { exam, attempt } = await submitted(`改分与结束${round}`);
      expect((await markers[1].put(`/api/attempts/${attempt}/marks`, { marks: [{ position: 2, score: 2 }, { position: 3, score: 2 }] })).statusCode).toBe(200);
      const [close, remark] = await Promise.all([markers[0].post(`/api/exams/${exam}/close`), markers[2].put(`/api/attempts/${attempt}/marks`, { marks: [{ position: 2, score: 9 }, { position: 3, score: 9 }] })]);
      expect(close.statusCode).toBe(200);
      expect([200, 409]).toContain(remark.statusCode);
      expect(await stored(attempt)).toEqual(remark.statusCode === 200 ? { score: 23, pending: false, awarded: [5, 9, 9] } : { score: 9, pending: false, awarded: [5, 2, 2] });
      expect(await marksAudited(attempt)).toHaveLength(remark.statusCode === 200 ? 2 : 1);
    }
  });
});
