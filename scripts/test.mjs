#!/usr/bin/env node
// npm test: every test, on a fresh machine. Installs what it lacks (Debian chromium and
// postgresql, when running as root), type-checks, runs the rule/service/HTTP suite on PGlite and
// again on a throwaway PostgreSQL cluster, builds the console and the server (scripts/build.mjs,
// skipped when unchanged) and runs the end-to-end journeys in headless Chromium. Ends with one
// line "N passed, N failed".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pgBinDir, startPostgres } from './lib/postgres.mjs';

const root = path.resolve(import.meta.dirname, '..');
const tmp = path.join(root, '.test-tmp');
mkdirSync(tmp, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const only = process.argv[2]; // optional: unit | pg | e2e

function log(msg) {
  console.log(`\n▶ ${msg}`);
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function ensureSystemPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium', 'fonts-noto-cjk');
  if (!pgBinDir()) missing.push('postgresql');
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    console.error(`缺少系统软件包：${missing.join(' ')}。请以 root 运行或先安装：apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  log(`apt-get install ${missing.join(' ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function vitest(name, args, env = {}) {
  const out = path.join(tmp, `${name}.json`);
  rmSync(out, { force: true });
  const status = run('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    if (status !== 0 && r.numFailedTests === 0) totals.failed += 1; // a file that failed to load
  } else if (status !== 0) totals.failed += 1;
  return status;
}

async function main() {
  if (!existsSync(path.join(root, 'node_modules'))) run('npm', ['ci']);
  ensureSystemPackages();
  let failedSteps = 0;

  if (!only || only === 'unit') {
    log('类型检查 (tsc)');
    if (run('npx', ['tsc', '-p', 'packages/shared']) || run('npx', ['tsc', '-p', 'apps/server']) || run('npx', ['tsc', '-p', 'apps/web']) || run('npx', ['tsc', '-p', 'e2e'])) {
      failedSteps++;
      totals.failed++;
    }
    log('依赖方向检查 (dependency-cruiser)');
    if (run('npx', ['depcruise', 'apps/server/src', 'apps/web/src', 'packages/shared/src', '--config', '.dependency-cruiser.cjs'])) {
      failedSteps++;
      totals.failed++;
    } else totals.passed++;
    log('规则、服务与接口测试 — PGlite');
    if (vitest('pglite', [])) failedSteps++;
  }
  if (!only || only === 'pg') {
    log('服务与接口测试 — PostgreSQL（临时集群）');
    const pg = await startPostgres();
    try {
      if (vitest('postgres', ['apps/server'], { TEST_DATABASE_URL: pg.url })) failedSteps++;
    } finally {
      pg.stop();
    }
  }
  if ((!only || only === 'e2e') && existsSync(path.join(root, 'vitest.e2e.config.ts'))) {
    log('构建管理端与服务器（未变化则跳过）');
    if (run(process.execPath, ['scripts/build.mjs'])) {
      failedSteps++;
      totals.failed++;
    } else {
      log('端到端测试 — Chromium');
      if (vitest('e2e', ['-c', 'vitest.e2e.config.ts'])) failedSteps++;
    }
  }
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  process.exit(failedSteps || totals.failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log(`\n${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exit(1);
});
