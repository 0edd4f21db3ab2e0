import { sql, type Kysely } from 'kysely';
import type { Overview } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { inSubtree, pathInScope, scopeFor, type Scope } from '../../access/scope.ts';
import { notFound } from '../../http/errors.ts';
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
  // The counts per organisation come from list_stats (kept by a trigger on list_item, migration
  // 2026120308), a few thousand rows for the whole city; only "waiting for the level above" is
  // counted here, from the (few) claimed milestones, pending adjustments and closings.
  const inTree = (eb: any) => inSubtree(eb.ref('org.path'), org.path);
  const unit = sql<string>`split_part(org.path, '/', ${sql.lit(segment)})`;
  const [stats, pending] = await Promise.all([
    deps.db
      .selectFrom('list_stats')
      .innerJoin('org', 'org.id', 'list_stats.org_id')
      .where('list_stats.year', '=', year)
      .where(inTree)
      .select([unit.as('unit'), ...(['items', 'closed', 'red', 'yellow', 'blue', 'overdue', 'findings', 'rectified'] as const).map((k) => sql<number>`sum(${sql.ref(`list_stats.${k}`)})::int`.as(k))])
      .groupBy(sql`1`)
      .execute(),
    // Driven from the waiting sets (each has a partial index: claimed milestones, the pending
    // adjustment, the submitted closing), then the few items joined by key — not a scan of the year.
    deps.db
      .selectFrom((eb) =>
        eb
          .selectFrom('list_item_milestone')
          .select('item_id')
          .where('status', '=', 'claimed')
          .union(eb.selectFrom('list_item_adjustment').select('item_id').where('status', '=', 'pending'))
          .union(eb.selectFrom('list_item_closing').select('item_id').where('status', '=', 'submitted'))
          .as('waiting'),
      )
      .innerJoin('list_item', 'list_item.id', 'waiting.item_id')
      .innerJoin('org', 'org.id', 'list_item.org_id')
      .where('list_item.year', '=', year)
      .where(inTree)
      .select([unit.as('unit'), sql<number>`count(*)::int`.as('pending')])
      .groupBy(sql`1`)
      .execute(),
  ]);
  const pendingOf = new Map(pending.map((p) => [p.unit, p.pending]));
  const agg = stats.map((s) => ({ ...s, pending: pendingOf.get(s.unit) ?? 0 }));
  const cards = await deps.db
    .selectFrom('card')
    .innerJoin('org', 'org.id', 'card.org_id')
    .where('card.year', '=', year)
    .where('card.status', '=', 'issued')
    .where((eb) => inSubtree(eb.ref('org.path'), org.path))
    .select([sql<string>`split_part(org.path, '/', ${sql.lit(segment)})`.as('unit'), sql<number>`count(*)::int`.as('cards')])
    .groupBy(sql`1`)
    .execute();
  const cardsOf = new Map(cards.map((c) => [c.unit, c.cards]));
  const units = await deps.db.selectFrom('org').select(['id', 'name']).where('parent_id', '=', org.id).where('dissolved_on', 'is', null).orderBy('path').execute();
  const byUnit = new Map(agg.map((a) => [a.unit, a]));
  const rows = units.map((u) => ({ orgId: u.id, orgName: u.name, ...counts({ ...byUnit.get(String(u.id)), cards: cardsOf.get(String(u.id)) ?? 0 }) }));
  const own = counts({ ...byUnit.get(''), cards: cardsOf.get('') ?? 0 });
  return { year, org: { id: org.id, name: org.name }, own, rows, totals: sum([own, ...rows]) };
}

const ZERO = { items: 0, closed: 0, red: 0, yellow: 0, blue: 0, overdue: 0, pending: 0, findings: 0, rectified: 0, cards: 0 };

function counts(a?: Partial<typeof ZERO> & { unit?: string }): Counts {
  const c = { ...ZERO, ...a };
  const { items, closed, red, yellow, blue, overdue, pending, findings, rectified, cards } = c;
  return { items, closed, completionRate: rate(closed, items), red, yellow, blue, overdue, pending, findings, rectified, cards };
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
