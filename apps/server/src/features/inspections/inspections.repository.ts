import type { Kysely } from 'kysely';
import type { InspectionListQuery } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

type Db = Kysely<DB>;

// ---------- templates ----------

export function listTemplates(db: Db) {
  return db.selectFrom('checklist_template').selectAll().orderBy('id').execute();
}

export function findTemplate(db: Db, id: number) {
  return db.selectFrom('checklist_template').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTemplate(db: Db, name: string, items: { key: string; label: string; fact: string | null }[], userId: number, now: Date) {
  return db
    .insertInto('checklist_template')
    .values({ name, items: JSON.stringify(items), created_by: userId, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
}

// ---------- inspections ----------

/** Inspections with at least one target in scope, with counts of those targets. */
export function listInspections(db: Db, scope: Scope, q: InspectionListQuery) {
  let query = db
    .selectFrom('inspection as i')
    .innerJoin('inspection_target as t', 't.inspection_id', 'i.id')
    .innerJoin('org as o', 'o.id', 't.org_id')
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .groupBy('i.id')
    .select(['i.id', 'i.year', 'i.kind', 'i.quarter', 'i.title', 'i.starts_on', 'i.ends_on', 'i.status'])
    .select((eb) => [eb.fn.countAll<number>().as('targets'), eb.fn.count<number>('t.org_id').filterWhere('t.status', '=', 'recorded').as('recorded')])
    .orderBy('i.starts_on', 'desc')
    .orderBy('i.id', 'desc');
  if (q.year) query = query.where('i.year', '=', q.year);
  if (q.kind) query = query.where('i.kind', '=', q.kind);
  if (q.status) query = query.where('i.status', '=', q.status);
  return query.execute();
}

/** The inspection when one of its targets lies in scope (else undefined: 404). */
export function findInspection(db: Db, scope: Scope, id: number, lock = false) {
  let q = db
    .selectFrom('inspection as i')
    .innerJoin('checklist_template as tpl', 'tpl.id', 'i.template_id')
    .selectAll('i')
    .select('tpl.name as template_name')
    .where('i.id', '=', id)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('inspection_target as t')
          .innerJoin('org as o', 'o.id', 't.org_id')
          .whereRef('t.inspection_id', '=', 'i.id')
          .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
          .select('t.org_id'),
      ),
    );
  if (lock) q = q.forUpdate('i');
  return q.executeTakeFirst();
}
export type InspectionRow = NonNullable<Awaited<ReturnType<typeof findInspection>>>;

export function targetsOf(db: Db, scope: Scope, inspectionId: number) {
  return db
    .selectFrom('inspection_target as t')
    .innerJoin('org as o', 'o.id', 't.org_id')
    .where('t.inspection_id', '=', inspectionId)
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .select(['t.org_id', 'o.name as org_name', 'o.path as org_path', 't.status', 't.visited_on', 't.results'])
    .orderBy('o.id')
    .execute();
}

export function findTarget(db: Db, scope: Scope, inspectionId: number, orgId: number, lock = false) {
  let q = db
    .selectFrom('inspection_target as t')
    .innerJoin('org as o', 'o.id', 't.org_id')
    .where('t.inspection_id', '=', inspectionId)
    .where('t.org_id', '=', orgId)
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .selectAll('t')
    .select(['o.name as org_name', 'o.path as org_path']);
  if (lock) q = q.forUpdate('t');
  return q.executeTakeFirst();
}

/** Organisations by id that lie in scope (the others are unknown to the caller). */
export function orgsInScope(db: Db, scope: Scope, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('org as o')
    .where('o.id', 'in', ids)
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .select(['o.id', 'o.name', 'o.path', 'o.dissolved_on'])
    .execute();
}

export async function replaceTargets(db: Db, inspectionId: number, orgIds: number[]) {
  await db.deleteFrom('inspection_target').where('inspection_id', '=', inspectionId).where('org_id', 'not in', orgIds).execute();
  await db
    .insertInto('inspection_target')
    .values(orgIds.map((org_id) => ({ inspection_id: inspectionId, org_id })))
    .onConflict((oc) => oc.columns(['inspection_id', 'org_id']).doNothing())
    .execute();
}

// ---------- coverage ----------

/**
 * Unit-level organisations (督查全覆盖): the organisations directly below a root (the working
 * committee), in scope, alive at some point of the year; in the committee's fixed order. The org
 * table has no order column, so the order of creation (id) stands for it — the order the tree was
 * imported in.
 */
export function unitsForYear(db: Db, scope: Scope, year: number) {
  return db
    .selectFrom('org as o')
    .innerJoin('org as root', 'root.id', 'o.parent_id')
    .where('root.parent_id', 'is', null)
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .where((eb) => eb.or([eb('o.dissolved_on', 'is', null), eb('o.dissolved_on', '>=', `${year}-01-01`)]))
    .where((eb) => eb.or([eb('o.founded_on', 'is', null), eb('o.founded_on', '<=', `${year}-12-31`)]))
    .select(['o.id', 'o.name'])
    .orderBy('o.id')
    .execute();
}

export function coverageRows(db: Db, year: number, orgIds: number[]) {
  if (!orgIds.length) return Promise.resolve([]);
  return db
    .selectFrom('inspection_target as t')
    .innerJoin('inspection as i', 'i.id', 't.inspection_id')
    .where('i.year', '=', year)
    .where('i.status', '<>', 'cancelled')
    .where('t.org_id', 'in', orgIds)
    .select(['t.org_id', 'i.id', 'i.title', 'i.kind', 'i.quarter', 'i.status', 't.status as target_status', 't.visited_on'])
    .orderBy('i.starts_on')
    .orderBy('i.id')
    .execute();
}

// ---------- cards ----------

export function cardKinds(db: Db) {
  return db.selectFrom('card_kind').selectAll().orderBy('sort').execute();
}

export async function usedCardKinds(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('card').select('kind').distinct().execute();
  return new Set(rows.map((r) => r.kind));
}

export function cardsQuery(db: Db, scope: Scope) {
  return db
    .selectFrom('card as c')
    .innerJoin('card_kind as k', 'k.key', 'c.kind')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .leftJoin('member as m', 'm.id', 'c.member_id')
    .leftJoin('inspection as i', 'i.id', 'c.inspection_id')
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .selectAll('c')
    .select(['k.name as kind_name', 'k.color', 'o.name as org_name', 'o.path as org_path', 'm.name as member_name', 'i.title as inspection_title']);
}
export type CardRow = Awaited<ReturnType<ReturnType<typeof cardsQuery>['executeTakeFirstOrThrow']>>;

/** The findings linked to these cards, with what their rectification state is read from. */
export function cardFindings(db: Db, cardIds: number[]) {
  return db
    .selectFrom('card_finding as cf')
    .innerJoin('list_item as li', 'li.id', 'cf.item_id')
    .where('cf.card_id', 'in', cardIds)
    .select(['cf.card_id', 'li.id', 'li.title', 'li.status', 'li.outcome'])
    .orderBy('li.deadline')
    .orderBy('li.id')
    .execute();
}

/** Enabled accounts holding org_admin at this organisation: they get the card notice. */
export function adminsAt(db: Db, orgId: number) {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .where('g.org_id', '=', orgId)
    .where('g.role', '=', 'org_admin')
    .where('u.disabled', '=', false)
    .select('u.id')
    .distinct()
    .execute();
}

