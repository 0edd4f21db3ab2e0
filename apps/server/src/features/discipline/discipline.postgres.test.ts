import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { hashPassword } from '../../lib/password.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): two keepers revoke one record at
// once, and two expulsions of one member at once. Exactly one wins; the other answers 409 and
// changes nothing — one status change in the member's history, one audit record.

let env: TestEnv;
let keepers: TestClient[];
beforeAll(async () => {
  env = await createTestEnv();
  const hash = await hashPassword(PASSWORD);
  for (const username of ['jj1', 'jj2']) {
    const { id } = await env.deps.db
      .insertInto('app_user')
      .values({ username, display_name: username, password_hash: hash, member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: env.clock.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await env.deps.db.insertInto('role_grant').values({ user_id: id, org_id: env.fx.root.id, role: 'discipline_officer', created_at: env.clock.now }).execute();
  }
  keepers = await Promise.all([env.login('jj1'), env.login('jj2')]);
});
afterAll(() => env.close());

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const base = { kind: 'party_expulsion', decidedOn: '2026-11-02', decidedBy: '市纪委', summary: '严重违纪' };

describe('discipline register races on PostgreSQL', () => {
  it('two expulsions of one member at once: one record, one status change, the other 409', async () => {
    const memberId = env.fx.membersA1[4];
    const results = await Promise.all(keepers.map((k) => k.post('/api/discipline-cases', { ...base, memberId })));
    expect(codes(results)).toEqual([201, 409]);
    expect(await env.deps.db.selectFrom('discipline_record').select('id').where('member_id', '=', memberId).execute()).toHaveLength(1);
    expect(await env.deps.db.selectFrom('member_status_history').select('id').where('member_id', '=', memberId).execute()).toHaveLength(1);
  });

  it('two revocations of one record at once: one wins, the member is restored once', async () => {
    const memberId = env.fx.membersA1[4];
    const id = (await env.deps.db.selectFrom('discipline_record').select('id').where('member_id', '=', memberId).executeTakeFirstOrThrow()).id;
    const results = await Promise.all(keepers.map((k, i) => k.post(`/api/discipline-cases/${id}/revoke`, { revokedOn: '2026-11-20', reason: `复查${i}` })));
    expect(codes(results)).toEqual([200, 409]);
    expect(await env.deps.db.selectFrom('member_status_history').select('to_status').where('member_id', '=', memberId).orderBy('id').execute()).toEqual([{ to_status: 'expelled' }, { to_status: 'normal' }]);
    expect(await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'discipline.revoke').where('entity_id', '=', String(id)).execute()).toHaveLength(1);
  });
});
