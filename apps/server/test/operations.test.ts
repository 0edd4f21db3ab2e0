import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFingerprint } from '../src/features/system/master-key.ts';
import { createPostgresTestDatabase } from './database.ts';

// What an operator sees, with real processes: the server and the commands as `npm start`,
// `npm run backup|restore|reminders` run them, on PGlite (or PostgreSQL with TEST_DATABASE_URL).

const root = path.resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(path.join(tmpdir(), 'xf-ops-'));
const dataDir = path.join(work, 'data');
const keyFile = path.join(dataDir, 'master.key');
const PASSWORD = 'Operate@2026x';
const WRONG_KEY = 'ab'.repeat(32);
const adminUrl = process.env.TEST_DATABASE_URL;
let dbUrl: string | null = null;
let server: ChildProcess | null = null;
afterAll(async () => {
  await stop(server);
  rmSync(work, { recursive: true, force: true });
});

type Run = { code: number | null; out: string };

function spawnSource(file: string, args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: root,
    env: { ...process.env, XF_DATA_DIR: dataDir, DATABASE_URL: dbUrl ?? '', XF_MASTER_KEY: '', HOST: '127.0.0.1', INITIAL_ADMIN_PASSWORD: PASSWORD, XF_DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs to the end and returns the exit code and everything printed. */
function run(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const child = spawnSource(file, args, env);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

/** Starts the server; resolves with its output once ready, rejects with it if it exits first. */
function startServer(env: Record<string, string> = {}): Promise<{ child: ChildProcess; out: string }> {
  const child = spawnSource('apps/server/src/main.ts', [], { PORT: '0', ...env });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('先锋 已启动')) resolve({ child, out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(Object.assign(new Error(`server exited ${code}`), { code, out })));
  });
}

async function stop(child: ChildProcess | null) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function refusedStart(env: Record<string, string> = {}): Promise<Run> {
  const e = await startServer(env).then(
    async ({ child }) => {
      await stop(child);
      return null;
    },
    (err: Error & Run) => err,
  );
  expect(e, 'the server started').not.toBeNull();
  return e!;
}

async function emptyPostgresDatabase() {
  const name = `xf_ops_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return Object.assign(new URL(adminUrl!), { pathname: `/${name}` }).toString();
}

describe('operations: master key, backup and restore with real processes', () => {
  it('a first start generates data/master.key and records its fingerprint', async () => {
    if (adminUrl) dbUrl = (await createPostgresTestDatabase(adminUrl)).url;
    const started = await startServer();
    server = started.child;
    const key = Buffer.from(readFileSync(keyFile, 'utf8'), 'hex');
    expect(started.out).toContain('已生成主密钥');
    expect(started.out).toContain(`已记录主密钥指纹 ${keyFingerprint(key).slice(0, 16)}`);
  }, 180_000);

  it(`backup while the server runs: ${adminUrl ? 'PostgreSQL takes a consistent snapshot' : 'refused on PGlite'}; after it stops: done`, async () => {
    const whileRunning = path.join(work, 'running.backup');
    const r = await run('apps/server/src/cli/backup.ts', [whileRunning]);
    if (adminUrl) {
      // pg_dump reads one snapshot (a repeatable-read transaction) while the server keeps writing.
      expect(r.code, r.out).toBe(0);
      expect(existsSync(whileRunning)).toBe(true);
    } else {
      expect(r.code).toBe(1);
      expect(r.out).toContain('备份未进行');
      expect(r.out).toContain('正由另一个进程使用');
      expect(r.out).toContain('请先停止该进程');
      expect(existsSync(whileRunning)).toBe(false);
    }
    await stop(server);
    const after = await run('apps/server/src/cli/backup.ts', [path.join(work, 'stopped.backup')]);
    expect(after.code, after.out).toBe(0);
    expect(after.out).toContain('已备份到');
  }, 180_000);

  it('refuses to start with a key that is not the database’s', async () => {
    const r = await refusedStart({ XF_MASTER_KEY: WRONG_KEY });
    expect(r.code).toBe(1);
    expect(r.out).toContain('先锋 拒绝启动');
    expect(r.out).toContain('主密钥与数据库不符');
    expect(r.out).toContain('XF_MASTER_KEY');
  }, 180_000);

  it('refuses to start when the key is missing for a database with data, and generates none', async () => {
    renameSync(keyFile, `${keyFile}.away`);
    try {
      const r = await refusedStart();
      expect(r.code).toBe(1);
      expect(r.out).toContain('找不到主密钥');
      expect(r.out).toContain(keyFile);
      expect(existsSync(keyFile)).toBe(false);
    } finally {
      renameSync(`${keyFile}.away`, keyFile);
    }
  }, 180_000);

  it('a restore without the master key says so and generates none; reminders check the key too', async () => {
    const target = path.join(work, 'restored');
    const targetUrl = adminUrl ? await emptyPostgresDatabase() : '';
    const env = { XF_DATA_DIR: target, DATABASE_URL: targetUrl };
    const r = await run('apps/server/src/cli/restore.ts', [path.join(work, 'stopped.backup')], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('数据库已从');
    expect(r.out).toContain('找不到主密钥');
    expect(existsSync(path.join(target, 'master.key'))).toBe(false);

    const wrong = await run('apps/server/src/cli/reminders.ts', [], { ...env, XF_MASTER_KEY: WRONG_KEY });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('提醒未运行');
    expect(wrong.out).toContain('主密钥与数据库不符');

    mkdirSync(target, { recursive: true }); // on PostgreSQL the restore wrote nothing there
    copyFileSync(keyFile, path.join(target, 'master.key'));
    const right = await run('apps/server/src/cli/reminders.ts', [], env);
    expect(right.code, right.out).toBe(0);
  }, 180_000);
});
