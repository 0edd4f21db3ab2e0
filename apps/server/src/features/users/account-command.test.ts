import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestEnv } from '../../../test/harness.ts';
import { runAccountCommand } from './account-command.ts';

// The operator's account commands (npm run account): the one way to reset or disable the admin
// accounts, audited under the operator's OS user.

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const login = (username: string, password: string) => env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('npm run account', () => {
  it('reset-password gives the audit admin a new initial password, ends its sessions and lifts its lock', async () => {
    const session = await env.login('auditor');
    for (let i = 0; i < 5; i++) await login('auditor', 'Wrong@pass1');
    expect((await login('auditor', PASSWORD)).statusCode).toBe(423);
    const out = await runAccountCommand(env.deps, 'reset-password', 'auditor', 'ops');
    const password = /新初始密码：(\S+)/.exec(out)![1];
    expect((await session.get('/api/audit')).statusCode).toBe(401);
    expect((await login('auditor', PASSWORD)).statusCode).toBe(401);
    const fresh = await login('auditor', password);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().user.mustChangePassword).toBe(true);
    const record = await env.deps.db.selectFrom('audit_log').select(['actor_name', 'action', 'entity_id']).orderBy('id', 'desc').where('action', '=', 'user.password_reset').executeTakeFirstOrThrow();
    expect(record).toEqual({ actor_name: 'system:cli:ops', action: 'user.password_reset', entity_id: String(env.fx.users.auditor) });
  });

  it('disable and enable, and a clear error for an unknown name or command', async () => {
    await runAccountCommand(env.deps, 'disable', 'secadmin', 'ops');
    expect((await login('secadmin', PASSWORD)).statusCode).toBe(401);
    await runAccountCommand(env.deps, 'enable', 'secadmin', 'ops');
    expect((await login('secadmin', PASSWORD)).statusCode).toBe(200);
    await expect(runAccountCommand(env.deps, 'unlock', 'nobody', 'ops')).rejects.toThrow('账户不存在');
    await expect(runAccountCommand(env.deps, 'promote', 'secadmin', 'ops')).rejects.toThrow('未知命令');
  });
});
