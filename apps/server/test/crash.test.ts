import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.ts';
import { verifyAuditChain } from '../src/features/audit/audit.repository.ts';
import { createPostgresTestDatabase } from './database.ts';

// Durability: a write the server acknowledged survives the process being killed with SIGKILL
// right after. On PGlite this depends on syncing after COMMIT (see db/pglite-dialect.ts).

const root = path.resolve(import.meta.dirname, '../../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'xf-crash-'));
const PASSWORD = 'Crash@2026x';
let dbUrl: string | null = null;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', XF_DATA_DIR: dataDir, INITIAL_ADMIN_PASSWORD: PASSWORD, XF_DEMO_DATA: 'false', ...(dbUrl ? { DATABASE_URL: dbUrl } : { DATABASE_URL: '' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('先锋 已启动')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return child;
}

async function login(base: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: (await res.json()).csrfToken as string };
}

describe('crash safety', () => {
  it('keeps a committed write after SIGKILL', { timeout: 180_000 }, async () => {
    if (process.env.TEST_DATABASE_URL) dbUrl = (await createPostgresTestDatabase(process.env.TEST_DATABASE_URL)).url;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(port);
    const { cookie, csrf } = await login(base);
    const orgs = await (await fetch(`${base}/api/orgs`, { headers: { cookie } })).json();
    const created = await fetch(`${base}/api/orgs`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ parentId: orgs[0].id, name: '断电测试党委', type: 'party_committee' }),
    });
    expect(created.status).toBe(201);
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));

    server = await startServer(port);
    const again = await login(base);
    const names = (await (await fetch(`${base}/api/orgs`, { headers: { cookie: again.cookie } })).json()).map((o: { name: string }) => o.name);
    expect(names).toContain('断电测试党委');
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));

    const database = await openDatabase(dbUrl ? { url: dbUrl } : { dataDir: path.join(dataDir, 'pglite') });
    try {
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    } finally {
      await database.close();
    }
  });
});
