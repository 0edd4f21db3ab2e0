import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { memberInScope, orgPathInScope, type Scope } from '../../access/scope.ts';
import { conflict } from '../../http/errors.ts';

export function ruleSets(db: Kysely<DB>) {
  return db.selectFrom('point_rule_set as r').selectAll('r');
}
export type RuleSetRow = Awaited<ReturnType<ReturnType<typeof ruleSets>['executeTakeFirstOrThrow']>>;

/** The published versions of a year, oldest first: what the ledger scores by. */
export function publishedVersions(db: Kysely<DB>, year: number) {
  return ruleSets(db).where('r.year', '=', year).where('r.status', '=', 'published').orderBy('r.effective_from').orderBy('r.version').execute();
}

/** A member within a scope (their organisation's subtree, or the caller's own record), with the organisation. */
export function memberIn(db: Kysely<DB>, scope: Scope, memberId: number) {
  return db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .where('m.id', '=', memberId)
    .where((eb) => memberInScope(scope, eb, 'm.id', 'o.path'))
    .select(['m.id', 'm.name', 'm.org_id', 'o.name as org_name', 'o.path as org_path', 'm.flowing', 'm.retired', 'm.status'])
    .executeTakeFirst();
}

export function exemptions(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('point_exemption as x')
    .innerJoin('member as m', 'm.id', 'x.member_id')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .selectAll('x')
    .select(['m.name as member_name', 'o.name as org_name']);
}

/** `update … where id = ? and status = <expected>`: a transition's write, 409 when the row moved on. */
export async function guardedRuleSetUpdate(trx: Kysely<DB>, id: number, expected: string, set: Record<string, unknown>, message: string) {
  const updated = await trx.updateTable('point_rule_set').set(set as never).where('id', '=', id).where('status', '=', expected as never).returning('id').executeTakeFirst();
  if (!updated) throw conflict(message);
}
