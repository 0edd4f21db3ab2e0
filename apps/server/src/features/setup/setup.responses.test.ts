import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let admin: TestClient;
let leakyAdmin: LeakyClient;

beforeAll(async () => {
  env = t.env;
  [admin, leakyAdmin] = await t.pair('admin');
  await admin.post(`/api/orgs/${env.fx.a2.id}/committee`, { memberId: env.fx.membersA2[1], post: 'secretary', startedOn: '2025-01-01' });
});

describe('setup answers are filtered by their response schemas', () => {
  it('the progress carries no key outside the schema', async () => {
    await expectFilteredGets(admin, leakyAdmin, ['/api/setup/progress']);
    const p = (await leakyAdmin.get('/api/setup/progress')).json();
    expect(Object.keys(p).sort()).toEqual(['canGenerateAccounts', 'doneCount', 'empty', 'steps', 'total']);
    expect(Object.keys(p.steps[0]).sort()).toEqual(['done', 'key', 'missing']);
  });

  it('preview and result: the rows as declared (no organisation path, no password hash)', async () => {
    const preview = await leakyAdmin.post('/api/setup/secretary-accounts/preview', {});
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.body).not.toContain(LEAKED_KEY);
    expect(Object.keys(preview.json().items[0]).sort()).toEqual(['existingUsername', 'memberId', 'memberName', 'orgId', 'orgName', 'parentOrgName', 'reason', 'state', 'username']);
    const created = await leakyAdmin.post('/api/setup/secretary-accounts', { memberIds: [env.fx.membersA2[1]] });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.body).not.toContain(LEAKED_KEY);
    expect(Object.keys(created.json().created[0]).sort()).toEqual(['initialPassword', 'memberId', 'memberName', 'orgId', 'orgName', 'parentOrgName', 'userId', 'username']);
  });
});
