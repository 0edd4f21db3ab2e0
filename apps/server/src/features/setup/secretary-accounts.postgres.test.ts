import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Two admins generating secretaries' accounts at the same moment (PostgreSQL pass only: PGlite's
// single connection runs the requests one after the other). The members' rows are locked in the
// transaction, so the second waits, then finds the first's accounts (已有账户): never two
// accounts for one member, never a half-written batch.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secretaries: number[];

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit] = await Promise.all([env.login('admin'), env.login('unitadmin')]);
  // A1's secretary 孙三 and A2's 陈乙, neither with an account yet.
  secretaries = [env.fx.membersA1[2], env.fx.membersA2[1]];
  for (const [org, member] of [[env.fx.a1.id, secretaries[0]], [env.fx.a2.id, secretaries[1]]]) {
    expect((await admin.post(`/api/orgs/${org}/committee`, { memberId: member, post: 'secretary', startedOn: '2025-01-01' })).statusCode).toBe(201);
  }
});
afterAll(() => env.close());

describe('bulk secretary accounts on PostgreSQL', () => {
  it('five generations by two admins at once: one account per member, the rest report it', async () => {
    const results = await Promise.all([admin, unit, admin, unit, admin].map((c) => c.post('/api/setup/secretary-accounts', { memberIds: secretaries })));
    // The lock makes the losers wait and report, not fail: without it they would collide on the
    // username's unique constraint (409) — the backstop, not the mechanism.
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const ok = results.filter((r) => r.statusCode === 200).map((r) => r.json());
    const createdIds = ok.flatMap((b) => b.created.map((c: { memberId: number }) => c.memberId)).sort();
    expect(createdIds).toEqual([...secretaries].sort());
    for (const member of secretaries) {
      const rows = await env.deps.db.selectFrom('app_user').select('id').where('member_id', '=', member).execute();
      expect(rows, `member ${member}`).toHaveLength(1);
    }
    // Everyone else saw them as existing accounts.
    for (const b of ok) for (const s of b.skipped) expect(s.state).toBe('has_account');
    const audits = await env.deps.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'user.create').execute();
    expect(audits).toHaveLength(2);
  });
});
