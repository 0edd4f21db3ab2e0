import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OperatorError } from '../lib/operator-error.ts';
import { lockDataDir, lockFileOf } from './pglite-lock.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'xf-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lockOf = (pid: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ pid, host: hostname(), since: new Date().toISOString(), command: '先锋服务器', procStart: null, ...extra });

describe('the data directory lock (PGlite)', () => {
  it('is taken beside the directory, refuses a second holder, and is gone after release', () => {
    const dataDir = path.join(dir, 'a', 'pglite');
    const release = lockDataDir(dataDir);
    expect(lockFileOf(dataDir)).toBe(`${dataDir}.lock`);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).pid).toBe(process.pid);
    expect(() => lockDataDir(dataDir)).toThrow(OperatorError);
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    lockDataDir(dataDir)();
  });

  it('refuses while the holding process lives, naming it and what to do', async () => {
    const dataDir = path.join(dir, 'b', 'pglite');
    const holder = spawn('sleep', ['30']);
    try {
      mkdirSync(path.dirname(dataDir), { recursive: true });
      writeFileSync(`${dataDir}.lock`, lockOf(holder.pid!));
      let message = '';
      try {
        lockDataDir(dataDir);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(`正由另一个进程使用（进程号 ${holder.pid}`);
      expect(message).toContain('请先停止该进程');
      expect(message).toContain('PostgreSQL');
    } finally {
      holder.kill();
      await new Promise((r) => holder.once('exit', r));
    }
    // Its process gone, the lock is stale and taken over.
    lockDataDir(dataDir)();
  });

  it('takes over a lock whose pid now belongs to another process (start time differs)', () => {
    const dataDir = path.join(dir, 'c', 'pglite');
    lockDataDir(dataDir)();
    // The pid (our parent's) is alive, but its start time is not the recorded one: the pid was reused.
    writeFileSync(`${dataDir}.lock`, lockOf(process.ppid, { procStart: '1' }));
    const release = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).pid).toBe(process.pid);
    release();
  });
});
