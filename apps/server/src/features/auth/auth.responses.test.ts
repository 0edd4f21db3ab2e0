import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type TestEnv } from '../../../test/harness.ts';
import { LEAKED_KEY, useLeakyEnv, type LeakyApp } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let leaky: LeakyApp;

beforeAll(async () => {
  ({ env, leaky } = t);
});

describe('session answers are filtered by their response schema', () => {
  it('login, the session and a password change answer only user, grants, permissions, the CSRF token and the reviewer flag', async () => {
    const client = await leaky.login('sec_a1');
    for (const res of [client.login, await client.get('/api/auth/session'), await client.post('/api/auth/password', { oldPassword: PASSWORD, newPassword: 'Other@2026pass' })]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(LEAKED_KEY);
      const s = res.json();
      expect(Object.keys(s).sort()).toEqual(['csrfToken', 'grants', 'permissions', 'reviewer', 'scoringYear', 'user']);
      expect(Object.keys(s.user).sort()).toEqual(['displayName', 'id', 'memberId', 'mustChangePassword', 'username']);
      expect(s.user).not.toHaveProperty('password_hash');
    }
    const out = await client.post('/api/auth/logout');
    expect(out.json()).toEqual({ ok: true });
  });

  it('a wrong password answers the error body only', async () => {
    const res = await leaky.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wrong' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
  });
});
