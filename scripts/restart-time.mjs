#!/usr/bin/env node
// Restart to first answer: starts the server the way an operator does (`npm start` unless a
// command is given; in the current folder, the repository's root), on the data directory of the
// environment (XF_DATA_DIR, default ./data), and measures the time from spawning it to the first
// 200 from GET /api/health. Then stops it. Runs it `XF_RUNS` times (default 3). On PGlite it also
// reports the CPU time the server process used until then (its pid from data/pglite.lock): on a
// busy machine the wall time is mostly waiting for a core, the CPU time is not. Example, on a demo
// database created by one `npm start`:
//   XF_DATA_DIR=/tmp/demo PORT=3911 node scripts/restart-time.mjs
//   XF_DATA_DIR=/tmp/demo PORT=3911 node scripts/restart-time.mjs node --import tsx apps/server/src/main.ts
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const runs = Number(process.env.XF_RUNS ?? 3);
const [cmd, ...args] = process.argv.length > 2 ? process.argv.slice(2) : ['npm', 'start'];
const lockFile = path.join(path.resolve(process.env.XF_DATA_DIR ?? path.join(root, 'data')), 'pglite.lock');
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU seconds (user + system) the server holding the PGlite lock has used, or null. */
function serverCpu() {
  try {
    const { pid } = JSON.parse(readFileSync(lockFile, 'utf8'));
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime, stime
  } catch {
    return null;
  }
}

async function once() {
  const started = performance.now();
  // Its own process group, so stopping it reaches npm's children too.
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  let output = '';
  let ready = null;
  child.stdout.on('data', (d) => {
    output += d;
    if (ready === null && output.includes('先锋 已启动')) ready = performance.now() - started;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let ms = null;
  let cpu = null;
  while (ms === null && child.exitCode === null) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) {
        ms = performance.now() - started;
        cpu = serverCpu();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  process.kill(-child.pid, 'SIGTERM');
  await exited;
  if (ms === null) throw new Error(`服务器未能启动：\n${output}`);
  return { ms, ready, cpu };
}

const figures = [];
for (let i = 0; i < runs; i++) figures.push(await once());
const s = (ms) => (ms === null ? '?' : `${(ms / 1000).toFixed(2)} s`);
const cpu = figures.every((f) => f.cpu !== null) ? `; server CPU time until then ${figures.map((f) => `${f.cpu.toFixed(2)} s`).join(', ')}` : '';
console.log(`${cmd} ${args.join(' ')}: first answer ${figures.map((f) => s(f.ms)).join(', ')} (ready line printed at ${figures.map((f) => s(f.ready)).join(', ')}${cpu})`);
