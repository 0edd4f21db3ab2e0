import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { eventually } from '../../test/eventually.ts';
import type { Database } from './connection.ts';
import type { ChangeTopic } from './change-feed.ts';

// The change feed that empties the session and organisation caches: writes through this process's
// query builder are heard at once; any write, by anyone, is heard through the database on commit;
// bookkeeping updates (a session's last activity, a login's counters) are not changes.

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

function record(database: Database) {
  const heard: ChangeTopic[] = [];
  const stop = database.changes.subscribe((t) => heard.push(t));
  return { heard, stop };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('change feed', () => {
  it('is live once the database is open', async () => {
    expect(await eventually(() => env.database.changes.live)).toBe(true);
  });

  it('a grant written through the query builder is heard before the statement returns', async () => {
    const { heard, stop } = record(env.database);
    await env.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('role_grant').values({ user_id: env.fx.users.auditor, org_id: env.fx.a.id, role: 'member', created_at: new Date() }).execute();
      expect(heard).toContain('auth');
      throw new Error('rollback');
    }).catch(() => {});
    stop();
  });

  it('a rename in raw SQL (as another process or psql would) is heard after the commit, not before', async () => {
    const { heard, stop } = record(env.database);
    await env.database.db.transaction().execute(async (trx) => {
      await sql`update org set name = 'B局机关党委（新）' where id = ${env.fx.b.id}`.execute(trx);
      await pause(150);
      expect(heard).toEqual([]);
    });
    expect(await eventually(() => heard.includes('org'))).toBe(true);
    heard.length = 0;
    await sql`update org set name = 'B局机关党委' where id = ${env.fx.b.id}`.execute(env.database.db);
    expect(await eventually(() => heard.includes('org'))).toBe(true); // heard here, not in the next test
    stop();
  });

  it('a session touched, a login counted or an organisation re-dated is no change', async () => {
    const { heard, stop } = record(env.database);
    await env.login('sec_a2'); // inserts a session, updates last_login_at
    await env.database.db.updateTable('session').set({ last_seen_at: new Date() }).execute();
    await sql`update app_user set last_login_at = now()`.execute(env.database.db);
    await sql`insert into login_attempt (key, failures, window_started_at) values ('u:x', 1, now())`.execute(env.database.db);
    await sql`update org set term_end = '2029-01-01' where id = ${env.fx.a1.id}`.execute(env.database.db);
    await pause(300);
    expect(heard).toEqual([]);
    stop();
  });

  it('an ended session, a disabled account and a new organisation are heard', async () => {
    const { heard, stop } = record(env.database);
    await sql`delete from session where user_id = ${env.fx.users.sec_a2}`.execute(env.database.db);
    expect(await eventually(() => heard.includes('auth'))).toBe(true);
    heard.length = 0;
    await sql`update app_user set disabled = disabled where id = ${env.fx.users.sec_a2}`.execute(env.database.db);
    await pause(200);
    expect(heard).toEqual([]); // nothing cached changed
    await sql`update app_user set display_name = 'x' where id = ${env.fx.users.sec_a2}`.execute(env.database.db);
    expect(await eventually(() => heard.includes('auth'))).toBe(true);
    stop();
  });
});
