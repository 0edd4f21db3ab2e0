import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { eventually } from '../../../test/eventually.ts';

// Sessions are served from memory (session-cache.ts). What a user must never notice: a revoked
// grant, a disabled account, a logout or a renamed organisation takes effect on the very next
// request in this process (other processes: multi-process.postgres.test.ts).

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());


describe('session cache, one process', () => {
  it("changed grants end the account's sessions on the next request; the new login has the new grants", async () => {
    const unit = await env.login('unitadmin');
    const secadmin = await env.login('secadmin');
    expect((await unit.get(`/api/members?orgId=${env.fx.a1.id}`)).statusCode).toBe(200);
    expect((await unit.get(`/api/members?orgId=${env.fx.a1.id}`)).statusCode).toBe(200); // served from the cache
    const put = await secadmin.put(`/api/users/${env.fx.users.unitadmin}/grants`, { grants: [{ orgId: env.fx.a2.id, role: 'org_admin' }] });
    expect(put.statusCode, put.body).toBe(200);
    expect((await unit.get(`/api/members?orgId=${env.fx.a1.id}`)).statusCode).toBe(401);
    const again = await env.login('unitadmin');
    expect((await again.get(`/api/members?orgId=${env.fx.a1.id}`)).statusCode).toBe(404);
    expect((await again.get(`/api/members?orgId=${env.fx.a2.id}`)).statusCode).toBe(200);
    await secadmin.put(`/api/users/${env.fx.users.unitadmin}/grants`, { grants: [{ orgId: env.fx.a.id, role: 'org_admin' }] });
  });

  it("a grant revoked behind the application's back (psql) is gone within moments", async () => {
    const unit = await env.login('unitadmin');
    expect((await unit.get(`/api/members?orgId=${env.fx.a1.id}`)).statusCode).toBe(200);
    await sql`update role_grant set org_id = ${env.fx.a2.id} where user_id = ${env.fx.users.unitadmin}`.execute(env.database.db);
    expect(await eventually(async () => (await unit.get(`/api/members?orgId=${env.fx.a1.id}`)).statusCode === 404)).toBe(true);
    await sql`update role_grant set org_id = ${env.fx.a.id} where user_id = ${env.fx.users.unitadmin}`.execute(env.database.db);
    expect(await eventually(async () => (await unit.get(`/api/members?orgId=${env.fx.a1.id}`)).statusCode === 200)).toBe(true);
  });

  it('a disabled account is logged out on the next request', async () => {
    const member = await env.login('member_a1');
    const unitadmin = await env.login('unitadmin');
    expect((await member.get('/api/auth/session')).statusCode).toBe(200);
    expect((await unitadmin.patch(`/api/users/${env.fx.users.member_a1}`, { disabled: true })).statusCode).toBe(200);
    expect((await member.get('/api/auth/session')).statusCode).toBe(401);
    await unitadmin.patch(`/api/users/${env.fx.users.member_a1}`, { disabled: false });
  });

  it('a renamed organisation shows in the grants at once', async () => {
    const sec = await env.login('sec_a2');
    const admin = await env.login('admin');
    const names = async () => (await sec.get('/api/auth/session')).json().grants.map((g: { orgName: string }) => g.orgName);
    expect(await names()).toContain('A局业务处党支部');
    expect((await admin.patch(`/api/orgs/${env.fx.a2.id}`, { name: 'A局业务一处党支部' })).statusCode).toBe(200);
    expect(await names()).toContain('A局业务一处党支部');
    await admin.patch(`/api/orgs/${env.fx.a2.id}`, { name: 'A局业务处党支部' });
  });

  it('a moved branch is filtered by its new path at once', async () => {
    const admin = await env.login('admin');
    const unit = await env.login('unitadmin');
    expect((await unit.get(`/api/members?orgId=${env.fx.b1.id}`)).statusCode).toBe(404);
    expect((await admin.post(`/api/orgs/${env.fx.b1.id}/move`, { newParentId: env.fx.a.id })).statusCode).toBe(200);
    const moved = await unit.get(`/api/members?orgId=${env.fx.b1.id}`);
    expect(moved.statusCode).toBe(200);
    expect(moved.json().total).toBe(4);
    expect((await admin.post(`/api/orgs/${env.fx.b1.id}/move`, { newParentId: env.fx.b.id })).statusCode).toBe(200);
    expect((await unit.get(`/api/members?orgId=${env.fx.b1.id}`)).statusCode).toBe(404);
  });
});
