// The 年度考核 benchmark of issue 11 (`npm run bench -- assessment`, a measurement, not a test;
// figures in docs/benchmarks.md): on the bench city with its organisational life and the lists
// bench's key tasks, findings and cards, plus the demo's discipline cases and honours campaign and
// the demo scheme, as the committee admin: opening the year's round (every unit's computed
// indicators with the records behind each point, counted as of today) and recomputing it, each
// computed indicator alone, the whole ranking in-process (every sheet, grade, rank, the bottom
// units to explain), then — every unit scored and reviewed, the round published — the published
// ranking and one unit's sheet through the API, sequentially and at 10 connections.
import type { Kysely } from 'kysely';
import type { Role } from '@xianfeng/shared';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import type { Actor, RequestContext } from '../access/actor.ts';
import { seedDiscipline } from '../features/discipline/index.ts';
import { seedHonours } from '../features/honours/index.ts';
import { seedSchemes } from '../features/assessments/index.ts';
import { openRound, publishRound, recomputeRound } from '../features/assessments/rounds.service.ts';
import { putDepartmentScore } from '../features/assessments/round-scoring.service.ts';
import { rankingOf, requireRound } from '../features/assessments/round-data.ts';
import { assessedUnits, computeRound } from '../features/assessments/measures.ts';
import { getJson, timed } from './bench-compliance.ts';
import { concurrentWithP95 } from './bench-lists.ts';

type Log = (m: string) => void;
const sec = (ms: number) => Math.round(ms / 100) / 10;

async function actorOf(db: Kysely<DB>, username: string): Promise<Actor> {
  const u = await db.selectFrom('app_user').select(['id', 'username', 'display_name', 'member_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const grants = await db.selectFrom('role_grant').innerJoin('org', 'org.id', 'role_grant.org_id').select(['role_grant.org_id', 'role_grant.role', 'org.path', 'org.name']).where('role_grant.user_id', '=', u.id).execute();
  return { userId: u.id, username: u.username, displayName: u.display_name, memberId: u.member_id, mustChangePassword: false, grants: grants.map((g) => ({ orgId: g.org_id, orgPath: g.path, orgName: g.name, role: g.role as Role })) };
}

async function clock<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - t), value };
}

/**
 * On a city already seeded (seedInto + seedListsBench): the demo's discipline cases and honours
 * campaign, both years' schemes; then the round of `year` opened, recomputed, scored by
 * cityadmin (every manual indicator of every unit), every self-assessment reviewed, published.
 */
export async function assessmentBenchmark(deps: AppDeps, o: { year: number; log: Log }) {
  const db = deps.db;
  const now = deps.clock();
  const admin = await actorOf(db, 'cityadmin');
  const ctx: RequestContext = { actor: admin, ip: '127.0.0.1', now };
  await db.transaction().execute((trx) => seedDiscipline(trx, { now, creatorId: admin.userId }));
  await db.transaction().execute((trx) => seedHonours(deps, trx, { now, creatorId: admin.userId, reviewerId: admin.userId }));
  await db.transaction().execute((trx) => seedSchemes(trx, { now, year: o.year, committeeUserId: admin.userId }));
  const out: Record<string, unknown> = {};

  o.log(`PostgreSQL：启动${o.year}年度考核（计算全部单位的计算类指标及其依据记录）…`);
  const open = await clock(() => openRound(deps, ctx, { year: o.year, appealDays: 5, explainBottom: 1 }));
  const round = await requireRound(db, o.year);
  const units = await db.selectFrom('assessment_unit').select(['org_id']).where('round_id', '=', round.id).execute();
  const eventsSize = await db.selectFrom('assessment_unit').select((eb) => eb.fn.sum<number>(eb.fn('pg_column_size', ['events'])).as('n')).where('round_id', '=', round.id).executeTakeFirstOrThrow();
  o.log(`  启动（${units.length} 个单位，计算截止 ${round.as_of}）：${sec(open.ms)} s；依据记录 JSON 共 ${Math.round(Number(eventsSize.n) / 1024)} KB`);
  out.open = { units: units.length, asOf: round.as_of, ms: open.ms, eventsKb: Math.round(Number(eventsSize.n) / 1024) };

  const recompute = await clock(() => recomputeRound(deps, ctx, o.year, undefined));
  o.log(`  重新计算：${sec(recompute.ms)} s`);
  out.recompute = { ms: recompute.ms };

  // Each computed measure alone (the scheme cut to one indicator), to see what dominates.
  const all = await assessedUnits(db, o.year);
  const perIndicator: Record<string, number> = {};
  for (const cat of round.content.categories) {
    for (const ind of cat.indicators) {
      if (ind.method.kind === 'manual') continue;
      if (ind.method.kind === 'deduction' && !ind.method.rows.some((r) => r.event === 'meeting_not_recorded')) continue;
      const content = { ...round.content, categories: [{ ...cat, indicators: [ind] }] };
      const t = await clock(() => computeRound(deps, db, { year: o.year, asOf: round.as_of, units: all.units, rootPath: all.root.path, content }));
      perIndicator[`${ind.key} (${ind.method.kind === 'computed' ? ind.method.measure : 'meeting_not_recorded'})`] = t.ms;
    }
  }
  o.log(`  各指标单独计算（ms）：${Object.entries(perIndicator).map(([k, v]) => `${k} ${v}`).join('，')}`);
  out.perIndicatorMs = perIndicator;

  // Every unit scored on every manual indicator, every self-assessment reviewed, published.
  const manual = round.content.categories.flatMap((c) => c.indicators).filter((i) => i.method.kind === 'manual');
  const scoring = await clock(async () => {
    for (const [n, u] of units.entries()) {
      for (const ind of manual) {
        const score = Math.round(ind.maxScore * (0.6 + 0.4 * (((u.org_id * 31 + n * 7 + ind.key.length) % 100) / 100)) * 10) / 10;
        await putDepartmentScore(deps, ctx, o.year, { orgId: u.org_id, indicatorKey: ind.key, score, comment: '评分评语', evidence: '评分依据' });
      }
    }
  });
  o.log(`  部门评分 ${units.length * manual.length} 项（逐项经服务写入，每项一个事务）：${sec(scoring.ms)} s，每项 ${Math.round((scoring.ms / (units.length * manual.length)) * 10) / 10} ms`);
  out.departmentScores = { scores: units.length * manual.length, ms: scoring.ms };
  // The units' self-assessments are not what is measured: reviewed in one statement.
  await db.updateTable('assessment_unit').set({ status: 'reviewed', reviewed_at: now, reviewed_by: admin.userId }).where('round_id', '=', round.id).execute();

  const ranking = await timed(async () => rankingOf(db, await requireRound(db, o.year)), { warmup: 2, n: 10 });
  o.log(`  全部单位排名（进程内 rankingOf：读取、汇总、定档、排名、需说明单位）顺序 10 次：p50 ${ranking.p50} ms，p99 ${ranking.p99} ms`);
  out.rankingInProcess = ranking;

  const publish = await clock(() => publishRound(deps, ctx, o.year));
  o.log(`  公布：${sec(publish.ms)} s`);
  out.publish = { ms: publish.ms };
  return out;
}

/** The published ranking and the biggest sheet (by events) through the API, as `cookie` (the committee admin). */
export async function assessmentApi(o: { base: string; cookie: string; db: Kysely<DB>; year: number; connections: number; duration: number; log: Log }) {
  const out: Record<string, unknown> = {};
  const rankingUrl = `${o.base}/api/assessments/${o.year}/ranking`;
  let t = performance.now();
  const body = await getJson(rankingUrl, o.cookie);
  const first = Math.round(performance.now() - t);
  const rows = (body.series as { units: unknown[] }[]).reduce((s, x) => s + x.units.length, 0);
  const bytes = JSON.stringify(body).length;
  o.log(`PostgreSQL：已公布的排名（${o.year}年，工委管理员）…`);
  o.log(`  排名：首次请求 ${first} ms；${body.series.length} 个系列 ${rows} 个单位，${Math.round(bytes / 1024)} KB`);
  const seq = await timed(() => getJson(rankingUrl, o.cookie));
  o.log(`  排名 API 顺序 30 次：p50 ${seq.p50} ms，p95 ${seq.p95} ms，p99 ${seq.p99} ms`);
  const load = await concurrentWithP95(rankingUrl, o.cookie, o.connections, o.duration);
  o.log(`  排名 API 并发 ${load.connections} 连接 ${load.seconds} s：${load.rps} 次/秒，p50 ${load.p50} ms，p95 ${load.p95} ms，p99 ${load.p99} ms（目标 p99 < 300 ms：${load.p99 < 300 ? '达到' : '未达到'}）`);
  out['published ranking'] = { path: `/api/assessments/${o.year}/ranking`, units: rows, kb: Math.round(bytes / 1024), firstRequestMs: first, api: seq, concurrent: load, targetMet: load.p99 < 300 };

  const biggest = await o.db
    .selectFrom('assessment_unit as u')
    .innerJoin('assessment_round as r', 'r.id', 'u.round_id')
    .select(['u.org_id', (eb) => eb.fn<number>('pg_column_size', ['u.events']).as('size')])
    .where('r.year', '=', o.year)
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const sheetUrl = `${o.base}/api/assessments/${o.year}/units/${biggest.org_id}`;
  t = performance.now();
  const sheet = await getJson(sheetUrl, o.cookie);
  const sheetFirst = Math.round(performance.now() - t);
  const events = (sheet.categories as { indicators: { events: unknown[] }[] }[]).flatMap((c) => c.indicators).reduce((s, i) => s + i.events.length, 0);
  const sheetBytes = JSON.stringify(sheet).length;
  o.log(`  单位考核表（依据记录最多的单位 #${biggest.org_id}，${events} 条依据，${Math.round(sheetBytes / 1024)} KB）：首次请求 ${sheetFirst} ms`);
  const sheetSeq = await timed(() => getJson(sheetUrl, o.cookie));
  o.log(`  考核表 API 顺序 30 次：p50 ${sheetSeq.p50} ms，p95 ${sheetSeq.p95} ms，p99 ${sheetSeq.p99} ms`);
  const sheetLoad = await concurrentWithP95(sheetUrl, o.cookie, o.connections, Math.max(5, Math.round(o.duration / 2)));
  o.log(`  考核表 API 并发 ${sheetLoad.connections} 连接 ${sheetLoad.seconds} s：${sheetLoad.rps} 次/秒，p50 ${sheetLoad.p50} ms，p95 ${sheetLoad.p95} ms，p99 ${sheetLoad.p99} ms`);
  out['one unit sheet'] = { orgId: biggest.org_id, events, kb: Math.round(sheetBytes / 1024), firstRequestMs: sheetFirst, api: sheetSeq, concurrent: sheetLoad };
  return out;
}

