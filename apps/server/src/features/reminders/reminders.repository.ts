import { sql, type Kysely, type SqlBool } from 'kysely';
import { BRANCH_TYPES, type BirthdayMember } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

export type AdminGrant = { user_id: number; org_id: number; role: string };

/** Enabled accounts holding org_admin or committee_admin, with the organisation they hold it at. */
export async function adminGrants(db: Kysely<DB>): Promise<AdminGrant[]> {
  return db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .where('u.disabled', '=', false)
    .where('g.role', 'in', ['org_admin', 'committee_admin'])
    .select(['g.user_id', 'g.org_id', 'g.role'])
    .execute();
}

/**
 * Members in scope (normal status) who joined in this calendar month of some year, with their
 * 党支部 (a 党小组's members belong to its branch) and their enabled accounts.
 */
export async function membersJoinedInMonth(db: Kysely<DB>, scope: Scope, month: number): Promise<BirthdayMember[]> {
  const rows = await db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .leftJoin('org as b', (j) =>
      j
        .on(sql<SqlBool>`b.id = case when o.type = 'party_group' then o.parent_id else o.id end`)
        .on('b.type', 'in', BRANCH_TYPES)
        .on('b.dissolved_on', 'is', null),
    )
    .leftJoin('app_user as u', (j) => j.onRef('u.member_id', '=', 'm.id').on('u.disabled', '=', false))
    .where('m.status', '=', 'normal')
    .where(sql<number>`extract(month from m.join_date)`, '=', month)
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .select(['m.id', 'm.name', 'm.join_date', 'm.full_date', 'b.id as branch_id', 'b.name as branch_name', 'u.id as user_id'])
    .orderBy('m.id')
    .execute();
  const byId = new Map<number, BirthdayMember>();
  for (const r of rows) {
    const m =
      byId.get(r.id) ??
      byId
        .set(r.id, { memberId: r.id, name: r.name, joinDate: r.join_date, fullDate: r.full_date, branch: r.branch_id ? { orgId: r.branch_id, name: r.branch_name! } : null, userIds: [] })
        .get(r.id)!;
    if (r.user_id) m.userIds.push(r.user_id);
  }
  return [...byId.values()];
}
