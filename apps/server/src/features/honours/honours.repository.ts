import { sql, type Kysely } from 'kysely';
import { disciplineKinds, type DisciplineCategory, type DisciplineKind, type DisciplineStatus } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { inSubtree, orgPathInScope, type Scope } from '../../access/scope.ts';
import { conflict } from '../../http/errors.ts';

/** Campaign rows (city-wide: a campaign is the committee's, not an organisation's). */
export function campaigns(db: Kysely<DB>) {
  return db.selectFrom('honour_campaign as c').selectAll('c');
}
export type CampaignRow = Awaited<ReturnType<ReturnType<typeof campaigns>['executeTakeFirstOrThrow']>>;

/** Nominations with the nominee's and the nominating organisation's names, within a scope (the nominee's organisation). */
export function nominations(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('honour_nomination as n')
    .innerJoin('org as co', 'co.id', 'n.counts_for_org_id')
    .innerJoin('org as no', 'no.id', 'n.nominating_org_id')
    .leftJoin('member as m', 'm.id', 'n.member_id')
    .where((eb) => orgPathInScope(scope, eb.ref('co.path')))
    .selectAll('n')
    .select(['co.name as org_name', 'co.path as org_path', 'no.name as nominating_org_name', 'm.name as member_name']);
}
export type NominationRow = Awaited<ReturnType<ReturnType<typeof nominations>['executeTakeFirstOrThrow']>>;

/** `update … where id = ? and status = <expected>`: a transition's write, 409 when the row moved on. */
export async function guardedUpdate(trx: Kysely<DB>, table: 'honour_campaign' | 'honour_nomination' | 'honour_objection', id: number, expected: string, set: Record<string, unknown>, message: string) {
  const updated = await trx
    .updateTable(table)
    .set(set as never)
    .where('id', '=', id)
    .where('status', '=', expected)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw conflict(message);
}

export type DisciplineFactRow = { status: DisciplineStatus; category: DisciplineCategory; kindLabel: string; decidedOn: string; effectiveFrom: string; effectiveUntil: string | null };

/**
 * The discipline register's records bearing on a nominee (a member's own, or those counted against
 * an organisation's subtree). Read here as facts for the eligibility rule, not shown as records:
 * the rule turns them into a date, a kind and an end of period (docs/SECURITY.md §1.4).
 */
export async function disciplineFacts(db: Kysely<DB>, nominee: { memberId: number } | { orgPath: string }): Promise<DisciplineFactRow[]> {
  let q = db
    .selectFrom('discipline_record as d')
    .where('d.status', '=', 'effective')
    .select(['d.status', 'd.category', 'd.kind', 'd.decided_on', 'd.effective_from', 'd.effective_until'])
    .orderBy('d.decided_on');
  if ('memberId' in nominee) q = q.where('d.member_id', '=', nominee.memberId);
  else q = q.innerJoin('org as o', 'o.id', 'd.org_id').where((eb) => inSubtree(eb.ref('o.path'), nominee.orgPath));
  const rows = await q.execute();
  return rows.map((r) => ({
    status: r.status as DisciplineStatus,
    category: r.category as DisciplineCategory,
    kindLabel: disciplineKinds.label(r.kind as DisciplineKind) || r.kind,
    decidedOn: r.decided_on,
    effectiveFrom: r.effective_from,
    effectiveUntil: r.effective_until,
  }));
}

/** Red cards (card kinds coloured red) in force, issued in the year to the organisation's subtree. */
export async function redCards(db: Kysely<DB>, orgPath: string, year: number) {
  return db
    .selectFrom('card as c')
    .innerJoin('card_kind as k', 'k.key', 'c.kind')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .where('k.color', '=', 'red')
    .where('c.status', '=', 'issued')
    .where('c.year', '=', year)
    .where((eb) => inSubtree(eb.ref('o.path'), orgPath))
    .select(['c.issued_on as issuedOn', 'k.name as kindName'])
    .orderBy('c.issued_on')
    .execute();
}

/** The unit-level organisation (right below the root) an organisation belongs to: the nominating organisation whose quota counts (HN-5). */
export async function unitOf(db: Kysely<DB>, org: { id: number; path: string; depth: number }) {
  if (org.depth <= 1) return org.id;
  const unitId = Number(org.path.split('/')[2]);
  return unitId;
}

export async function quotaUsed(db: Kysely<DB>, campaignId: number, nominatingOrgIds: number[]) {
  if (!nominatingOrgIds.length) return new Map<number, number>();
  const rows = await db
    .selectFrom('honour_nomination')
    .where('campaign_id', '=', campaignId)
    .where('nominating_org_id', 'in', nominatingOrgIds)
    .where('status', 'in', ['submitted', 'approved', 'named'])
    .select(['nominating_org_id', sql<number>`count(*)::int`.as('n')])
    .groupBy('nominating_org_id')
    .execute();
  return new Map(rows.map((r) => [r.nominating_org_id, Number(r.n)]));
}
