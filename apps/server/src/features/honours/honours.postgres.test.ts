import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { hashPassword } from '../../lib/password.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): concurrent nominations against
// one unit's quota, two approvals of one nomination, two namings of one campaign. The quota is never
// exceeded; exactly one approval and one naming win, the others answer 409 and change nothing.

let env: TestEnv;
let admins: TestClient[];
let nominators: TestClient[];

beforeAll(async () => {
  env = await createTestEnv();
  const hash = await hashPassword(PASSWORD);
  const add = async (username: string, orgId: number, role: string) => {
    const { id } = await env.deps.db
      .insertInto('app_user')
      .values({ username, display_name: username, password_hash: hash, member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: env.clock.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await env.deps.db.insertInto('role_grant').values({ user_id: id, org_id: orgId, role, created_at: env.clock.now }).execute();
  };
  for (const u of ['ca1', 'ca2']) await add(u, env.fx.root.id, 'committee_admin');
  for (const u of ['ua1', 'ua2', 'ua3', 'ua4']) await add(u, env.fx.a.id, 'org_admin');
  admins = await Promise.all(['ca1', 'ca2'].map((u) => env.login(u)));
  nominators = await Promise.all(['ua1', 'ua2', 'ua3', 'ua4'].map((u) => env.login(u)));
});
afterAll(() => env.close());

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const campaign = {
  year: 2026,
  kind: 'excellent_member',
  title: '2026年度优秀共产党员',
  periodFrom: '2026-01-01',
  periodTo: '2026-12-31',
  quota: 2,
  rules: { discipline: { enabled: true, advisory: false }, compliance: { enabled: false, advisory: true, threshold: 90 }, red_card: { enabled: false, advisory: false } },
  publicityDays: 1,
  objectionContact: '工委组织部',
};
let id: number;

describe('honours races on PostgreSQL', () => {
  it('four admins of one unit nominate four members at once against a quota of two: two stand, two get 409', async () => {
    id = (await admins[0].post('/api/honour-campaigns', campaign)).json().id;
    await admins[0].post(`/api/honour-campaigns/${id}/open`);
    const results = await Promise.all(nominators.map((c, i) => c.post(`/api/honour-campaigns/${id}/nominations`, { memberId: env.fx.membersA1[i + 1], deeds: `事迹${i}` })));
    expect(codes(results)).toEqual([201, 201, 409, 409]);
    expect(await env.deps.db.selectFrom('honour_nomination').select('id').where('campaign_id', '=', id).execute()).toHaveLength(2);
  });

  it('two approvals of one nomination at once: one 200, one 409, one audit record', async () => {
    await admins[0].post(`/api/honour-campaigns/${id}/close`);
    const noms = await env.deps.db.selectFrom('honour_nomination').select('id').where('campaign_id', '=', id).orderBy('id').execute();
    const results = await Promise.all(admins.map((a) => a.post(`/api/honour-nominations/${noms[0].id}/review`, { decision: 'approve' })));
    expect(codes(results)).toEqual([200, 409]);
    expect(await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'honour_nomination.approve').execute()).toHaveLength(1);
    await admins[0].post(`/api/honour-nominations/${noms[1].id}/review`, { decision: 'reject', reason: '事迹不够突出' });
  });

  it('two namings at once: one wins, the honour is named once', async () => {
    const p = await admins[0].post(`/api/honour-campaigns/${id}/publicize`);
    expect(p.json()).toMatchObject({ publicityFrom: '2026-11-23', publicityUntil: '2026-11-23' });
    env.clock.advanceMinutes(24 * 60);
    const fresh = await Promise.all(['ca1', 'ca2'].map((u) => env.login(u)));
    const results = await Promise.all(fresh.map((a) => a.post(`/api/honour-campaigns/${id}/name`)));
    expect(codes(results)).toEqual([200, 409]);
    expect(await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'honour_campaign.name').execute()).toHaveLength(1);
    expect((await fresh[0].get('/api/honours?year=2026')).json().items).toHaveLength(1);
  });
});
