import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyApp, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let leaky: LeakyApp;
let admin: TestClient;
let leakyAdmin: LeakyClient;

beforeAll(async () => {
  ({ env, leaky } = t);
  [admin, leakyAdmin] = await t.pair('admin');
});

const USER_KEYS = ['id', 'username', 'displayName', 'memberId', 'disabled', 'mustChangePassword', 'locked', 'lastLoginAt', 'grants', 'abilities'];

describe('account answers are filtered by their response schemas', () => {
  it('the list and a detail carry no key outside the schema (no password hash, no counters)', async () => {
    await env.login('sec_a1'); // logged in: lastLoginAt is set
    const id = env.fx.users.sec_a1; // an account the committee admin reaches
    await expectFilteredGets(admin, leakyAdmin, ['/api/users', `/api/users/${id}`]);
    const user = (await leakyAdmin.get(`/api/users/${id}`)).json();
    expect(Object.keys(user).sort()).toEqual([...USER_KEYS].sort());
    expect(Object.keys(user.grants[0]).sort()).toEqual(['orgId', 'orgName', 'role']);
    // A timestamp goes out as an ISO string, as JSON.stringify made of a Date before.
    expect(user.lastLoginAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('creating an account answers the account, filtered', async () => {
    const created = await leakyAdmin.post('/api/users', { username: 'new_user', password: 'Strong@2026pass', grants: [{ orgId: env.fx.b1.id, role: 'org_admin' }] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(LEAKED_KEY);
    expect(created.body).not.toContain('password');
    expect(Object.keys(created.json()).sort()).toEqual([...USER_KEYS].sort());
  });
});
