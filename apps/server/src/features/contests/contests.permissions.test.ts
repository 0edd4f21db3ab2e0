import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { contestSetup } from './contests.fixture.ts';

// The permission matrix of 知识竞赛 for a contest of A局: the committee, A局's organiser, the
// sibling B局's organiser, a branch secretary below A (sec_a1, also a member), a member of A局,
// a member of B局, and the three separated admins. Out of reach: 404; in reach without the right: 403.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'member_b1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let contestId: number;
let body: Record<string, unknown>;

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}

beforeAll(async () => {
  env = await createTestEnv();
  await env.addAccount('badmin', [[env.fx.b.id, 'org_admin']]);
  await env.addAccount('member_b1', [[env.fx.b1.id, 'member']], env.fx.membersB1[0]);
  for (const a of ACTORS) as[a] = await env.login(a);
  const s = await contestSetup(env, as.unitadmin);
  contestId = s.contest.id;
  body = s.body;
  expect((await as.unitadmin.post(`/api/contests/${contestId}/publish`)).statusCode).toBe(200);
});
afterAll(() => env.close());

describe('知识竞赛 permission matrix', () => {
  it('read one: organisers above it and members inside it; a sibling unit, its members and the 三员 get 404', async () => {
    expect(await statuses((c) => c.get(`/api/contests/${contestId}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 200, member_a1: 200, member_b1: 404, sysadmin: 404, secadmin: 404, auditor: 404 });
  });

  it('lists hold only what the caller reaches', async () => {
    const totals = {} as Record<ActorName, number>;
    for (const a of ACTORS) totals[a] = (await as[a].get('/api/contests')).json().total;
    expect(totals).toEqual({ admin: 1, unitadmin: 1, badmin: 0, sec_a1: 1, member_a1: 1, member_b1: 0, sysadmin: 0, secadmin: 0, auditor: 0 });
  });

  it('create: only for the caller\'s own subtree; members and the 三员 get 403', async () => {
    expect(await statuses((c) => c.post('/api/contests', body))).toEqual({ admin: 201, unitadmin: 201, badmin: 403, sec_a1: 403, member_a1: 403, member_b1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
  });

  it('finish (and every transition): the organisers of A局 or above', async () => {
    const { contest } = await contestSetup(env, as.unitadmin, { title: '权限测试' });
    const r = await statuses((c, name) => (name === 'admin' ? Promise.resolve({ statusCode: 0 }) : c.post(`/api/contests/${contest.id}/publish`)));
    expect(r).toEqual({ admin: 0, unitadmin: 200, badmin: 404, sec_a1: 403, member_a1: 403, member_b1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
  });

  it('leaderboard: organisers and members inside; others 404', async () => {
    expect(await statuses((c) => c.get(`/api/contests/${contestId}/leaderboard`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 200, member_a1: 200, member_b1: 404, sysadmin: 404, secadmin: 404, auditor: 404 });
  });

  it('flags and their review: the organisers only', async () => {
    expect(await statuses((c) => c.get(`/api/contests/${contestId}/flags`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 403, member_a1: 403, member_b1: 404, sysadmin: 404, secadmin: 404, auditor: 404 });
    expect(await statuses((c) => c.post(`/api/contests/${contestId}/flags/1`, { decision: 'clear', reason: '复核' }))).toEqual({ admin: 404, unitadmin: 404, badmin: 404, sec_a1: 403, member_a1: 403, member_b1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
  });

  it('practice and the own view: members inside only (an organiser without a member record gets 403)', async () => {
    expect(await statuses((c) => c.get(`/api/contests/${contestId}/practice`))).toEqual({ admin: 403, unitadmin: 403, badmin: 404, sec_a1: 200, member_a1: 200, member_b1: 404, sysadmin: 404, secadmin: 404, auditor: 404 });
    expect(await statuses((c) => c.get(`/api/contests/${contestId}/me`))).toEqual({ admin: 403, unitadmin: 403, badmin: 404, sec_a1: 200, member_a1: 200, member_b1: 404, sysadmin: 404, secadmin: 404, auditor: 404 });
    expect(await statuses((c) => c.post(`/api/contests/${contestId}/attempts`))).toEqual({ admin: 403, unitadmin: 403, badmin: 404, sec_a1: 409, member_a1: 409, member_b1: 404, sysadmin: 404, secadmin: 404, auditor: 404 });
  });

  it('a contest attempt is another member\'s: 404 to a member, readable by the organisers', async () => {
    env.clock.now = new Date('2026-11-24T01:00:00Z');
    for (const a of ACTORS) as[a] = await env.login(a);
    const id = (await as.member_a1.post(`/api/contests/${contestId}/attempts`)).json().attemptId;
    expect(await statuses((c) => c.get(`/api/attempts/${id}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 200, member_b1: 404, sysadmin: 404, secadmin: 404, auditor: 404 });
  });
});
