// City-scale benchmark (not a test): npm run bench. See docs/benchmarks.md for figures.
//   1. a throwaway PostgreSQL cluster with the bench city: 300 units, 3,000 branches, 60,000 members;
//   2. the member list at 50 connections, as a branch secretary and as the whole-tree admin;
//   3. a 60,000-row roster import into a city with the same tree and no members: time and peak RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../db/connection.ts';
import { createFieldCipher } from '../lib/field-cipher.ts';
import { hashPassword } from '../lib/password.ts';
import { BENCH_CITY, seedCity } from '../features/system/demo-seed.ts';
import { plannedMember, prng } from '../features/system/demo-city.ts';
import { ROSTER_COLUMNS } from '../features/members/roster-columns.ts';
import { repoRoot } from '../config.ts';
// @ts-expect-error plain JS helper shared with the test runner
import { freePort, startPostgres } from '../../../../scripts/lib/postgres.mjs';

const PASSWORD = 'Bench@2026x';
const KEY = 'ab'.repeat(32);
const now = new Date();

async function createDatabase(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function seed(url: string, members: number) {
  const database = await openDatabase({ url });
  await migrateToLatest(database.db);
  const deps = { db: database.db, dbKind: database.kind, cipher: createFieldCipher(Buffer.from(KEY, 'hex')), clock: () => now, sessionIdleMinutes: 30, secureCookies: false };
  const t = Date.now();
  const city = await seedCity(deps, { actor: null, ip: '127.0.0.1', now, system: 'bench' }, { ...BENCH_CITY, members });
  const hash = await hashPassword(PASSWORD);
  for (const [username, orgId] of [['cityadmin', city.rootId], ['branchsec', city.firstBranchId]] as const) {
    const { id } = await database.db.insertInto('app_user').values({ username, display_name: username, password_hash: hash, member_id: null, must_change_password: false, locked_until: null, password_changed_at: null, last_login_at: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await database.db.insertInto('role_grant').values({ user_id: id, org_id: orgId, role: username === 'cityadmin' ? 'committee_admin' : 'org_admin', created_at: now }).execute();
  }
  await sql`analyze`.execute(database.db);
  const orgs = await database.db.selectFrom('org').select(['id', 'type']).execute();
  await database.close();
  return { city, seconds: (Date.now() - t) / 1000, orgs };
}

async function startServer(url: string, port: number): Promise<ChildProcess> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") profiles the server under load.
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', XF_MASTER_KEY: KEY, XF_DEMO_DATA: 'false', INITIAL_ADMIN_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('先锋 已启动') && resolve()));
  return child;
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: (await res.json()).csrfToken as string };
}

async function load(base: string, cookie: string, paths: string[]) {
  let i = 0;
  const result = await autocannon({
    url: base,
    connections: 50,
    duration: 15,
    headers: { cookie },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

function peakRssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmHWM:\s+(\d+)/)![1]) / 1024);
}

async function rosterFile(branchIds: number[], rows: number) {
  const rng = prng(777);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员名册');
  ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
  const seen = new Set<string>();
  const asOf = now.toISOString().slice(0, 10);
  for (let i = 0; ws.rowCount <= rows; i++) {
    const m = plannedMember(rng, branchIds[i % branchIds.length], asOf, false, i);
    if (seen.has(m.idNumber)) continue;
    seen.add(m.idNumber);
    ws.addRow([m.orgId, '', m.name, m.gender, m.ethnicity, m.idNumber, m.birthDate, '大学本科', m.category === 'full' ? '正式党员' : '预备党员', m.joinDate, m.fullDate ?? '', m.jobPost, m.phone, m.address, '否', '', '否', '', '', '', '', '否', '否']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function main() {
  const cluster = await startPostgres({ durable: true });
  try {
    console.log('生成城市规模数据（300单位、3000支部、60000党员）…');
    const listUrl = await createDatabase(cluster.url, 'bench_list');
    const seeded = await seed(listUrl, BENCH_CITY.members);
    console.log(`  用时 ${seeded.seconds.toFixed(1)} s；组织 ${seeded.orgs.length} 个`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(listUrl, port);
    const sec = await login(base, 'branchsec');
    const admin = await login(base, 'cityadmin');
    const branchIds = seeded.orgs.filter((o) => o.type === 'branch').map((o) => o.id);
    await load(base, admin.cookie, ['/api/members?page=1&pageSize=20']); // warm-up
    const secretary = await load(base, sec.cookie, [`/api/members?orgId=${seeded.city.firstBranchId}&page=1&pageSize=20`]);
    const wholeTree = await load(base, admin.cookie, Array.from({ length: 50 }, (_, i) => `/api/members?page=${i + 1}&pageSize=20`));
    const byBranch = await load(base, admin.cookie, branchIds.slice(0, 200).map((id) => `/api/members?orgId=${id}&page=1&pageSize=20`));
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.BENCH_SKIP_IMPORT) {
      console.log(JSON.stringify({ secretary, wholeTree, byBranch }, null, 2));
      return;
    }

    console.log('导入 60000 行名册…');
    const importUrl = await createDatabase(cluster.url, 'bench_import');
    const empty = await seed(importUrl, 0);
    const file = await rosterFile(empty.orgs.filter((o) => o.type === 'branch').map((o) => o.id), 60_000);
    const importServer = await startServer(importUrl, port);
    const imp = await login(base, 'cityadmin');
    const rssBefore = peakRssMb(importServer.pid!);
    const form = new FormData();
    form.append('file', new Blob([file]), 'roster.xlsx');
    const t = Date.now();
    const res = await fetch(`${base}/api/members/import`, { method: 'POST', headers: { cookie: imp.cookie, 'x-csrf-token': imp.csrf }, body: form });
    const seconds = (Date.now() - t) / 1000;
    const body = await res.json();
    const rssPeak = peakRssMb(importServer.pid!);
    importServer.kill('SIGTERM');

    const report = {
      'member list, branch secretary (50 connections)': secretary,
      'member list, whole-tree admin, pages 1–50 (50 connections)': wholeTree,
      'member list, whole-tree admin, 200 branches (50 connections)': byBranch,
      'import 60,000 rows': { status: res.status, created: body.created, seconds, peakRssMb: rssPeak, rssBeforeMb: rssBefore, fileMb: +(file.length / 1048576).toFixed(1) },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    cluster.stop();
  }
}

await main();
