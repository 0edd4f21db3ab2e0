import { sql, type Kysely } from 'kysely';
import type { Overview } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { likePrefix, pathInScope, scopeFor, type Scope } from '../../access/scope.ts';
import { notFound } from '../../http/errors.ts';
import { PREPARED } from '../../db/prepared-statements.ts';
import { streamedWorkbook } from '../../lib/xlsx-stream.ts';
import { audit } from '../audit/index.ts';

type Counts = Overview['totals'];

/** The organisation an overview or ledger is about: named, or the caller's highest one. */
export async function orgInReach(db: Kysely<DB>, scope: Scope, orgId: number | undefined) {
  const q = db.selectFrom('org').select(['id', 'name', 'path', 'depth']);
  // Without a choice: the highest organisation the caller reads (its grants' roots, by path — not
  // a walk of the whole tree).
  const org =
    orgId !== undefined
      ? await q.where('id', '=', orgId).executeTakeFirst()
      : scope.kind === 'subtrees'
        ? await q.where('path', 'in', scope.paths).where('dissolved_on', 'is', null).orderBy('depth').orderBy('path').executeTakeFirst()
        : await q.where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
  if (!org || !pathInScope(scope, org.path)) throw notFound('组织');
  return org;
}

/**
 * 清单总览: every unit directly below an organisation, in the committee's fixed order (the order
 * of the tree), with its subtree's items, closings, lights and what waits for the level above —
 * from the stored assessment, in one grouped query (the unit is read off each item's path).
 * Units that have nothing still appear with zeros. Co-operating (协办) items count only for their
 * lead organisation. Lights are as of the last pass of the lists' job (every ten minutes; each
 * change of an item re-judges it at once): a city-wide request never re-judges the city itself.
 */
export async function listOverview(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number): Promise<Overview> {
  requirePermission(ctx.actor, 'supervision.read');
  const org = await orgInReach(deps.db, scopeFor(ctx.actor, 'supervision.read'), orgId);
  const segment = org.depth + 3; // '/1/23/456/' split on '/': '', '1', '23', …
  // Every count comes from list_stats (kept by triggers on list_item, its milestones and its
  // adjustments: migrations 2026120308 and 2026120309), a few thousand rows for the whole city, and
  // the cards from their own small table; no request counts the year's items. One statement
  // returns the finished rows (the units in tree order, zeros filled in, the organisation's own
  // line last): a city-wide overview is ~300 rows, and parsing and merging three result sets in
  // the server cost more than the database's work. Prepared: planning it took 3 ms of its 13.
  const unit = (alias: string) => sql`split_part(${sql.ref(`${alias}.path`)}, '/', ${sql.lit(segment)})`;
  const prefix = likePrefix(org.path);
  const sums = STAT_KEYS.map((k) => sql`sum(s.${sql.ref(k)})::int as ${sql.ref(k)}`);
  const filled = [...STAT_KEYS, 'cards' as const].map((k) => sql`coalesce(${sql.ref(k)}, 0)::int as ${sql.ref(k)}`);
  const { rows: lines } = await sql<Line>`
    with counted as (
      select ${unit('o')} as unit, ${sql.join(sums)}
      from list_stats s join org o on o.id = s.org_id
      where s.year = ${year} and o.path like ${prefix}
      group by 1),
    carded as (
      select ${unit('o')} as unit, count(*)::int as cards
      from card c join org o on o.id = c.org_id
      where c.year = ${year} and c.status = 'issued' and o.path like ${prefix}
      group by 1),
    units as (
      select id, name, id::text as unit, path as sort from org where parent_id = ${org.id} and dissolved_on is null
      union all select ${org.id}, ${org.name}, '', null)
    select u.id, u.name, ${sql.join(filled)}
    from units u left join counted using (unit) left join carded using (unit)
    order by u.sort nulls last ${PREPARED}`.execute(deps.db);
  const own = counts(lines.pop()!);
  const rows = lines.map((l) => Object.assign({ orgId: l.id, orgName: l.name }, counts(l)));
  return { year, org: { id: org.id, name: org.name }, own, rows, totals: sum([own, ...rows]) };
}

const STAT_KEYS = ['items', 'closed', 'red', 'yellow', 'blue', 'overdue', 'pending', 'findings', 'rectified'] as const;

type Line = Record<(typeof STAT_KEYS)[number] | 'cards', number> & { id: number; name: string };

const ZERO = { items: 0, closed: 0, red: 0, yellow: 0, blue: 0, overdue: 0, pending: 0, findings: 0, rectified: 0, cards: 0 };

// Plain property reads, not `{ ...ZERO, ...row }`: spreading 300 rows cost ~4 ms a request on
// V8 (measured under `npm run bench -- lists`), a third of the whole request.
function counts(a: Partial<typeof ZERO>): Counts {
  const items = a.items ?? 0;
  const closed = a.closed ?? 0;
  return {
    items,
    closed,
    completionRate: rate(closed, items),
    red: a.red ?? 0,
    yellow: a.yellow ?? 0,
    blue: a.blue ?? 0,
    overdue: a.overdue ?? 0,
    pending: a.pending ?? 0,
    findings: a.findings ?? 0,
    rectified: a.rectified ?? 0,
    cards: a.cards ?? 0,
  };
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

function sum(list: Counts[]): Counts {
  const t = { ...ZERO };
  for (const c of list) for (const k of Object.keys(ZERO) as (keyof typeof ZERO)[]) t[k] += c[k];
  return counts(t);
}

/**
 * The overview as the committee hands it on: every unit in the tree's order, those with nothing
 * reported included (zeros, never left out), the organisation's own items and the totals.
 */
export async function overviewWorkbook(deps: AppDeps, ctx: RequestContext, year: number, orgId?: number) {
  const o = await listOverview(deps, ctx, year, orgId);
  const buffer = await streamedWorkbook(async (wb, pace) => {
    const ws = wb.addWorksheet(`${year}年清单总览`, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
    ws.columns = [
      { header: '单位', width: 30 },
      { header: '事项数', width: 8 },
      { header: '已销号', width: 8 },
      { header: '销号率(%)', width: 10 },
      { header: '红灯', width: 6 },
      { header: '黄灯', width: 6 },
      { header: '蓝灯', width: 6 },
      { header: '逾期', width: 6 },
      { header: '待审', width: 6 },
      { header: '督查发现问题', width: 12 },
      { header: '已整改', width: 8 },
      { header: '黄牌红牌', width: 8 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    const line = (name: string, c: Counts) => [name, c.items, c.closed, c.completionRate ?? '—', c.red, c.yellow, c.blue, c.overdue, c.pending, c.findings, c.rectified, c.cards];
    for (const r of o.rows) {
      ws.addRow(line(r.orgName, r)).commit();
      await pace();
    }
    if (o.own.items || o.own.findings || o.own.cards) ws.addRow(line(`${o.org.name}（本级）`, o.own)).commit();
    const total = ws.addRow(line('合计', o.totals));
    total.font = { bold: true };
    total.commit();
  });
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'list_item.overview_export', entityType: 'org', entityId: o.org.id, after: { year, units: o.rows.length } }));
  return { buffer, filename: `${o.org.name}_${year}年清单总览.xlsx` };
}
