import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { verifyAuditChain } from './audit.repository.ts';

// A row removed from the middle of the chain, with the next row's previous hash relinked to
// hide the gap: each hash covers the previous hash, so the relinked row no longer verifies.
// (The review's surviving mutant — dropping the previous hash from the hashed content — passed
// every test before this one.)

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const admin = await env.login('admin');
  for (const name of ['链一党小组', '链二党小组', '链三党小组']) {
    expect((await admin.post('/api/orgs', { parentId: env.fx.a1.id, name, type: 'party_group' })).statusCode).toBe(201);
  }
});
afterAll(() => env.close());

describe('the audit chain', () => {
  it('a deleted row whose successor was relinked is reported', async () => {
    const db = env.database.db;
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    const rows = await db.selectFrom('audit_log').select(['id', 'prev_hash', 'hash']).where('action', '=', 'org.create').orderBy('id').execute();
    const [, removed, next] = [rows[0], rows[1], rows[2]];
    expect(next).toBeDefined();
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
    await sql`delete from audit_log where id = ${removed.id}`.execute(db);
    // Hide the gap: the next row now claims the removed row's predecessor.
    await sql`update audit_log set prev_hash = ${removed.prev_hash} where id = ${next.id}`.execute(db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, brokenAt: String(next.id) });
    expect(result.reason).toContain('篡改');
  });
});
