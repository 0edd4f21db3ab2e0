import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputsHash, root, serverDist, webDist } from '../../../scripts/build.mjs';

// `npm start` (scripts/run.mjs) builds the console and the server only when their inputs changed,
// and runs the server as built JavaScript, not through a development transpiler.

const work = mkdtempSync(path.join(tmpdir(), 'xf-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('npm start', () => {
  it('hashes every input file but tests: an edit to a source changes it, an edit to a test does not', () => {
    const dir = path.join(work, 'tree');
    mkdirSync(path.join(dir, 'src/deep'), { recursive: true });
    writeFileSync(path.join(dir, 'src/deep/a.ts'), 'export const a = 1;');
    writeFileSync(path.join(dir, 'src/deep/a.test.ts'), 'test');
    writeFileSync(path.join(dir, 'vite.config.ts'), 'export default {};');
    const inputs = ['src', 'vite.config.ts', 'not-there'];
    const first = inputsHash(inputs, dir);
    writeFileSync(path.join(dir, 'src/deep/a.test.ts'), 'test, edited');
    expect(inputsHash(inputs, dir)).toBe(first);
    writeFileSync(path.join(dir, 'src/deep/a.ts'), 'export const a = 2;');
    const edited = inputsHash(inputs, dir);
    expect(edited).not.toBe(first);
    writeFileSync(path.join(dir, 'src/b.ts'), '');
    expect(inputsHash(inputs, dir)).not.toBe(edited);
  });

  it('a restart with nothing changed builds neither the console nor the server, and runs the bundle', async () => {
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start).toBe('node scripts/run.mjs --web main');
    // A fresh checkout builds here, once.
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    // A production console even when built from here (Vitest sets NODE_ENV=test).
    const assets = readdirSync(path.join(webDist, 'assets')).filter((f) => f.endsWith('.js'));
    expect(assets.some((f) => readFileSync(path.join(webDist, 'assets', f), 'utf8').includes('react-devtools'))).toBe(false);
    const builtAt = [path.join(webDist, 'index.html'), path.join(serverDist, 'main.js')].map((f) => statSync(f).mtimeMs);

    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, ['scripts/run.mjs', '--web', 'main'], {
      cwd: root,
      env: { ...process.env, XF_DATA_DIR: path.join(work, 'data'), DATABASE_URL: '', XF_MASTER_KEY: '', PORT: String(port), HOST: '127.0.0.1', XF_DEMO_DATA: 'false', INITIAL_ADMIN_PASSWORD: 'Start@2026x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      let health: Response | null = null;
      while (!health?.ok && child.exitCode === null && performance.now() - started < 150_000) {
        health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
        if (!health?.ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.ok, out).toBe(true);
      expect(out).not.toContain('构建');
      expect([path.join(webDist, 'index.html'), path.join(serverDist, 'main.js')].map((f) => statSync(f).mtimeMs)).toEqual(builtAt);
      // exceljs, loaded at its first use in the bundle (build.mjs), still writes a workbook.
      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Start@2026x' }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const template = await fetch(`${base}/api/orgs/import/template`, { headers: { cookie } });
      expect(template.status).toBe(200);
      const templateBytes = Buffer.from(await template.arrayBuffer());
      expect(templateBytes.subarray(0, 2).toString()).toBe('PK');
      // An upload is read in the bundled worker thread (dist/workers/read-sheet.worker.js): the
      // empty template gets past reading to "no data rows", not "cannot read".
      const csrf = (await (await fetch(`${base}/api/auth/session`, { headers: { cookie } })).json()).csrfToken;
      const form = new FormData();
      form.append('file', new Blob([templateBytes]), '党组织.xlsx');
      const uploaded = await fetch(`${base}/api/orgs/import`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: form });
      expect(uploaded.status).toBe(400);
      expect((await uploaded.json()).message).toBe('文件中没有数据行');
      // It is the bundle that runs (its lock names it), with a source map back to the .ts files.
      expect(JSON.parse(readFileSync(path.join(work, 'data', 'pglite.lock'), 'utf8')).command).toBe('先锋服务器');
      const maps = readdirSync(serverDist).filter((f) => f.endsWith('.js.map'));
      const sources: string[] = maps.flatMap((f) => JSON.parse(readFileSync(path.join(serverDist, f), 'utf8')).sources);
      expect(sources).toContain('../src/main.ts');
      expect(sources.some((s) => s.startsWith('../../../packages/shared/src/'))).toBe(true); // bundled, not imported
      expect(sources.some((s) => s.includes('node_modules'))).toBe(false); // npm packages stay external
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }, 300_000);
});
