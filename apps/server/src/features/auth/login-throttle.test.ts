import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestEnv } from '../../../test/harness.ts';

// Login throttling (H5 and the lower findings): failures count atomically before the slow hash,
// a lock answers the same for real and unknown names, addresses are limited too, the
// change-password check counts failures, and recent passwords cannot be chosen again.

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  env.deps.throttle = { maxFailuresPerIp: 1000 };
});
afterAll(() => env.close());

const login = (username: string, password: string, ip = '10.0.0.1') =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

const auditActions = async (username: string) =>
  (await env.deps.db.selectFrom('audit_log').select(['action', 'after']).orderBy('id').execute())
    .filter((r) => (r.after as { username?: string } | null)?.username === username)
    .map((r) => r.action);

describe('parallel wrong passwords', () => {
  it('lock the account after 5, and the right password sent among them is refused', async () => {
    const tries = [...Array.from({ length: 40 }, () => login('member_a1', 'Wrong@pass1')), login('member_a1', PASSWORD)];
    const statuses = (await Promise.all(tries)).map((r) => r.statusCode);
    // At most five attempts were checked at all; everything beyond them was refused as locked.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThanOrEqual(36);
    expect((await login('member_a1', PASSWORD)).statusCode).toBe(423);
    const row = await env.deps.db.selectFrom('login_attempt').selectAll().where('key', '=', 'u:member_a1').executeTakeFirstOrThrow();
    expect(row.locked_until! > env.clock.now).toBe(true);
  });
});

describe('a lock says nothing about whether the name exists', () => {
  it('an unknown name locks after 5 failures with the same answer as a real one', async () => {
    const real: number[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 6; i++) {
      real.push((await login('sec_a2', 'Wrong@pass1')).statusCode);
      const r = await login('no_such_user', 'Wrong@pass1');
      unknown.push(`${r.statusCode} ${r.json().message}`);
    }
    expect(real).toEqual([401, 401, 401, 401, 423, 423]);
    const realLocked = await login('sec_a2', 'Wrong@pass1');
    expect(unknown.at(-1)).toBe(`423 ${realLocked.json().message}`);
    expect(unknown.slice(0, 4).every((u) => u === '401 用户名或密码错误')).toBe(true);
  });

  it('failed logins for unknown names are audited, with the typed name and the address', async () => {
    const rows = (await env.deps.db.selectFrom('audit_log').select(['action', 'actor_name', 'ip', 'after']).orderBy('id').execute()).filter(
      (r) => (r.after as { username?: string } | null)?.username === 'no_such_user',
    );
    expect(rows.map((r) => r.action)).toEqual(['auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.locked', 'auth.login_refused_locked']);
    expect(rows[0].ip).toBe('10.0.0.1');
    expect(rows[0].actor_name).toBe('system:anonymous');
  });

  it('the lock ends after 15 minutes', async () => {
    env.clock.advanceMinutes(16);
    expect((await login('sec_a2', PASSWORD)).statusCode).toBe(200);
  });
});

describe('per address', () => {
  it('an address that keeps failing on many names is blocked, other addresses are not', async () => {
    env.deps.throttle = { maxFailuresPerIp: 8 };
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await login(`spray${i}`, 'Wrong@pass1', '10.9.9.9')).statusCode);
      expect(statuses.slice(0, 8)).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
      expect(statuses.slice(8)).toEqual([429, 429]);
      const blocked = await login('sec_a1', PASSWORD, '10.9.9.9');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().message).toContain('分钟后再试');
      expect((await login('sec_a1', PASSWORD, '10.9.9.10')).statusCode).toBe(200);
      // The block was audited once when it began; the refused attempts during it add nothing.
      const audited = await env.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'auth.ip_blocked').execute();
      expect(audited).toHaveLength(1);
      expect(audited[0].after).toMatchObject({ ip: '10.9.9.9' });
    } finally {
      env.deps.throttle = { maxFailuresPerIp: 1000 };
    }
  });
});

describe('changing one\'s own password', () => {
  it('counts wrong old passwords: at the limit the account locks and its sessions end', async () => {
    const c = await env.login('unitadmin');
    for (let i = 0; i < 4; i++) {
      const r = await c.post('/api/auth/password', { oldPassword: 'Wrong@pass1', newPassword: 'Newer@2026pw' });
      expect(r.statusCode).toBe(400);
    }
    const fifth = await c.post('/api/auth/password', { oldPassword: 'Wrong@pass1', newPassword: 'Newer@2026pw' });
    expect(fifth.statusCode).toBe(423);
    expect((await c.get('/api/auth/session')).statusCode).toBe(401);
    expect((await login('unitadmin', PASSWORD)).statusCode).toBe(423);
    expect(await auditActions('unitadmin')).toEqual(expect.arrayContaining(['auth.password_change_failed', 'auth.locked']));
    env.clock.advanceMinutes(16);
  });

  it('the last five passwords cannot be chosen again', async () => {
    const c = await env.login('sec_a1');
    const chain = ['First@2026pw', 'Second@2026pw', 'Third@2026pw'];
    let current = PASSWORD;
    for (const next of chain) {
      expect((await c.post('/api/auth/password', { oldPassword: current, newPassword: next })).statusCode).toBe(200);
      current = next;
    }
    for (const old of ['First@2026pw', 'Second@2026pw', 'Third@2026pw']) {
      const r = await c.post('/api/auth/password', { oldPassword: current, newPassword: old });
      expect(r.statusCode, old).toBe(400);
      expect(r.json().message).toContain('最近5次');
    }
  });

  it('a forced change after a reset cannot go straight back to the password before it', async () => {
    const admin = await env.login('admin');
    const c0 = await env.login('sec_a2');
    expect((await c0.post('/api/auth/password', { oldPassword: PASSWORD, newPassword: 'Mine@2026own' })).statusCode).toBe(200);
    expect((await admin.post(`/api/users/${env.fx.users.sec_a2}/password`, { password: 'Reset@2026tmp' })).statusCode).toBe(200);
    const c = await env.login('sec_a2', 'Reset@2026tmp');
    const back = await c.post('/api/auth/password', { oldPassword: 'Reset@2026tmp', newPassword: 'Mine@2026own' });
    expect(back.statusCode).toBe(400);
    expect((await c.post('/api/auth/password', { oldPassword: 'Reset@2026tmp', newPassword: 'Fresh@2026new' })).statusCode).toBe(200);
  });

  it('an administrator\'s reset lifts a lock', async () => {
    for (let i = 0; i < 5; i++) await login('member_a1', 'Wrong@pass1');
    expect((await login('member_a1', PASSWORD)).statusCode).toBe(423);
    const sec = await env.login('sec_a1', 'Third@2026pw');
    expect((await sec.get('/api/users?pageSize=50')).json().items.find((u: { username: string }) => u.username === 'member_a1').locked).toBe(true);
    expect((await sec.post(`/api/users/${env.fx.users.member_a1}/password`, { password: 'Given@2026pw' })).statusCode).toBe(200);
    expect((await login('member_a1', 'Given@2026pw')).statusCode).toBe(200);
  });
});
