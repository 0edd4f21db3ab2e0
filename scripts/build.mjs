#!/usr/bin/env node
// Builds the console (Vite → apps/web/dist) and the server (esbuild → apps/server/dist), each only
// when its inputs changed: a stamp file in the output folder holds a hash of every input (sources,
// packages/shared, configs, the lockfile and this script). `npm start` and the operations commands
// call it before running; `node scripts/build.mjs [web|server] [--force]` runs it alone.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '..');
export const serverDist = path.join(root, 'apps/server/dist');
export const webDist = path.join(root, 'apps/web/dist');
const STAMP = '.build-stamp';

/** Programs bundled into apps/server/dist/<name>.js: the server and the operations commands. */
export const SERVER_ENTRIES = {
  main: 'apps/server/src/main.ts',
  backup: 'apps/server/src/cli/backup.ts',
  restore: 'apps/server/src/cli/restore.ts',
  'audit-verify': 'apps/server/src/cli/audit-verify.ts',
  reminders: 'apps/server/src/cli/reminders.ts',
  account: 'apps/server/src/cli/account.ts',
  // Worker threads (lib/run-worker.ts loads dist/workers/<name>.worker.js).
  'workers/read-sheet.worker': 'apps/server/src/workers/read-sheet.worker.ts',
};

const COMMON_INPUTS = ['package-lock.json', 'tsconfig.base.json', 'packages/shared/package.json', 'packages/shared/src', 'scripts/build.mjs'];
const WEB_INPUTS = [...COMMON_INPUTS, 'apps/web/package.json', 'apps/web/tsconfig.json', 'apps/web/vite.config.ts', 'apps/web/index.html', 'apps/web/public', 'apps/web/src'];
const SERVER_INPUTS = [...COMMON_INPUTS, 'apps/server/package.json', 'apps/server/tsconfig.json', 'apps/server/src'];

// Tests are never part of a bundle: editing one does not call for a rebuild.
const isTest = (name) => /\.test\.tsx?$/.test(name);

function listFiles(rel, base) {
  const abs = path.join(base, rel);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !isTest(d.name))
    .map((d) => path.relative(base, path.join(d.parentPath, d.name)));
}

/** SHA-256 over the relative path and content of every input file (or folder's file), in a stable order. */
export function inputsHash(inputs, base = root) {
  const h = createHash('sha256');
  for (const file of inputs.flatMap((rel) => listFiles(rel, base)).sort()) {
    h.update(`${file}\0`);
    h.update(readFileSync(path.join(base, file)));
    h.update('\0');
  }
  return h.digest('hex');
}

function upToDate(dist, hash, mustExist) {
  const stamp = path.join(dist, STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash && mustExist.every((f) => existsSync(path.join(dist, f)));
}

/** Vite build of the console unless apps/web/dist already holds a build of the same inputs. */
export function buildWeb({ force = false, log = console.log } = {}) {
  const hash = inputsHash(WEB_INPUTS);
  if (!force && upToDate(webDist, hash, ['index.html'])) return false;
  log('构建管理端（vite build）…');
  rmSync(path.join(webDist, STAMP), { force: true });
  // Always a production build: under Vitest (NODE_ENV=test) Vite would build React's development
  // mode, and antd would give every dialog the same id.
  const env = { ...process.env, NODE_ENV: 'production' };
  const r = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`管理端构建失败（退出码 ${r.status}）`);
  writeFileSync(path.join(webDist, STAMP), `${hash}\n`);
  return true;
}

/**
 * esbuild bundle of the server and its commands: our TypeScript and @xianfeng/shared are bundled,
 * npm packages stay external (loaded from node_modules as they are), Node ESM with source maps so
 * stack traces name .ts files and lines (run with --enable-source-maps). Written to a temporary
 * folder and swapped in, so a failed or concurrent build never leaves half a dist.
 */
export async function buildServer({ force = false, log = console.log } = {}) {
  const hash = inputsHash(SERVER_INPUTS);
  const outputs = Object.keys(SERVER_ENTRIES).map((name) => `${name}.js`);
  if (!force && upToDate(serverDist, hash, outputs)) return false;
  log('构建服务器（esbuild）…');
  const { build } = await import('esbuild');
  const tmp = `${serverDist}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(Object.entries(SERVER_ENTRIES).map(([name, file]) => [name, path.join(root, file)])),
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'warning',
      // Chunks land beside the entries, at the same depth as src/, so import.meta.dirname-relative
      // paths (config.ts: the repository root) resolve the same in the bundle as in the sources.
      chunkNames: 'chunk-[hash]',
      plugins: [lazyCommonJs, externalNpmPackages],
    });
    writeFileSync(path.join(tmp, STAMP), `${hash}\n`);
    const old = `${serverDist}.old-${process.pid}`;
    renameIfThere(serverDist, old);
    try {
      renameSync(tmp, serverDist);
    } catch (e) {
      // Another build (a command started at the same moment) put its dist in place first.
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}

/**
 * exceljs is CommonJS and the heaviest import of the server: 0.3 s of every start on an idle
 * machine, up to a second on a busy one, for Excel files nobody asks for at startup. In the bundle,
 * `import ExcelJS from 'exceljs'` becomes a stand-in that requires the package at its first use
 * (the first export or template then takes that much longer). Sources, dev and tests are unchanged.
 * Only default imports of CommonJS packages can be deferred this way.
 */
const LAZY_COMMONJS = ['exceljs'];
const lazyCommonJs = {
  name: 'lazy-commonjs',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${LAZY_COMMONJS.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'lazy-commonjs' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-commonjs' }, (args) => ({
      loader: 'js',
      contents: `import { createRequire } from 'node:module';
const load = createRequire(import.meta.url);
let loaded;
export default new Proxy({}, { get: (_, key) => (loaded ??= load(${JSON.stringify(args.path)}))[key] });`,
    }));
  },
};

function renameIfThere(from, to) {
  try {
    renameSync(from, to);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
}

/** Bare imports stay imports of node_modules, except our own workspace package (TypeScript source). */
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@xianfeng/') ? undefined : { path: args.path, external: true }));
  },
};

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const what = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const force = process.argv.includes('--force');
  try {
    const web = !what.length || what.includes('web') ? buildWeb({ force }) : null;
    const server = !what.length || what.includes('server') ? await buildServer({ force }) : null;
    if (web === false) console.log('管理端未变化，跳过构建');
    if (server === false) console.log('服务器未变化，跳过构建');
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
