import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Races of the phone's calls on PostgreSQL (PostgreSQL pass only): the strike that reaches the limit
// racing 交卷, and a focus loss after the deadline racing 交卷 (EX-22). One submission wins; the other
// gets 409 and changes nothing; one submit record in the audit.

let env: TestEnv;
let unitadmin: TestClient;
let phone: TestClient;
let pc: TestClient;
let paper: number;

beforeAll(async () => {
  env = await createTestEnv();
  unitadmin = await env.login('unitadmin');
  // The same member on two devices (two sessions).
  phone = await env.login('member_a1');
  pc = await env.login('member_a1');
  const q = (await unitadmin.post('/api/exam-questions', { orgId: env.fx.a.id, type: 'judge', stem: '竞态判断', options: [], answer: ['true'], tags: [], difficulty: 'easy' })).json().id;
  paper = (await unitadmin.post('/api/exam-papers', { orgId: env.fx.a.id, title: '竞态卷', kind: 'fixed', questions: [{ questionId: q, score: 10 }] })).json().id;
});
afterAll(() => env.close());

async function attempt(extra: object) {
  const body = { orgId: env.fx.a.id, paperId: paper, title: '竞态考试', opensAt: '2026-11-23T09:00:00+08:00', closesAt: '2026-11-30T18:00:00+08:00', timeLimitMinutes: 5, attemptsAllowed: 20, passMark: 5, ...extra };
  const { id } = (await unitadmin.post('/api/exams', body)).json();
  await unitadmin.post(`/api/exams/${id}/publish`);
  return (await phone.post(`/api/exams/${id}/attempts`)).json().id as number;
}
const submits = async (id: number) => (await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'exam_attempt.submit').where('entity_id', '=', String(id)).execute()).length;

describe('the phone’s races on PostgreSQL', () => {
  it('the last strike and 交卷 at once: one submits, the other gets 409; flagged only if the strike won', async () => {
    for (let round = 0; round < 4; round++) {
      const id = await attempt({ focusStrikes: 1 });
      const [strike, submit] = await Promise.all([phone.post(`/api/attempts/${id}/focus-loss`), pc.post(`/api/attempts/${id}/submit`)]);
      expect([strike.statusCode, submit.statusCode].sort()).toEqual([200, 409]);
      const row = await env.deps.db.selectFrom('exam_attempt').select(['status', 'forced', 'strikes']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe('submitted');
      expect(row.forced).toBe(strike.statusCode === 200);
      expect(row.strikes).toBe(strike.statusCode === 200 ? 1 : 0);
      expect(await submits(id)).toBe(1);
    }
  });

  it('after the deadline, a focus loss and 交卷 at once: submitted once, as timed out, no strike', async () => {
    const ids = [];
    for (let round = 0; round < 4; round++) ids.push(await attempt({ focusStrikes: 3, timeLimitMinutes: 1 }));
    env.clock.advanceMinutes(2);
    for (const id of ids) {
      const [strike, submit] = await Promise.all([phone.post(`/api/attempts/${id}/focus-loss`), pc.post(`/api/attempts/${id}/submit`)]);
      expect([strike.statusCode, submit.statusCode].sort()).toEqual([200, 409]);
      const row = await env.deps.db.selectFrom('exam_attempt').select(['status', 'forced', 'strikes', 'timed_out']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'submitted', forced: false, strikes: 0, timed_out: true });
      expect(await submits(id)).toBe(1);
    }
  });
});
