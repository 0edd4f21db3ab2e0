import { sql, type Kysely } from 'kysely';
import { scoreLedger, type PointItem, type PointRankingQuery } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { hasPermission } from '../../access/actor.ts';
import { pointsReadScope } from '../../access/points-policy.ts';
import { inSubtree, pathInScope } from '../../access/scope.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as repo from './points.repository.ts';
import { memberClassOf } from './points.service.ts';
import { POINT_SOURCES } from './sources.ts';

/** Members scored per round trip: each source reads its records for this many members at once. */
const BATCH = 1000;
/** A printed 民主评议 sheet is a branch's (or a small committee's) roster, not a department's. */
const SHEET_MAX = 300;

type RankRow = { id: number; name: string; org_name: string; base_points: number | null; additions: number | null; deductions: number | null; total: number | null; rank: number | null; n: number };
type GroupRow = { child: string; members: number; computed: number; sum: number; oldest: string | null };
type Scored = { memberId: number; exempt: boolean; basePoints: number; additions: number; deductions: number; total: number };

/**
 * Scores members' years exactly as their ledgers do (PT-4 … PT-9: the same sources, the same pure
 * `scoreLedger`), a batch of members per query of each source.
 */
export async function scoreMembers(db: Kysely<DB>, year: number, members: { id: number; flowing: boolean; retired: boolean }[]): Promise<Scored[]> {
  const versions = (await repo.publishedVersions(db, year)).map((v) => ({ version: v.version, effectiveFrom: v.effective_from, basePoints: v.base_points, floor: v.floor, items: v.items as PointItem[] }));
  const out: Scored[] = [];
  for (let i = 0; i < members.length; i += BATCH) {
    const batch = members.slice(i, i + BATCH);
    const ids = batch.map((m) => m.id);
    const [exempt, ...perSource] = await Promise.all([
      db.selectFrom('point_exemption').select('member_id').where('year', '=', year).where('member_id', 'in', ids).execute(),
      ...POINT_SOURCES.map((s) => s.events(db, ids, year)),
    ]);
    const exempted = new Set(exempt.map((e) => e.member_id));
    for (const m of batch) {
      const s = scoreLedger({ year, versions, events: perSource.flatMap((p) => p.get(m.id) ?? []), memberClass: memberClassOf(m), exempt: exempted.has(m.id) });
      out.push({ memberId: m.id, exempt: exempted.has(m.id), basePoints: s.basePoints, additions: s.additions, deductions: s.deductions, total: s.total });
    }
  }
  return out;
}

async function readableOrg(db: Kysely<DB>, ctx: RequestContext, orgId: number) {
  const scope = pointsReadScope(ctx.actor);
  const org = await db.selectFrom('org').select(['id', 'name', 'path', 'depth']).where('id', '=', orgId).where('dissolved_on', 'is', null).executeTakeFirst();
  if (!org || !pathInScope(scope, org.path)) throw notFound('组织');
  return org;
}

const membersOf = (db: Kysely<DB>, path: string) =>
  db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.name', 'm.flowing', 'm.retired', 'o.name as org_name'])
    .where((eb) => inSubtree(eb.ref('o.path'), path))
    .where('m.status', '=', 'normal');

/**
 * 重新统计 (PT-13): recomputes the year's totals of the organisation's members in good standing from
 * the records and replaces their snapshot rows, in one transaction. Two refreshes of one year do not
 * run side by side: the second is told to wait (409) rather than doing the work twice.
 */
export async function refreshRankings(deps: AppDeps, ctx: RequestContext, q: { orgId: number; year: number }) {
  const org = await readableOrg(deps.db, ctx, q.orgId);
  const started = Date.now();
  return deps.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${0x70744f54}::int, ${q.year}::int) as ok`.execute(trx);
    if (!rows[0].ok) throw conflict('该年度的积分正在统计中，请稍后再看');
    const members = await membersOf(trx, org.path).execute();
    const scored = await scoreMembers(trx, q.year, members);
    for (let i = 0; i < scored.length; i += BATCH) {
      const values = scored.slice(i, i + BATCH).map((s) => ({ year: q.year, member_id: s.memberId, base_points: s.basePoints, additions: s.additions, deductions: s.deductions, total: s.total, computed_at: ctx.now }));
      await trx
        .insertInto('point_total')
        .values(values)
        .onConflict((oc) => oc.columns(['year', 'member_id']).doUpdateSet((eb) => ({ base_points: eb.ref('excluded.base_points'), additions: eb.ref('excluded.additions'), deductions: eb.ref('excluded.deductions'), total: eb.ref('excluded.total'), computed_at: eb.ref('excluded.computed_at') })))
        .execute();
    }
    await audit(trx, ctx, { action: 'point_totals.refresh', entityType: 'org', entityId: org.id, after: { year: q.year, members: scored.length } });
    return { members: scored.length, computedAt: ctx.now, ms: Date.now() - started };
  });
}

/**
 * 积分排名 (PT-13): the subtree's members in good standing ranked by the snapshot's totals (rank()
 * — equal totals share a place), paged and filtered by name in the database; members not yet
 * computed come last without a rank. Each direct child organisation's average is beside it.
 */
export async function rankings(deps: AppDeps, ctx: RequestContext, q: PointRankingQuery) {
  const org = await readableOrg(deps.db, ctx, q.orgId);
  const name = q.q ? sql`name like ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : sql`true`;
  // One statement, one pass over the subtree's members: the page (ranked over the whole subtree, then
  // filtered by name) and the per-child aggregates are both read from the materialised member rows.
  const [result, childOrgs] = await Promise.all([
    sql<{ page: RankRow[] | null; groups: GroupRow[] | null }>`
      with mem as materialized (
        select m.id, m.name, o.name as org_name, split_part(o.path, '/', ${org.depth + 3}) as child,
          t.base_points, t.additions, t.deductions, t.total, t.computed_at
        from member m join org o on o.id = m.org_id
        left join point_total t on t.member_id = m.id and t.year = ${q.year}
        where ${inSubtree(sql.ref('o.path'), org.path)} and m.status = 'normal'),
      ranked as (select mem.*, case when total is null then null else rank() over (order by total desc nulls last) end as rank from mem),
      page as (
        select id, name, org_name, base_points, additions, deductions, total, rank, count(*) over ()::int as n from ranked
        where ${name} order by total desc nulls last, id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}),
      groups as (select child, count(*)::int as members, count(total)::int as computed, coalesce(sum(total), 0)::float8 as sum, min(computed_at) as oldest from mem group by child)
      select (select json_agg(page order by total desc nulls last, id) from page) as page, (select json_agg(groups) from groups) as groups`.execute(deps.db),
    deps.db.selectFrom('org').select(['id', 'name']).where('parent_id', '=', org.id).where('dissolved_on', 'is', null).orderBy('path').execute(),
  ]);
  const pageRows = result.rows[0].page ?? [];
  const groupRows = result.rows[0].groups ?? [];
  const avg = (sum: number, n: number) => (n ? Math.round((sum / n) * 10) / 10 : null);
  const by = new Map(groupRows.map((r) => [r.child, r]));
  const members = groupRows.reduce((s, r) => s + r.members, 0);
  const computed = groupRows.reduce((s, r) => s + r.computed, 0);
  const sum = groupRows.reduce((s, r) => s + r.sum, 0);
  // json_agg gives the times as text: the oldest is the least ISO string once parsed.
  const oldest = groupRows.map((r) => r.oldest).filter((d): d is string => !!d).map((d) => new Date(d)).sort((a, b) => +a - +b)[0] ?? null;
  return {
    orgId: org.id,
    orgName: org.name,
    year: q.year,
    summary: { members, computed, average: avg(sum, computed), computedAt: oldest },
    children: childOrgs.map((c) => {
      const g = by.get(String(c.id));
      return { orgId: c.id, orgName: c.name, members: g?.members ?? 0, average: avg(g?.sum ?? 0, g?.computed ?? 0) };
    }),
    items: pageRows.map((r) => ({ rank: r.rank === null ? null : Number(r.rank), memberId: r.id, name: r.name, orgName: r.org_name, basePoints: r.base_points, additions: r.additions, deductions: r.deductions, total: r.total })),
    total: pageRows[0]?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
    canRefresh: hasPermission(ctx.actor, 'points.read'),
  };
}

/**
 * 民主评议参考表 (PT-14): a branch's members with the year's points computed live from the records —
 * the sheet the branch prints for its 民主评议党员 meeting (the grade columns are filled by hand there).
 */
export async function reviewSheet(deps: AppDeps, ctx: RequestContext, q: { orgId: number; year: number }) {
  const org = await readableOrg(deps.db, ctx, q.orgId);
  const members = await membersOf(deps.db, org.path).orderBy('o.path').orderBy('m.name').orderBy('m.id').limit(SHEET_MAX + 1).execute();
  if (members.length > SHEET_MAX) throw validation(`${org.name}及下级组织党员超过${SHEET_MAX}人，请选择具体的党支部打印民主评议参考表`);
  const scored = await scoreMembers(deps.db, q.year, members);
  const totals = scored.filter((s) => !s.exempt).map((s) => s.total);
  const rankOf = (t: number) => 1 + totals.filter((x) => x > t).length;
  return {
    orgId: org.id,
    orgName: org.name,
    year: q.year,
    generatedAt: ctx.now,
    rows: members.map((m, i) => {
      const s = scored[i];
      return { no: i + 1, memberId: m.id, name: m.name, orgName: m.org_name, exempt: s.exempt, basePoints: s.basePoints, additions: s.additions, deductions: s.deductions, total: s.total, rank: s.exempt ? null : rankOf(s.total) };
    }),
  };
}
