import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';
import { contestSetup } from './contests.fixture.ts';

// Every answer of 知识竞赛 goes through its response schema: a key the handler adds that the
// schema does not name never reaches the client.

const t = useLeakyEnv();
let admin: TestClient;
let leaky: LeakyClient;
let member: TestClient;
let leakyMember: LeakyClient;
let contestId: number;

beforeAll(async () => {
  [admin, leaky] = await t.pair('unitadmin');
  [member, leakyMember] = await t.pair('member_a1');
  contestId = (await contestSetup(t.env, admin)).contest.id;
});

describe('contest answers are filtered by their response schemas', () => {
  it('writes and reads', async () => {
    const published = await leaky.post(`/api/contests/${contestId}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.body).not.toContain(LEAKED_KEY);
    const practice = await leakyMember.get(`/api/contests/${contestId}/practice`);
    expect(practice.body).not.toContain(LEAKED_KEY);
    const feedback = await leakyMember.post(`/api/contests/${contestId}/practice`, { questionId: practice.json().questions[0].questionId, given: ['true'] });
    expect(feedback.statusCode, feedback.body).toBe(200);
    expect(feedback.body).not.toContain(LEAKED_KEY);
    await expectFilteredGets(admin, leaky, ['/api/contests', `/api/contests/${contestId}`, `/api/contests/${contestId}/leaderboard`, `/api/contests/${contestId}/flags`]);
    await expectFilteredGets(member, leakyMember, [`/api/contests/${contestId}/me`, `/api/contests/${contestId}/leaderboard`]);
  });
});
