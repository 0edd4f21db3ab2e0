import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

/** An item with its lead organisation's path and name (what the policies need). */
export function itemsWithOrg(db: Kysely<DB>) {
  return db
    .selectFrom('list_item')
    .innerJoin('org', 'org.id', 'list_item.org_id')
    .selectAll('list_item')
    .select(['org.path as org_path', 'org.name as org_name']);
}
export type ItemRecord = NonNullable<Awaited<ReturnType<ReturnType<typeof itemsWithOrg>['executeTakeFirst']>>>;

/**
 * An item is readable when its lead organisation is in the scope, or one of its co-operating
 * organisations (协办) is: they see it, they do not keep it.
 */
export function itemReadable(scope: Scope): (eb: any) => Expression<SqlBool> {
  return (eb) =>
    eb.or([
      orgPathInScope(scope, eb.ref('org.path')),
      eb.exists(
        eb
          .selectFrom('list_item_org as lo')
          .innerJoin('org as ao', 'ao.id', 'lo.org_id')
          .whereRef('lo.item_id', '=', 'list_item.id')
          .where((e: any) => orgPathInScope(scope, e.ref('ao.path')))
          .select(sql`1`.as('one')),
      ),
    ]);
}

export function findItem(db: Kysely<DB>, scope: Scope, id: number) {
  return itemsWithOrg(db).where('list_item.id', '=', id).where(itemReadable(scope)).executeTakeFirst();
}

/** The item, locked for a transition (inside the caller's transaction). */
export function lockItem(trx: Kysely<DB>, scope: Scope, id: number) {
  return itemsWithOrg(trx).where('list_item.id', '=', id).where(itemReadable(scope)).forUpdate('list_item').executeTakeFirst();
}

export function milestonesOf(db: Kysely<DB>, itemIds: number[]) {
  if (!itemIds.length) return Promise.resolve([]);
  return db.selectFrom('list_item_milestone').selectAll().where('item_id', 'in', itemIds).orderBy('item_id').orderBy('seq').execute();
}

export async function addEvent(trx: Kysely<DB>, itemId: number, kind: string, note: string, by: number | null, at: Date) {
  await trx.insertInto('list_item_event').values({ item_id: itemId, kind, note, by_user: by, at }).execute();
}

/** Display names of accounts (the person's name when linked to a member, else the login). */
export async function accountNames(db: Kysely<DB>, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (!wanted.length) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .leftJoin('member', 'member.id', 'app_user.member_id')
    .select(['app_user.id', 'app_user.username', 'app_user.display_name', 'member.name'])
    .where('app_user.id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name ?? r.display_name ?? r.username]));
}

