// The 积分排名 benchmark of issue 12 (`npm run bench -- points`, a measurement, not a test; figures
// in docs/benchmarks.md): on the bench city with two years of organisational life and the default
// rule set published, 重新统计 of the whole city (every member's year scored by the ledger's own
// sources and rules, PT-13) in-process, then through the API as the committee admin: the city's
// ranking (page 1, a name search, a deep page), one unit's, and a branch's 民主评议参考表 (computed
// live), sequentially and at 10 connections.
import type { Kysely } from 'kysely';
import { DEFAULT_POINT_BASE, DEFAULT_POINT_FLOOR, DEFAULT_POINT_ITEMS, type Role } from '@xianfeng/shared';
import type { DB } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import type { RequestContext } from '../access/actor.ts';
import { refreshRankings } from '../features/points/point-rankings.service.ts';
import { getJson, timed } from './bench-compliance.ts';
import { concurrentWithP95 } from './bench-lists.ts';

type Log = (m: string) => void;

/** Publishes the default rule set of `year` and recomputes every member's total, in-process. */
export async function pointsRefreshBenchmark(deps: AppDeps, o: { year: number; log: Log }) {
  const db = deps.db;
  const now = deps.clock();
  const u = await db.selectFrom('app_user').select(['id', 'username', 'display_name', 'member_id']).where('username', '=', 'cityadmin').executeTakeFirstOrThrow();
  const grants = await db.selectFrom('role_grant').innerJoin('org', 'org.id', 'role_grant.org_id').select(['role_grant.org_id', 'role_grant.role', 'org.path', 'org.name']).where('role_grant.user_id', '=', u.id).execute();
  const ctx: RequestContext = { actor: { userId: u.id, username: u.username, displayName: u.display_name, memberId: u.member_id, mustChangePassword: false, grants: grants.map((g) => ({ orgId: g.org_id, orgPath: g.path, orgName: g.name, role: g.role as Role })) }, ip: '127.0.0.1', now };
  await db
    .insertInto('point_rule_set')
    .values({ year: o.year, version: 1, status: 'published', effective_from: `${o.year}-01-01`, base_points: DEFAULT_POINT_BASE, floor: DEFAULT_POINT_FLOOR, items: JSON.stringify(DEFAULT_POINT_ITEMS), note: 'bench', created_at: now, updated_at: now, published_at: now })
    .execute();
  const root = await db.selectFrom('org').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  o.log(`PostgreSQL：重新统计全市${o.year}年度党员积分（按记录逐人计分）…`);
  const t = performance.now();
  const r = await refreshRankings(deps, ctx, { orgId: root.id, year: o.year });
  const ms = Math.round(performance.now() - t);
  o.log(`  重新统计：${r.members} 名党员，${Math.round(ms / 100) / 10} s`);
  return { members: r.members, ms };
}

export async function pointsApi(o: { base: string; cookie: string; db: Kysely<DB>; year: number; connections: number; duration: number; log: Log }) {
  const out: Record<string, unknown> = {};
  const root = await o.db.selectFrom('org').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const unit = await o.db.selectFrom('org').select('id').where('parent_id', '=', root.id).orderBy('id').executeTakeFirstOrThrow();
  const branch = await o.db.selectFrom('org').select('id').where('type', '=', 'branch').orderBy('id').executeTakeFirstOrThrow();
  const urls: [string, string][] = [
    ['全市排名第1页', `/api/point-rankings?orgId=${root.id}&year=${o.year}`],
    ['全市按姓名查找', `/api/point-rankings?orgId=${root.id}&year=${o.year}&q=${encodeURIComponent('王')}`],
    ['全市第100页', `/api/point-rankings?orgId=${root.id}&year=${o.year}&page=100`],
    ['一个单位的排名', `/api/point-rankings?orgId=${unit.id}&year=${o.year}`],
    ['支部民主评议参考表', `/api/point-review-sheet?orgId=${branch.id}&year=${o.year}`],
  ];
  o.log(`PostgreSQL：积分排名与民主评议参考表（${o.year}年，工委管理员）…`);
  for (const [label, path] of urls) {
    const seq = await timed(() => getJson(`${o.base}${path}`, o.cookie), { warmup: 3, n: 20 });
    o.log(`  ${label}：顺序 20 次 p50 ${seq.p50} ms，p99 ${seq.p99} ms`);
    out[label] = { path, api: seq };
  }
  const load = await concurrentWithP95(`${o.base}${urls[0][1]}`, o.cookie, o.connections, o.duration);
  o.log(`  全市排名 并发 ${load.connections} 连接 ${load.seconds} s：${load.rps} 次/秒，p50 ${load.p50} ms，p99 ${load.p99} ms`);
  out['全市排名 concurrent'] = load;
  return out;
}
