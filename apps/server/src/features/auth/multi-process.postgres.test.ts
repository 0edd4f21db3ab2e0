import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { eventually } from '../../../test/eventually.ts';
import { openDatabase, type Database } from '../../db/connection.ts';
import { buildApp } from '../../app.ts';
import { createCaches } from '../../http/deps.ts';

// Two server processes on one PostgreSQL database (the second is a second connection pool, change
// feed and app in this test process): what one changes, the other's caches drop within moments.
// Only on PostgreSQL — PGlite is one process by nature; vitest.config.ts leaves this file out there.

let env: TestEnv;
let other: Database;
let app2: FastifyInstance;
beforeAll(async () => {
  env = await createTestEnv();
  const name = (await sql<{ db: string }>`select current_database() as db`.execute(env.database.db)).rows[0].db;
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  other = await openDatabase({ url: u.toString() });
  app2 = await buildApp({ deps: { ...env.deps, db: other.db, caches: createCaches(other.changes) } });
  await eventually(() => other.changes.live);
});
afterAll(async () => {
  await app2.close();
  await other.close();
  await env.close();
});


describe('change feed across processes', () => {
  it('a grant written in one process is heard by the other', async () => {
    expect(await eventually(() => other.changes.live)).toBe(true);
    const heard: string[] = [];
    const stop = other.changes.subscribe((t) => heard.push(t));
    await env.database.db.deleteFrom('role_grant').where('user_id', '=', env.fx.users.unitadmin).where('role', '=', 'member').execute();
    await env.database.db.insertInto('role_grant').values({ user_id: env.fx.users.unitadmin, org_id: env.fx.a.id, role: 'member', created_at: new Date() }).execute();
    expect(await eventually(() => heard.includes('auth'))).toBe(true);
    stop();
  });

  it('is not live while its connection is down, and comes back', async () => {
    expect(other.changes.live).toBe(true);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen%' and datname = current_database() and pid <> pg_backend_pid()`.execute(env.database.db);
    expect(await eventually(() => !other.changes.live)).toBe(true);
    expect(await eventually(() => other.changes.live, 5000)).toBe(true);
  });
});

describe('session cache, two server processes', () => {
  it('a logout on one server ends the session on the other', async () => {
    const sec = await env.login('sec_a2');
    const onOther = () => app2.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: sec.cookie } });
    expect((await onOther()).statusCode).toBe(200);
    expect((await onOther()).statusCode).toBe(200); // now cached on the other server
    expect((await sec.post('/api/auth/logout')).statusCode).toBe(200);
    expect(await eventually(async () => (await onOther()).statusCode === 401)).toBe(true);
  });

  it('a branch moved on one server is filtered by its new path on the other', async () => {
    const admin = await env.login('admin');
    const unit = await env.login('unitadmin');
    const onOther = () => app2.inject({ method: 'GET', url: `/api/members?orgId=${env.fx.b1.id}`, headers: { cookie: unit.cookie } });
    expect((await onOther()).statusCode).toBe(404);
    expect((await admin.post(`/api/orgs/${env.fx.b1.id}/move`, { newParentId: env.fx.a.id })).statusCode).toBe(200);
    expect(await eventually(async () => (await onOther()).statusCode === 200)).toBe(true);
    expect((await admin.post(`/api/orgs/${env.fx.b1.id}/move`, { newParentId: env.fx.b.id })).statusCode).toBe(200);
    expect(await eventually(async () => (await onOther()).statusCode === 404)).toBe(true);
  });
});
