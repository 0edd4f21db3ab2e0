// City-scale benchmark (not a test): npm run bench. See docs/benchmarks.md for figures.
//   1. a throwaway PostgreSQL cluster with the bench city: 300 units, 3,000 branches, 60,000 members,
//      two years of organisational life (~200,000 activities, ~3,000,000 attendance rows);
//   2. the member list at 50 connections, as a branch secretary and as the whole-tree admin;
//   3. the whole-city compliance heatmap through the API against one hand-written SQL (the floor),
//      on PostgreSQL and on PGlite (the same dataset generated into an embedded database in-process);
//   4. a 60,000-row roster import into a city with the same tree and no members: time and peak RSS.
// `npm run bench -- compliance` runs only 3 (add `pg` or `pglite` for one database);
// `npm run bench -- list` runs only 2 and 4, on a city without organisational life (faster to seed,
// and the import is measured on a cluster that has not just loaded 3 million rows).
// `npm run bench -- lists` runs the lists and supervision benchmark of issue 10 (cli/bench-lists.ts)
// on a city without organisational life.
// `npm run bench -- assessment` runs the 年度考核 benchmark of issue 11 (cli/bench-assessment.ts) on
// the city with its organisational life and the lists bench's records.
// `npm run bench -- points` runs the 积分排名 benchmark of issue 12 (cli/bench-points.ts) on the city
// with its organisational life.
// `npm run bench -- contest` runs the 知识竞赛 benchmark of issue 12 (cli/bench-contest.ts) on a
// city without organisational life: 5,000 members answering through the API, the live leaderboard.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'kysely';
import { localDate } from '@xianfeng/shared';
import { buildApp } from '../app.ts';
import { migrateToLatest, openDatabase, type Database } from '../db/connection.ts';
import { createFieldCipher } from '../lib/field-cipher.ts';
import { createDiskFileStore } from '../lib/file-store.ts';
import { createCaches } from '../http/deps.ts';
import { hashPassword } from '../lib/password.ts';
import { BENCH_CITY, seedCity } from '../features/system/demo-seed.ts';
import { plannedMember, prng } from '../features/system/demo-city.ts';
import { ROSTER_COLUMNS } from '../features/members/roster-columns.ts';
import { repoRoot } from '../config.ts';
import { floorQuery, heatmapBenchmark, timed } from './bench-compliance.ts';
import { listsBenchmark, seedListsBench } from './bench-lists.ts';
import { assessmentApi, assessmentBenchmark } from './bench-assessment.ts';
import { pointsApi, pointsRefreshBenchmark } from './bench-points.ts';
import { contestLoad, createBenchContest, seedContestBench } from './bench-contest.ts';
// @ts-expect-error plain JS helper shared with the test runner
import { freePort, startPostgres } from '../../../../scripts/lib/postgres.mjs';

const PASSWORD = 'Bench@2026x';
const KEY = 'ab'.repeat(32);
const now = new Date();
const args = process.argv.slice(2);
const complianceOnly = args.includes('compliance');
const listOnly = args.includes('list');
const listsMode = args.includes('lists');
const assessmentMode = args.includes('assessment');
const pointsMode = args.includes('points');
const contestMode = args.includes('contest');
const engines = listOnly || listsMode || assessmentMode || pointsMode || contestMode || args.includes('pg') ? ['pg'] : args.includes('pglite') ? ['pglite'] : ['pg', 'pglite'];
const YEAR = Number(localDate(now).slice(0, 4));

async function createDatabase(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function filesDeps(database: Database) {
  // The seeder stores no files; the store is a throwaway folder only to complete the deps.
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'xf-bench-files-'));
  const deps = { db: database.db, dbKind: database.kind, cipher: createFieldCipher(Buffer.from(KEY, 'hex')), files: createDiskFileStore(filesDir), clock: () => now, sessionIdleMinutes: 30, secureCookies: false, caches: createCaches(database.changes) };
  return { deps, cleanup: () => rmSync(filesDir, { recursive: true, force: true }) };
}

/** Migrates and fills a database with the bench city (members = 0: the tree only, no activities) and two accounts. */
async function seedInto(database: Database, members: number, withLife = true) {
  await migrateToLatest(database.db);
  const { deps, cleanup } = filesDeps(database);
  const t = Date.now();
  const city = await seedCity(deps, { actor: null, ip: '127.0.0.1', now, system: 'bench' }, { ...BENCH_CITY, members, activities: withLife ? BENCH_CITY.activities : undefined });
  const hash = await hashPassword(PASSWORD);
  for (const [username, orgId] of [['cityadmin', city.rootId], ['branchsec', city.firstBranchId]] as const) {
    const { id } = await database.db.insertInto('app_user').values({ username, display_name: username, password_hash: hash, member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await database.db.insertInto('role_grant').values({ user_id: id, org_id: orgId, role: username === 'cityadmin' ? 'committee_admin' : 'org_admin', created_at: now }).execute();
  }
  // As a running system would be: PostgreSQL's autovacuum, the server's maintenance job on PGlite.
  await sql`vacuum analyze`.execute(database.db);
  const seconds = (Date.now() - t) / 1000;
  const orgs = await database.db.selectFrom('org').select(['id', 'type']).execute();
  const count = async (table: 'org_activity_year' | 'heart_talk_pair') => Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const sizes = { activities: city.activities, attendance: city.attendance, orgActivityYear: await count('org_activity_year'), heartTalkPairs: await count('heart_talk_pair') };
  cleanup();
  return { city, seconds, orgs, sizes };
}

async function seed(url: string, members: number, withLife = true) {
  const database = await openDatabase({ url });
  const r = await seedInto(database, members, withLife);
  await database.close();
  return r;
}

async function startServer(url: string, port: number, entry = 'apps/server/src/main.ts'): Promise<ChildProcess> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") profiles the server under load.
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', entry], {
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

/** 50 connections for 15 s through cli/bench-load.ts, a process of its own. */
async function load(base: string, cookie: string, paths: string[]) {
  const input = JSON.stringify({ base, cookie, paths, connections: 50, duration: 15 });
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/bench-load.ts', input], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('exit', r));
  return JSON.parse(out.trim().split('\n').at(-1)!) as { rps: number; p50: number; p99: number; errors: number };
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

const report: Record<string, unknown> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const asOf = () => localDate(new Date());

function describe(seeded: Awaited<ReturnType<typeof seedInto>>) {
  const { activities, attendance, orgActivityYear, heartTalkPairs } = seeded.sizes;
  console.log(`  用时 ${seeded.seconds.toFixed(1)} s；组织 ${seeded.orgs.length} 个，活动 ${activities} 条，出勤记录 ${attendance} 条（预聚合 ${orgActivityYear} 行，谈话对 ${heartTalkPairs} 个）`);
  return { seedSeconds: seeded.seconds, orgs: seeded.orgs.length, ...seeded.sizes };
}

async function onPostgres() {
  const cluster = await startPostgres({ durable: true });
  try {
    console.log(`PostgreSQL：生成城市规模数据（300单位、3000支部、60000党员${listOnly ? '' : '、两年组织生活'}）…`);
    const url = await createDatabase(cluster.url, 'bench_city');
    const seeded = await seed(url, BENCH_CITY.members, !listOnly);
    report['dataset (PostgreSQL)'] = describe(seeded);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(url, port);
    const admin = await login(base, 'cityadmin');
    if (!complianceOnly) {
      const sec = await login(base, 'branchsec');
      const branchIds = seeded.orgs.filter((o) => o.type === 'branch').map((o) => o.id);
      await load(base, admin.cookie, ['/api/members?page=1&pageSize=20']); // warm-up
      report['member list, branch secretary (50 connections)'] = await load(base, sec.cookie, [`/api/members?orgId=${seeded.city.firstBranchId}&page=1&pageSize=20`]);
      report['member list, whole-tree admin, pages 1–50 (50 connections)'] = await load(base, admin.cookie, Array.from({ length: 50 }, (_, i) => `/api/members?page=${i + 1}&pageSize=20`));
      report['member list, whole-tree admin, 200 branches (50 connections)'] = await load(base, admin.cookie, branchIds.slice(0, 200).map((id) => `/api/members?orgId=${id}&page=1&pageSize=20`));
    } else {
      await sleep(5000); // the server's first reminder run evaluates the city once at start
    }
    if (!listOnly) await heatmap(url, base, admin.cookie);
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (complianceOnly || process.env.BENCH_SKIP_IMPORT) return;
    await importBenchmark(cluster.url, port, base);
  } finally {
    cluster.stop();
  }
}

async function heatmap(url: string, base: string, cookie: string) {
  console.log(`PostgreSQL：全市组织生活热力图（${YEAR}年，工委管理员）…`);
  // The floor's session runs without JIT: compiling its one big statement costs PostgreSQL 15 about
  // 2.5 s (the API's queries stay below jit_above_cost). Five runs with the default show it.
  const database = await openDatabase({ url: `${url}?options=${encodeURIComponent('-c jit=off')}` });
  report['compliance heatmap (PostgreSQL)'] = await heatmapBenchmark({ base, cookie, db: database.db, year: YEAR, asOf, connections: 10, duration: 20, log: console.log });
  await database.close();
  const withJit = await openDatabase({ url });
  const floorWithJit = await timed(() => floorQuery(YEAR, asOf()).execute(withJit.db), { warmup: 1, n: 5 });
  console.log(`  底线 SQL（默认开启 JIT）顺序 5 次：p50 ${floorWithJit.p50} ms`);
  report['compliance floor with JIT on (PostgreSQL default)'] = floorWithJit;
  await withJit.close();
}

/** Issue 10: key tasks on every organisation, findings; the overview, the coverage and a ledger (cli/bench-lists.ts). */
async function listsOnPostgres() {
  const cluster = await startPostgres({ durable: true });
  try {
    console.log('PostgreSQL：生成城市规模数据（300单位、3000支部、60000党员，无组织生活）…');
    const url = await createDatabase(cluster.url, 'bench_lists');
    const database = await openDatabase({ url });
    report['dataset (PostgreSQL)'] = describe(await seedInto(database, BENCH_CITY.members, false));
    console.log('PostgreSQL：50项重点任务下达全部组织，督查与发现问题…');
    report['lists dataset'] = await seedListsBench(database.db, now, console.log);
    await database.close();
    await throughApi(url, (api) => listsBenchmark({ ...api, year: YEAR, connections: 10, duration: 15, log: console.log }));
  } finally {
    cluster.stop();
  }
}

/**
 * The seeded database served by a server without its scheduled jobs (cli/bench-server.ts), the
 * committee admin logged in, and a direct connection for the SQL floor; `measure`'s figures go to
 * the report. BENCH_HOLD=1 keeps the cluster and the server up for EXPLAIN and repeated runs.
 */
async function throughApi(url: string, measure: (api: { base: string; cookie: string; db: Awaited<ReturnType<typeof openDatabase>>['db'] }) => Promise<Record<string, unknown>>) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(url, port, 'apps/server/src/cli/bench-server.ts');
  const admin = await login(base, 'cityadmin');
  const floorDb = await openDatabase({ url });
  try {
    Object.assign(report, await measure({ base, cookie: admin.cookie, db: floorDb.db }));
    if (process.env.BENCH_HOLD) {
      console.log(`保持运行：数据库 ${url}，服务 ${base}（Ctrl-C 结束）`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    await floorDb.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

/** Issue 11: the year's round computed and recomputed on the full city, then the published ranking and a sheet (cli/bench-assessment.ts). */
async function assessmentOnPostgres() {
  const cluster = await startPostgres({ durable: true });
  try {
    console.log('PostgreSQL：生成城市规模数据（300单位、3000支部、60000党员、两年组织生活）…');
    const url = await createDatabase(cluster.url, 'bench_assessment');
    const database = await openDatabase({ url });
    report['dataset (PostgreSQL)'] = describe(await seedInto(database, BENCH_CITY.members, true));
    console.log('PostgreSQL：50项重点任务下达全部组织，督查与发现问题…');
    report['lists dataset'] = await seedListsBench(database.db, now, console.log);
    const { deps, cleanup } = filesDeps(database);
    report.assessment = await assessmentBenchmark(deps, { year: YEAR, log: console.log });
    cleanup();
    await sql`vacuum analyze`.execute(database.db);
    await database.close();
    await throughApi(url, (api) => assessmentApi({ ...api, year: YEAR, connections: 10, duration: 15, log: console.log }));
  } finally {
    cluster.stop();
  }
}

/** Issue 12: every member's points recomputed, then the rankings and a branch's sheet (cli/bench-points.ts). */
async function pointsOnPostgres() {
  const cluster = await startPostgres({ durable: true });
  try {
    console.log('PostgreSQL：生成城市规模数据（300单位、3000支部、60000党员、两年组织生活）…');
    const url = await createDatabase(cluster.url, 'bench_points');
    const database = await openDatabase({ url });
    report['dataset (PostgreSQL)'] = describe(await seedInto(database, BENCH_CITY.members, true));
    const { deps, cleanup } = filesDeps(database);
    report['points refresh'] = await pointsRefreshBenchmark(deps, { year: YEAR, log: console.log });
    cleanup();
    await sql`vacuum analyze`.execute(database.db);
    await database.close();
    await throughApi(url, (api) => pointsApi({ ...api, year: YEAR, connections: 10, duration: 15, log: console.log }));
  } finally {
    cluster.stop();
  }
}

/** Issue 12: a city contest — 5,000 members answering through the API while the live leaderboard is read (cli/bench-contest.ts). */
async function contestOnPostgres() {
  const cluster = await startPostgres({ durable: true });
  try {
    console.log('PostgreSQL：生成城市规模数据（300单位、3000支部、60000党员，无组织生活）…');
    const url = await createDatabase(cluster.url, 'bench_contest');
    const database = await openDatabase({ url });
    const seeded = await seedInto(database, BENCH_CITY.members, false);
    report['dataset (PostgreSQL)'] = describe(seeded);
    console.log('PostgreSQL：5000名参赛党员的账户与会话、竞赛题库…');
    const bench = await seedContestBench(database.db, now, console.log);
    await database.close();
    const unitIds = (await (async () => {
      const db = await openDatabase({ url });
      const rows = await db.db.selectFrom('org').select('id').where('depth', '=', 1).execute();
      await db.close();
      return rows.map((r) => r.id);
    })());
    await throughApi(url, async ({ base, db }) => {
      const admin = await login(base, 'cityadmin');
      const contestId = await createBenchContest(base, admin, bench.rootId, bench.paperId);
      const rate = Number(process.env.BENCH_CONTEST_RATE ?? 250);
      console.log(`知识竞赛：5000人各开始答题、逐题保存25次、交卷；发出速率 ${rate} 请求/秒（十分钟内完成需要 ${Math.round((5000 * 25) / 600)} 次保存/秒）；同时读取实时排行…`);
      const live = await contestLoad({ base, contestId, sessions: bench.sessions, admin, unitIds, rate });
      console.log(JSON.stringify(live));
      await sql`analyze contest_member`.execute(db);
      console.log('知识竞赛：5000人全部上榜后，排行（10个连接）…');
      const quiet = await load(base, admin.cookie, [`/api/contests/${contestId}/leaderboard`, `/api/contests/${contestId}/leaderboard?orgId=${unitIds[0]}`, `/api/contests/${contestId}/leaderboard?page=50`]);
      const ranked = await db.selectFrom('contest_member').select(sql<number>`count(best_score)::int`.as('n')).where('contest_id', '=', contestId).executeTakeFirstOrThrow();
      return { 'contest under load': live, 'leaderboard after the load (50 connections, 15 s)': { ...quiet, ranked: ranked.n } };
    });
  } finally {
    cluster.stop();
  }
}

/** A 60,000-row roster uploaded into a city with the same tree and no members: time and peak RSS. */
async function importBenchmark(clusterUrl: string, port: number, base: string) {
  console.log('导入 60000 行名册…');
  const importUrl = await createDatabase(clusterUrl, 'bench_import');
  const empty = await seed(importUrl, 0, false);
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
  await new Promise((r) => importServer.once('exit', r));
  report['import 60,000 rows'] = { status: res.status, created: body.created, seconds, peakRssMb: rssPeak, rssBeforeMb: rssBefore, fileMb: +(file.length / 1048576).toFixed(1) };
}

/** The same dataset generated into an embedded database (on disk, as the server keeps it), the app in this process. */
async function onPglite() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xf-bench-pglite-'));
  try {
    console.log('PGlite：生成同一数据集（进程内）…');
    const database = await openDatabase({ dataDir: path.join(dir, 'pglite') });
    report['dataset (PGlite)'] = describe(await seedInto(database, BENCH_CITY.members));
    const { deps, cleanup } = filesDeps(database);
    const app = await buildApp({ deps: { ...deps, clock: () => new Date() } });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${port}`;
    const admin = await login(base, 'cityadmin');
    console.log(`PGlite：全市组织生活热力图（${YEAR}年，工委管理员）…`);
    report['compliance heatmap (PGlite, in-process)'] = await heatmapBenchmark({ base, cookie: admin.cookie, db: database.db, year: YEAR, asOf, connections: 4, duration: 15, log: console.log });
    await app.close();
    await database.close();
    cleanup();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (listsMode || assessmentMode || pointsMode || contestMode) {
    report.load = { before: os.loadavg().map((x) => +x.toFixed(2)) };
    await (listsMode ? listsOnPostgres() : assessmentMode ? assessmentOnPostgres() : pointsMode ? pointsOnPostgres() : contestOnPostgres());
    (report.load as Record<string, unknown>).after = os.loadavg().map((x) => +x.toFixed(2));
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  if (engines.includes('pg')) await onPostgres();
  if (engines.includes('pglite')) await onPglite();
  console.log(JSON.stringify(report, null, 2));
}

await main();
