import { sql, type Kysely } from 'kysely';
import { roles } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AccountVisibility } from '../../access/account-policy.ts';
import { orgPathInScope } from '../../access/scope.ts';
import { containsPattern } from '../../db/sql-text.ts';

/**
 * The accounts an admin may see (access/account-policy.ts): every grant is one the admin could
 * hand out (each role has its own reach: GrantReach). Accounts without grants are seen by admins
 * of a root. An account with one grant in reach and another elsewhere is not seen at all.
 */
function visibleUsers(db: Kysely<DB>, vis: AccountVisibility) {
  return db.selectFrom('app_user as u').where((eb) => {
    const hasGrant = eb.exists(eb.selectFrom('role_grant as g0').whereRef('g0.user_id', '=', 'u.id'));
    const grantOutOfReach = eb.exists(
      eb
        .selectFrom('role_grant as g')
        .innerJoin('org as o', 'o.id', 'g.org_id')
        .whereRef('g.user_id', '=', 'u.id')
        .where((w) =>
          w.not(w.or(roles.values.map((role) => w.and([w('g.role', '=', role), orgPathInScope(vis.reach[role], sql.ref('o.path'))])))),
        ),
    );
    return eb.or([eb.and([hasGrant, eb.not(grantOutOfReach)]), vis.seesGrantless ? eb.not(hasGrant) : sql<boolean>`false`]);
  });
}

const userColumns = ['u.id', 'u.username', 'u.display_name', 'u.member_id', 'u.disabled', 'u.must_change_password', 'u.last_login_at', 'u.created_at'] as const;

export async function listUsers(db: Kysely<DB>, vis: AccountVisibility, q: { q?: string; limit: number; offset: number }) {
  let base = visibleUsers(db, vis);
  if (q.q) {
    const pattern = containsPattern(q.q);
    base = base.where((eb) => eb.or([eb('u.username', 'like', pattern), eb('u.display_name', 'like', pattern)]));
  }
  const [rows, total] = await Promise.all([
    base.select(userColumns).orderBy('u.id').limit(q.limit).offset(q.offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export function findUser(db: Kysely<DB>, vis: AccountVisibility, id: number) {
  return visibleUsers(db, vis).select(userColumns).where('u.id', '=', id).executeTakeFirst();
}

/** One account by id whatever the caller's reach: for the row just created, shown to its creator. */
export function findUserById(db: Kysely<DB>, id: number) {
  return db.selectFrom('app_user as u').select(userColumns).where('u.id', '=', id).executeTakeFirstOrThrow();
}

/** Locks the account row for the rest of the transaction (grant and link changes serialise on it). */
export async function lockUser(db: Kysely<DB>, id: number) {
  return db.selectFrom('app_user').select(['id', 'member_id']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function grantsOf(db: Kysely<DB>, userIds: number[]) {
  if (!userIds.length) return Promise.resolve([]);
  return db
    .selectFrom('role_grant as g')
    .innerJoin('org', 'org.id', 'g.org_id')
    .select(['g.user_id', 'g.org_id', 'g.role', 'org.name as org_name', 'org.path as org_path'])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.id')
    .execute();
}

/** The organisation paths of the members these accounts are linked to. */
export async function memberPathsOf(db: Kysely<DB>, memberIds: number[]) {
  if (!memberIds.length) return new Map<number, string>();
  const rows = await db.selectFrom('member').innerJoin('org', 'org.id', 'member.org_id').select(['member.id', 'org.path']).where('member.id', 'in', memberIds).execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** The locks in force for these usernames (login throttling keys them by name). */
export async function lockedUsernames(db: Kysely<DB>, usernames: string[], now: Date) {
  if (!usernames.length) return new Set<string>();
  const rows = await db
    .selectFrom('login_attempt')
    .select('key')
    .where('key', 'in', usernames.map((u) => `u:${u}`))
    .where('locked_until', '>', now)
    .execute();
  return new Set(rows.map((r) => r.key.slice(2)));
}

export async function replaceGrants(db: Kysely<DB>, userId: number, grants: { orgId: number; role: string }[], now: Date) {
  await db.deleteFrom('role_grant').where('user_id', '=', userId).execute();
  if (grants.length) {
    await db.insertInto('role_grant').values(grants.map((g) => ({ user_id: userId, org_id: g.orgId, role: g.role, created_at: now }))).execute();
  }
}
