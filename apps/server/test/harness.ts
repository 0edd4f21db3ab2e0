import { hashPassword } from '../src/lib/password.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import type { Database } from '../src/db/connection.ts';
import { createCaches, type AppDeps } from '../src/http/deps.ts';
import { createFieldCipher } from '../src/lib/field-cipher.ts';
import { createDiskFileStore } from '../src/lib/file-store.ts';
import { openTestDatabase } from './database.ts';
import { PASSWORD_FOR_FIXTURE, seedFixture, type Fixture } from './fixture.ts';
import { XLSX_TYPE } from '../src/http/xlsx.ts';

export type TestClient = {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** POST one file as multipart/form-data (field "file"), as the console uploads it. */
  upload(url: string, filename: string, content: Buffer, contentType?: string): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  csrfToken: string;
  cookie: string;
};

export type TestEnv = {
  app: FastifyInstance;
  deps: AppDeps;
  database: Database;
  /** The folder of this env's file store (a temporary directory, removed by close). */
  filesDir: string;
  fx: Fixture;
  /** The server's log lines (errors) while this env ran. */
  logs: string[];
  /** The test clock: starts 2026-11-23 10:00 (Beijing) and only moves when told. */
  clock: { now: Date; advanceMinutes(m: number): void };
  login(username: string, password?: string): Promise<TestClient>;
  /** One more account (password PASSWORD) with these grants, linked to a member or not; its id. */
  addAccount(username: string, grants: [orgId: number, role: string][], memberId?: number | null): Promise<number>;
  anonymous(): TestClient;
  count(table: 'member' | 'org' | 'app_user' | 'role_grant' | 'audit_log' | 'org_committee_member' | 'unit' | 'member_status_history'): Promise<number>;
  close(): Promise<void>;
};

export const PASSWORD = PASSWORD_FOR_FIXTURE;
export const MASTER_KEY = Buffer.alloc(32, 7);

function client(app: FastifyInstance, cookie: string, csrfToken: string): TestClient {
  const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }), ...headers },
      ...(body !== undefined ? { payload: body as never } : {}),
    });
  return {
    get: (url) => send('GET', url),
    post: (url, body, headers) => send('POST', url, body ?? {}, headers),
    put: (url, body) => send('PUT', url, body ?? {}),
    upload: (url, filename, content, contentType = XLSX_TYPE) => {
      const boundary = '----xianfeng-test-boundary';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
      const body = Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return send('POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    },
    patch: (url, body) => send('PATCH', url, body ?? {}),
    delete: (url) => send('DELETE', url),
    csrfToken,
    cookie,
  };
}

/** A real app on a real database of its own, with the fixture city and an account per role. */
export async function createTestEnv(): Promise<TestEnv> {
  const database = await openTestDatabase();
  const clock = {
    now: new Date('2026-11-23T02:00:00Z'),
    advanceMinutes(m: number) {
      this.now = new Date(this.now.getTime() + m * 60_000);
    },
  };
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'xf-files-'));
  const deps: AppDeps = {
    db: database.db,
    dbKind: database.kind,
    cipher: createFieldCipher(MASTER_KEY),
    files: createDiskFileStore(filesDir),
    clock: () => clock.now,
    sessionIdleMinutes: 30,
    secureCookies: false,
    caches: createCaches(database.changes),
  };
  const fx = await seedFixture(deps);
  const logs: string[] = [];
  // Error lines are kept for tests to read (env.logs) and shown, since no test expects a 500.
  const logStream = { write: (line: string) => void (logs.push(line), process.stderr.write(line)) };
  const app = await buildApp({ deps, logStream });
  await app.ready();
  return {
    app,
    deps,
    database,
    filesDir,
    fx,
    logs,
    clock,
    async login(username, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return client(app, cookie, res.json().csrfToken);
    },
    async addAccount(username, grants, memberId = null) {
      const { id } = await database.db
        .insertInto('app_user')
        .values({ username, display_name: username, password_hash: await hashPassword(PASSWORD), member_id: memberId, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: clock.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (grants.length) await database.db.insertInto('role_grant').values(grants.map(([orgId, role]) => ({ user_id: id, org_id: orgId, role, created_at: clock.now }))).execute();
      return id;
    },
    anonymous: () => client(app, '', ''),
    async count(table) {
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db);
      return r.rows[0].n;
    },
    async close() {
      await app.close();
      await database.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
