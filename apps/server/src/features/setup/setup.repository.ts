import { sql, type Kysely } from 'kysely';
import { BRANCH_TYPES } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

// The counts of the setup guide, every one inside the caller's scope (SQL).

/** Organisations in scope (not dissolved): how many lie below the scope's own roots. */
export async function orgCounts(db: Kysely<DB>, scope: Scope, roots: string[]) {
  const r = await db
    .selectFrom('org')
    .select([
      sql<number>`count(*) filter (where not (org.path = any(${roots}::text[])))::int`.as('below'),
      sql<number>`count(*) filter (where org.type in (${sql.join(BRANCH_TYPES)}))::int`.as('branches'),
    ])
    .where('org.dissolved_on', 'is', null)
    .where(orgPathInScope(scope, sql.ref('org.path')))
    .executeTakeFirstOrThrow();
  return r;
}

export type BranchFacts = { id: number; name: string; path: string; members: number; fullMembers: number; committeeSize: number; secretaries: number };

/**
 * Every branch in scope with its members in normal standing (its 党小组 included: a 党小组 is
 * always a branch's child), 正式党员, serving committee and serving 书记 on `asOf`.
 */
export async function branchFacts(db: Kysely<DB>, scope: Scope, asOf: string): Promise<BranchFacts[]> {
  const rows = await db
    .selectFrom('org as b')
    .select(['b.id', 'b.name', 'b.path'])
    .select((eb) => [
      eb
        .selectFrom('member')
        .innerJoin('org as o', 'o.id', 'member.org_id')
        .whereRef(sql`case when o.type = 'party_group' then o.parent_id else o.id end`, '=', 'b.id')
        .where('member.status', '=', 'normal')
        .select(sql<string>`json_build_array(count(*), count(*) filter (where member.category = 'full'))::text`.as('n'))
        .as('counts'),
      eb
        .selectFrom('org_committee_member as c')
        .whereRef('c.org_id', '=', 'b.id')
        .where('c.started_on', '<=', asOf)
        .where((w) => w.or([w('c.ended_on', 'is', null), w('c.ended_on', '>=', asOf)]))
        .select(sql<string>`json_build_array(count(*), count(*) filter (where c.post = 'secretary'))::text`.as('n'))
        .as('committee'),
    ])
    .where('b.type', 'in', BRANCH_TYPES)
    .where('b.dissolved_on', 'is', null)
    .where(orgPathInScope(scope, sql.ref('b.path')))
    .orderBy('b.path')
    .execute();
  return rows.map((r) => {
    const [members, fullMembers] = JSON.parse(r.counts ?? '[0,0]') as number[];
    const [committeeSize, secretaries] = JSON.parse(r.committee ?? '[0,0]') as number[];
    return { id: r.id, name: r.name, path: r.path, members, fullMembers, committeeSize, secretaries };
  });
}

/**
 * The serving 书记 of the branches in scope (members in normal standing), each with the account
 * already linked to the member, if any (the lowest id when several), and the member's own
 * organisation path (for the account policy's link check). `memberIds` narrows to those members.
 */
export async function secretaries(db: Kysely<DB>, scope: Scope, asOf: string, memberIds?: number[]) {
  let q = db
    .selectFrom('org_committee_member as c')
    .innerJoin('org as b', 'b.id', 'c.org_id')
    .innerJoin('member as m', 'm.id', 'c.member_id')
    .innerJoin('org as mo', 'mo.id', 'm.org_id')
    .leftJoin('org as p', 'p.id', 'b.parent_id')
    .select(['m.id as memberId', 'm.name as memberName', 'b.id as orgId', 'b.name as orgName', 'p.name as parentOrgName', 'b.path as orgPath', 'mo.path as memberOrgPath'])
    .select((eb) => [
      eb.selectFrom('app_user as u').whereRef('u.member_id', '=', 'm.id').select('u.username').orderBy('u.id').limit(1).as('existingUsername'),
      // Does an account of the member hold 组织管理员 at the branch (what a secretary's account is for)?
      eb
        .exists(
          eb
            .selectFrom('app_user as u')
            .innerJoin('role_grant as g', 'g.user_id', 'u.id')
            .whereRef('u.member_id', '=', 'm.id')
            .whereRef('g.org_id', '=', 'b.id')
            .where('g.role', '=', 'org_admin')
            .select(sql`1`.as('one')),
        )
        .as('existingIsBranchAdmin'),
    ])
    .where('c.post', '=', 'secretary')
    .where('c.started_on', '<=', asOf)
    .where((w) => w.or([w('c.ended_on', 'is', null), w('c.ended_on', '>=', asOf)]))
    .where('b.type', 'in', BRANCH_TYPES)
    .where('b.dissolved_on', 'is', null)
    .where('m.status', '=', 'normal')
    .where(orgPathInScope(scope, sql.ref('b.path')));
  if (memberIds) q = q.where('m.id', '=', sql<number>`any(${memberIds}::int[])`);
  const rows = await q.orderBy('b.path').orderBy('c.id').execute();
  // A member serving as 书记 of two branches gets one account (for the first).
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.memberId) && seen.add(r.memberId));
}

/** Usernames of these that are taken. */
export async function takenUsernames(db: Kysely<DB>, usernames: string[]) {
  if (!usernames.length) return new Set<string>();
  const rows = await db.selectFrom('app_user').select('username').where('username', 'in', usernames).execute();
  return new Set(rows.map((r) => r.username));
}

/**
 * Locks the members' rows (in id order, so two admins never deadlock) for the rest of the
 * transaction: a second generation for the same members waits here, then sees the accounts the
 * first one created.
 */
export async function lockMembers(db: Kysely<DB>, memberIds: number[]) {
  if (!memberIds.length) return;
  await db.selectFrom('member').select('id').where('id', 'in', [...memberIds].sort((a, b) => a - b)).orderBy('id').forUpdate().execute();
}

/**
 * Is any record of organisational life in scope submitted for review or approved? Records brought
 * in by the history import (补录) are the past, not the first meeting held on the platform.
 */
export async function hasSubmittedActivity(db: Kysely<DB>, scope: Scope) {
  const row = await db
    .selectFrom('activity')
    .innerJoin('org', 'org.id', 'activity.org_id')
    .select('activity.id')
    .where('activity.status', 'in', ['submitted', 'approved'])
    .where('activity.import_id', 'is', null)
    .where(orgPathInScope(scope, sql.ref('org.path')))
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
