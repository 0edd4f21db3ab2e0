import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { answerAll, contestSetup } from './contests.fixture.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): five starts of one member at
// once under a daily limit of 1; five publishes of one draft; a finish racing a cancel; two
// reviews of one flag; a submission racing the review of the member's earlier flag.

let env: TestEnv;
let organisers: TestClient[];

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 0; i < 5; i++) await env.addAccount(`ct_org${i}`, [[env.fx.a.id, 'org_admin']]);
  organisers = await Promise.all([0, 1, 2, 3, 4].map((i) => env.login(`ct_org${i}`)));
});
afterAll(() => env.close());

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const audits = (action: string, id: number) => env.deps.db.selectFrom('audit_log').select('id').where('action', '=', action).where('entity_id', '=', String(id)).execute();
async function sessions(username: string, n: number) {
  return Promise.all(Array.from({ length: n }, () => env.login(username)));
}

describe('contest state machine races on PostgreSQL', () => {
  it('five publishes of one draft at once: one 200, four 409, one audit record, one roster', async () => {
    env.clock.now = new Date('2026-11-23T02:00:00Z');
    organisers = await Promise.all([0, 1, 2, 3, 4].map((i) => env.login(`ct_org${i}`)));
    const { contest } = await contestSetup(env, organisers[0]);
    const results = await Promise.all(organisers.map((c) => c.post(`/api/contests/${contest.id}/publish`)));
    expect(codes(results)).toEqual([200, 409, 409, 409, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().message).toBe('该知识竞赛当前为“已发布”，不能发布（可能刚被他人处理），请刷新后重试');
    expect(await audits('contest.publish', contest.id)).toHaveLength(1);
    const roster = await env.deps.db.selectFrom('contest_org').select('org_id').where('contest_id', '=', contest.id).execute();
    expect(roster.length).toBe(4); // A局 and its three organisations, once each
  });

  it('a finish racing a cancel: exactly one lands; the contest and its exam end in its state', async () => {
    const { contest } = await contestSetup(env, organisers[0]);
    await organisers[0].post(`/api/contests/${contest.id}/publish`);
    const [finish, cancel] = await Promise.all([organisers[1].post(`/api/contests/${contest.id}/finish`), organisers[2].post(`/api/contests/${contest.id}/cancel`)]);
    expect(codes([finish, cancel])).toEqual([200, 409]);
    const row = await env.deps.db.selectFrom('contest as c').innerJoin('exam as e', 'e.id', 'c.exam_id').select(['c.status', 'e.status as exam']).where('c.id', '=', contest.id).executeTakeFirstOrThrow();
    expect(row).toEqual(finish.statusCode === 200 ? { status: 'finished', exam: 'closed' } : { status: 'cancelled', exam: 'cancelled' });
  });
});

describe('contest attempts on PostgreSQL', () => {
  let contestId: number;
  beforeAll(async () => {
    env.clock.now = new Date('2026-11-23T02:00:00Z');
    organisers = await Promise.all([0, 1, 2, 3, 4].map((i) => env.login(`ct_org${i}`)));
    contestId = (await contestSetup(env, organisers[0])).contest.id;
    await organisers[0].post(`/api/contests/${contestId}/publish`);
    env.clock.now = new Date('2026-11-24T01:00:00Z');
    organisers = await Promise.all([0, 1, 2, 3, 4].map((i) => env.login(`ct_org${i}`)));
  });

  it('five starts of one member at once with a daily limit of 1: exactly one attempt; after it is submitted, five more starts: none', async () => {
    const phones = await sessions('member_a1', 5);
    const results = await Promise.all(phones.map((c) => c.post(`/api/contests/${contestId}/attempts`)));
    expect(codes(results)).toEqual([201, 409, 409, 409, 409]);
    const rows = await env.deps.db.selectFrom('contest_attempt').select(['attempt_id', 'seq']).where('contest_id', '=', contestId).where('member_id', '=', env.fx.membersA1[1]).execute();
    expect(rows).toHaveLength(1);
    const id = results.find((r) => r.statusCode === 201)!.json().attemptId;
    await answerAll(env, phones[0], id, true);
    env.clock.advanceMinutes(1);
    expect((await phones[0].post(`/api/attempts/${id}/submit`)).statusCode).toBe(200);
    const again = await Promise.all(phones.map((c) => c.post(`/api/contests/${contestId}/attempts`)));
    expect(codes(again)).toEqual([409, 409, 409, 409, 409]);
    expect(again[0].json().message).toBe('每人每天最多作答1次，今天的次数已用完，请明天再来');
    expect(await env.deps.db.selectFrom('contest_attempt').select('attempt_id').where('contest_id', '=', contestId).where('member_id', '=', env.fx.membersA1[1]).execute()).toHaveLength(1);
  });

  it('two reviews of one flag at once: one 200, one 409, one audit record', async () => {
    await env.addAccount('ct_fast', [[env.fx.a1.id, 'member']], env.fx.membersA1[3]);
    const fast = await env.login('ct_fast');
    const id = (await fast.post(`/api/contests/${contestId}/attempts`)).json().attemptId;
    await answerAll(env, fast, id, true);
    await fast.post(`/api/attempts/${id}/submit`); // 0 s: flagged
    const [a, b] = await Promise.all([organisers[1].post(`/api/contests/${contestId}/flags/${id}`, { decision: 'clear', reason: '复核' }), organisers[2].post(`/api/contests/${contestId}/flags/${id}`, { decision: 'confirm', reason: '确认' })]);
    expect(codes([a, b])).toEqual([200, 409]);
    const flag = await env.deps.db.selectFrom('contest_attempt').select('flag').where('attempt_id', '=', id).executeTakeFirstOrThrow();
    expect(flag.flag).toBe(a.statusCode === 200 ? 'cleared' : 'confirmed');
    const reviews = [...(await audits('contest.flag_clear', id)), ...(await audits('contest.flag_confirm', id))];
    expect(reviews).toHaveLength(1);
  });

  it('a submission racing the review of the member\'s earlier flag: the best row matches the attempts either way', async () => {
    for (let round = 0; round < 3; round++) {
      const memberId = env.fx.membersA1[4 + round];
      await env.addAccount(`ct_race${round}`, [[env.fx.a1.id, 'member']], memberId);
      env.clock.now = new Date('2026-11-25T01:00:00Z');
      let phone = await env.login(`ct_race${round}`);
      const first = (await phone.post(`/api/contests/${contestId}/attempts`)).json().attemptId;
      await answerAll(env, phone, first, true);
      await phone.post(`/api/attempts/${first}/submit`); // 30 points in 0 s: flagged
      env.clock.now = new Date('2026-11-26T01:00:00Z');
      phone = await env.login(`ct_race${round}`);
      const organiser = await env.login('ct_org3');
      const second = (await phone.post(`/api/contests/${contestId}/attempts`)).json().attemptId;
      await answerAll(env, phone, second, 1);
      env.clock.advanceMinutes(2);
      const [submit, review] = await Promise.all([phone.post(`/api/attempts/${second}/submit`), organiser.post(`/api/contests/${contestId}/flags/${first}`, { decision: 'clear', reason: '复核' })]);
      expect(codes([submit, review])).toEqual([200, 200]);
      const best = await env.deps.db.selectFrom('contest_member').select(['best_attempt_id', 'best_score', 'attempts']).where('contest_id', '=', contestId).where('member_id', '=', memberId).executeTakeFirstOrThrow();
      expect({ ...best, best_score: Number(best.best_score) }).toEqual({ best_attempt_id: first, best_score: 30, attempts: 2 });
    }
  });
});
