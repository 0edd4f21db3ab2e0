import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { plannedMember, prng } from '../features/system/demo-city.ts';
import { ROSTER_COLUMNS } from '../features/members/roster-columns.ts';
import { repoRoot } from '../config.ts';
// @ts-expect-error plain JS helper shared with the test runner
import { freePort } from '../../../../scripts/lib/postgres.mjs';

// npm run bench -- import: a 20,000-row roster imported into the demo city on the embedded
// database (PGlite, a server process of its own) while ten other users keep using the member list
// and the tree, one request every 200 ms each. Prints their latency before and during the import
// and the import's progress over time (docs/benchmarks.md, "Import on PGlite").

const PASSWORD = 'Bench@2026x';
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);
const USERS = 10;

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: '', XF_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', XF_DEMO_DATA: 'true', INITIAL_ADMIN_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('先锋 已启动') && resolve());
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return child;
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: (await res.json()).csrfToken as string };
}

async function rosterFile(branchIds: number[]) {
  const rng = prng(4242);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员名册');
  ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
  const seen = new Set<string>();
  for (let i = 0; ws.rowCount <= ROWS; i++) {
    const m = plannedMember(rng, branchIds[i % branchIds.length], new Date().toISOString().slice(0, 10), false, 900_000 + i);
    if (seen.has(m.idNumber)) continue;
    seen.add(m.idNumber);
    ws.addRow([m.orgId, '', m.name, m.gender, m.ethnicity, m.idNumber, m.birthDate, '大学本科', m.category === 'full' ? '正式党员' : '预备党员', m.joinDate, m.fullDate ?? '', m.jobPost, m.phone, m.address, '否', '', '否', '', '', '', '', '否', '否']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] : null;
};

/** Ten users, each: the member list (a random page), then the tree, 200 ms apart; latency per request. */
function users(base: string, cookie: string) {
  const samples: { at: number; ms: number; status: number }[] = [];
  let running = true;
  const one = async (u: number) => {
    for (let i = 0; running; i++) {
      const url = i % 2 ? '/api/orgs' : `/api/members?page=${1 + ((u * 7 + i) % 50)}&pageSize=20`;
      const t = Date.now();
      const res = await fetch(`${base}${url}`, { headers: { cookie } });
      await res.arrayBuffer();
      samples.push({ at: t, ms: Date.now() - t, status: res.status });
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const all = Promise.all(Array.from({ length: USERS }, (_, u) => one(u)));
  return { samples, stop: async () => ((running = false), await all) };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xf-bench-import-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log('PGlite：启动演示城市服务器…');
  const server = await startServer(dir, port);
  try {
    const admin = await login(base, 'admin');
    const orgs = (await (await fetch(`${base}/api/orgs`, { headers: { cookie: admin.cookie } })).json()) as { id: number; type: string }[];
    const file = await rosterFile(orgs.filter((o) => o.type === 'branch').map((o) => o.id));
    const reader = await login(base, 'unitadmin');
    const load = users(base, reader.cookie);
    await new Promise((r) => setTimeout(r, 10_000));
    const importStart = Date.now();
    console.log(`导入 ${ROWS} 行名册（${(file.length / 1048576).toFixed(1)} MB），同时 ${USERS} 名用户浏览…`);
    const form = new FormData();
    form.append('file', new Blob([file]), 'roster.xlsx');
    const started = await fetch(`${base}/api/members/import?async=true`, { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, body: form });
    const { jobId } = (await started.json()) as { jobId: string };
    const timeline: string[] = [];
    let result: unknown = null;
    while (!result) {
      await new Promise((r) => setTimeout(r, 1000));
      const job = (await (await fetch(`${base}/api/members/import/${jobId}`, { headers: { cookie: admin.cookie } })).json()) as { progress: { phase: string; processed: number; total: number }; result: unknown; error: unknown };
      timeline.push(`${((Date.now() - importStart) / 1000).toFixed(0)}s ${job.progress.phase} ${job.progress.processed}/${job.progress.total}`);
      result = job.result ?? job.error;
    }
    const importEnd = Date.now();
    await load.stop();
    const before = load.samples.filter((s) => s.at < importStart).map((s) => s.ms);
    const during = load.samples.filter((s) => s.at >= importStart && s.at < importEnd).map((s) => s.ms);
    const report = {
      rows: ROWS,
      importSeconds: (importEnd - importStart) / 1000,
      result,
      otherUsersBefore: { requests: before.length, p50: pct(before, 50), p99: pct(before, 99), max: pct(before, 100) },
      otherUsersDuring: { requests: during.length, p50: pct(during, 50), p99: pct(during, 99), max: pct(during, 100), errors: load.samples.filter((s) => s.status !== 200).length },
      progress: timeline,
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
