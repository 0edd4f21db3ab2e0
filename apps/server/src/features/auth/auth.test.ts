import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestEnv } from '../../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const login = (username: string, password: string) => env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('login', () => {
  it('sets an HttpOnly SameSite session cookie and returns the CSRF token and permissions', async () => {
    const res = await login('sec_a1', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'xf_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const body = res.json();
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(body.permissions).toContain('member.write');
    expect(body.grants.map((g: { orgName: string }) => g.orgName)).toContain('A局综合处党支部');
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const a = await login('nobody', PASSWORD);
    const b = await login('sec_a2', 'Wrong@pass1');
    expect([a.statusCode, b.statusCode]).toEqual([401, 401]);
    expect(a.json().message).toBe('用户名或密码错误');
    expect(b.json().message).toBe('用户名或密码错误');
  });

  it('locks the account for 15 minutes after 5 failures, then lets it in again', async () => {
    for (let i = 0; i < 4; i++) expect((await login('member_a1', 'Wrong@pass1')).statusCode).toBe(401);
    const fifth = await login('member_a1', 'Wrong@pass1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().message).toContain('锁定');
    // Even the right password is refused while locked.
    expect((await login('member_a1', PASSWORD)).statusCode).toBe(423);
    env.clock.advanceMinutes(14);
    expect((await login('member_a1', PASSWORD)).statusCode).toBe(423);
    env.clock.advanceMinutes(2);
    expect((await login('member_a1', PASSWORD)).statusCode).toBe(200);
    const actions = await env.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(env.fx.users.member_a1)).execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.locked', 'auth.login']));
  });
});

describe('session', () => {
  it('ends after 30 idle minutes, and activity keeps it alive', async () => {
    const c = await env.login('sec_a2');
    env.clock.advanceMinutes(29);
    expect((await c.get('/api/auth/session')).statusCode).toBe(200);
    env.clock.advanceMinutes(29);
    expect((await c.get('/api/orgs')).statusCode).toBe(200);
    env.clock.advanceMinutes(31);
    const res = await c.get('/api/orgs');
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toContain('超时');
    expect((await c.get('/api/orgs')).statusCode).toBe(401);
  });

  it('refuses a state-changing request without the CSRF token, even with the cookie', async () => {
    const c = await env.login('admin');
    const body = { parentId: env.fx.a.id, name: '无令牌党支部', type: 'branch' };
    const noToken = await env.app.inject({ method: 'POST', url: '/api/orgs', headers: { cookie: c.cookie }, payload: body });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('CSRF');
    const wrong = await env.app.inject({ method: 'POST', url: '/api/orgs', headers: { cookie: c.cookie, 'x-csrf-token': 'forged' }, payload: body });
    expect(wrong.json().code).toBe('CSRF');
    expect((await c.get('/api/orgs')).json().some((o: { name: string }) => o.name === '无令牌党支部')).toBe(false);
    expect((await c.post('/api/orgs', body)).statusCode).toBe(201);
  });

  it('logout ends the session', async () => {
    const c = await env.login('sec_a2');
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/session')).statusCode).toBe(401);
    // The console asks /api/auth/state on start: signed out is an answer, not an error.
    const state = await c.get('/api/auth/state');
    expect(state.statusCode).toBe(200);
    expect(state.json()).toEqual({ session: null });
  });

  it('GET /api/auth/state answers the session when signed in, null without a cookie', async () => {
    const anonymous = await env.app.inject({ method: 'GET', url: '/api/auth/state' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ session: null });
    const c = await env.login('sec_a2');
    const state = (await c.get('/api/auth/state')).json();
    expect(state.session).toEqual((await c.get('/api/auth/session')).json());
  });
});

describe('initial password', () => {
  it('must be changed before anything else, and the new one must follow the policy', async () => {
    const admin = await env.login('admin');
    const created = await admin.post('/api/users', { username: 'newsecretary', password: 'Init@2026a', grants: [{ orgId: env.fx.a2.id, role: 'org_admin' }] });
    expect(created.statusCode).toBe(201);
    const c = await env.login('newsecretary', 'Init@2026a');
    expect((await c.get('/api/auth/session')).json().user.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/orgs');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.post('/api/auth/password', { oldPassword: 'Init@2026a', newPassword: 'short' })).statusCode).toBe(400);
    expect((await c.post('/api/auth/password', { oldPassword: 'Wrong@2026a', newPassword: 'Better@2026b' })).json().message).toContain('原密码不正确');
    const changed = await c.post('/api/auth/password', { oldPassword: 'Init@2026a', newPassword: 'Better@2026b' });
    expect(changed.statusCode).toBe(200);
    expect((await c.get('/api/orgs')).statusCode).toBe(200);
    expect((await login('newsecretary', 'Init@2026a')).statusCode).toBe(401);
    expect((await login('newsecretary', 'Better@2026b')).statusCode).toBe(200);
  });

  it('a disabled account cannot log in and its sessions end', async () => {
    const admin = await env.login('admin');
    const c = await env.login('sec_a2');
    expect((await admin.patch(`/api/users/${env.fx.users.sec_a2}`, { disabled: true })).statusCode).toBe(200);
    expect((await c.get('/api/orgs')).statusCode).toBe(401);
    expect((await login('sec_a2', PASSWORD)).statusCode).toBe(401);
  });
});
