import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { hashPassword } from '../../lib/password.ts';

// The permission matrix of 创先争优: the committee, unit A's admin, the sibling unit B's admin, a
// branch secretary below A, a plain member and the three separated admins. Without the permission:
// 403; out of reach: 404; lists hold nothing from outside the caller's subtree.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const REFUSED = { member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let campaignId: number;
let nominationId: number;

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}

const campaign = {
  year: 2026,
  kind: 'vanguard_post',
  title: '2026年度党员先锋岗',
  periodFrom: '2026-01-01',
  periodTo: '2026-12-31',
  quota: 5,
  rules: { discipline: { enabled: true, advisory: false }, compliance: { enabled: false, advisory: true, threshold: 90 }, red_card: { enabled: true, advisory: false } },
  publicityDays: 5,
  objectionContact: '工委组织部',
};

beforeAll(async () => {
  env = await createTestEnv();
  const { id } = await env.database.db
    .insertInto('app_user')
    .values({ username: 'badmin', display_name: 'badmin', password_hash: await hashPassword(PASSWORD), member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: env.clock.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await env.database.db.insertInto('role_grant').values({ user_id: id, org_id: env.fx.b.id, role: 'org_admin', created_at: env.clock.now }).execute();
  for (const a of ACTORS) as[a] = await env.login(a);
  campaignId = (await as.admin.post('/api/honour-campaigns', campaign)).json().id;
  await as.admin.post(`/api/honour-campaigns/${campaignId}/open`);
  const n = await as.unitadmin.post(`/api/honour-campaigns/${campaignId}/nominations`, { memberId: env.fx.membersA1[1], deeds: '先锋岗事迹' });
  expect(n.statusCode, n.body).toBe(201);
  nominationId = n.json().id;
});
afterAll(() => env.close());

describe('honours permission matrix', () => {
  it('campaigns: organisations read, only the committee creates; members and the 三员 get 403', async () => {
    expect(await statuses((c) => c.get('/api/honour-campaigns'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.get(`/api/honour-campaigns/${campaignId}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.post('/api/honour-campaigns', { ...campaign, title: '再建一个' }))).toEqual({ admin: 201, unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });
  });

  it('nominations are seen within the subtree: B sees none of A\'s', async () => {
    const seen = async (c: TestClient) => (await c.get(`/api/honour-campaigns/${campaignId}`)).json().nominations.map((n: { id: number }) => n.id);
    expect(await seen(as.admin)).toEqual([nominationId]);
    expect(await seen(as.unitadmin)).toEqual([nominationId]);
    expect(await seen(as.sec_a1)).toEqual([nominationId]);
    expect(await seen(as.badmin)).toEqual([]);
    expect((await as.badmin.get(`/api/honour-campaigns/${campaignId}`)).json().quotaLeft).toEqual([{ orgId: env.fx.b.id, orgName: 'B局机关党委', left: 5 }]);
  });

  it('nominating a member of another subtree is 404; members and the 三员 get 403', async () => {
    const res = await statuses((c) => c.post(`/api/honour-campaigns/${campaignId}/nominations`, { memberId: env.fx.membersA2[1], deeds: '事迹' }));
    expect(res).toEqual({ admin: 201, unitadmin: 409, badmin: 404, sec_a1: 404, ...REFUSED });
    expect(await statuses((c) => c.post(`/api/honour-nominations/${nominationId}/withdraw`))).toMatchObject({ badmin: 404, ...REFUSED });
  });

  it('review, 公示, objections and naming are the committee\'s', async () => {
    expect(await statuses((c) => c.post(`/api/honour-nominations/${nominationId}/review`, { decision: 'approve' }))).toMatchObject({ unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });
    expect(await statuses((c) => c.post(`/api/honour-campaigns/${campaignId}/close`))).toEqual({ admin: 200, unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });
    expect(await statuses((c) => c.post(`/api/honour-campaigns/${campaignId}/publicize`))).toMatchObject({ unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });
    expect(await statuses((c) => c.post(`/api/honour-campaigns/${campaignId}/objections`, { nominationId, receivedOn: '2026-11-23', channel: 'letter', fromWhom: '群众', content: '异议' }))).toMatchObject({ unitadmin: 403, badmin: 403, ...REFUSED });
    expect(await statuses((c) => c.post(`/api/honour-campaigns/${campaignId}/name`))).toMatchObject({ unitadmin: 403, badmin: 403, ...REFUSED });
  });

  it('the record: an organisation or member of another subtree is 404', async () => {
    expect(await statuses((c) => c.get('/api/honours?year=2026'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect(await statuses((c) => c.get(`/api/honours/orgs/${env.fx.a.id}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, ...REFUSED });
    expect(await statuses((c) => c.get(`/api/honours/members/${env.fx.membersA1[1]}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 200, ...REFUSED });
  });

  it('the 公示 page needs no login', async () => {
    expect((await env.anonymous().get('/api/public/honours')).statusCode).toBe(200);
    expect((await env.anonymous().get('/api/honour-campaigns')).statusCode).toBe(401);
  });
});
