import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/harness.ts';
import { PASSWORD } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';
import { hashPassword } from '../../lib/password.ts';

// Every answer of the discipline register goes through its response schema: a key the handler adds
// that the schema does not name never reaches the client.

const t = useLeakyEnv();
let keeper: TestClient;
let leaky: LeakyClient;
let id: number;

beforeAll(async () => {
  const { env } = t;
  const { id: userId } = await env.deps.db
    .insertInto('app_user')
    .values({ username: 'jijian', display_name: '纪检', password_hash: await hashPassword(PASSWORD), member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: env.clock.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await env.deps.db.insertInto('role_grant').values({ user_id: userId, org_id: env.fx.root.id, role: 'discipline_officer', created_at: env.clock.now }).execute();
  [keeper, leaky] = await t.pair('jijian');
  const res = await keeper.post('/api/discipline-cases', { memberId: env.fx.membersA1[1], kind: 'gov_demerit', decidedOn: '2026-11-01', decidedBy: 'A局', summary: '事由' });
  expect(res.statusCode, res.body).toBe(201);
  id = res.json().id;
});

describe('discipline answers are filtered by their response schemas', () => {
  it('the list, one record and the member search', async () => {
    await expectFilteredGets(keeper, leaky, ['/api/discipline-cases', `/api/discipline-cases/${id}`, '/api/discipline-cases/members?q=钱']);
  });

  it('writes answer filtered too', async () => {
    const created = await leaky.post('/api/discipline-cases', { memberId: t.env.fx.membersA1[2], kind: 'reminder_talk', decidedOn: '2026-11-01', decidedBy: '张书记', summary: '提醒' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(LEAKED_KEY);
    const edited = await leaky.put(`/api/discipline-cases/${id}`, { kind: 'gov_warning', decidedOn: '2026-11-01', decidedBy: 'A局', summary: '事由' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.body).not.toContain(LEAKED_KEY);
    const revoked = await leaky.post(`/api/discipline-cases/${id}/revoke`, { revokedOn: '2026-11-20', reason: '复查' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.body).not.toContain(LEAKED_KEY);
  });
});
