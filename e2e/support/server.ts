import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { E2E_PASSWORD } from './accounts.ts';

const root = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves when the server prints its ready line; rejects if it exits first or takes too long. */
function waitForReady(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`服务器在${timeoutMs / 1000}秒内未启动。输出：\n${output()}`)), timeoutMs);
    const check = () => {
      if (output().includes('先锋 已启动')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`服务器启动失败（退出码 ${code}）。输出：\n${output()}`));
    });
  });
}

async function waitForHealth(baseURL: string) {
  for (let i = 0; i < 50; i++) {
    try {
      const res = await fetch(`${baseURL}/api/health`);
      // The server currently answers /api/health only to logged-in callers (401 otherwise);
      // either answer means it is up.
      if (res.ok || res.status === 401) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${baseURL}/api/health 没有响应`);
}

export type RunningServer = { baseURL: string; stop: () => Promise<void> };

/**
 * The bundled server (apps/server/dist/main.js, as `npm start` runs it) on a free port with a
 * throwaway data directory: with the demo city, or empty as a new committee finds it.
 */
export async function startServer({ demo }: { demo: boolean }): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xf-e2e-'));
  let output = '';
  // `node` on the bundle keeps the server in one process, so teardown stops exactly it.
  const child = spawn(process.execPath, ['--enable-source-maps', 'apps/server/dist/main.js'], {
    cwd: root,
    env: { ...process.env, XF_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', INITIAL_ADMIN_PASSWORD: E2E_PASSWORD, XF_DEMO_DATA: demo ? 'true' : 'false', LOG_REQUESTS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(child, () => output, 110_000);
    const baseURL = `http://127.0.0.1:${port}`;
    await waitForHealth(baseURL);
    const index = await fetch(`${baseURL}/`);
    if (!(await index.text()).includes('<div id="root">')) throw new Error('服务器没有提供管理端页面（apps/web/dist）');
    return { baseURL, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
