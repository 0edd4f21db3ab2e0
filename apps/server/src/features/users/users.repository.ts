import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';

/** Users with a grant inside the scope; users with no grant yet are seen by admins of a root. */
function visibleUsers(db: Kysely<DB>, scope: Scope, coversRoot: boolean) {
  return db.selectFrom('app_user as u').where((eb) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('role_grant as g')
          .innerJoin('org', 'org.id', 'g.org_id')
          .whereRef('g.user_id', '=', 'u.id')
          .where(orgPathInScope(scope, sql.ref('org.path'))),
      ),
      coversRoot ? eb.not(eb.exists(eb.selectFrom('role_grant as g2').whereRef('g2.user_id', '=', 'u.id'))) : sql<boolean>`false`,
    ]),
  );
}

const userColumns = ['u.id', 'u.username', 'u.display_name', 'u.member_id', 'u.disabled', 'u.must_change_password', 'u.locked_until', 'u.last_login_at', 'u.created_at'] as const;

export async function listUsers(db: Kysely<DB>, scope: Scope, coversRoot: boolean, q: { q?: string; limit: number; offset: number }) {
  let base = visibleUsers(db, scope, coversRoot);
  if (q.q) base = base.where((eb) => eb.or([eb('u.username', 'like', `%${q.q}%`), eb('u.display_name', 'like', `%${q.q}%`)]));
  const [rows, total] = await Promise.all([
    base.select(userColumns).orderBy('u.id').limit(q.limit).offset(q.offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export function findUser(db: Kysely<DB>, scope: Scope, coversRoot: boolean, id: number) {
  return visibleUsers(db, scope, coversRoot).select(userColumns).where('u.id', '=', id).executeTakeFirst();
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

export async function replaceGrants(db: Kysely<DB>, userId: number, grants: { orgId: number; role: string }[], now: Date) {
  await db.deleteFrom('role_grant').where('user_id', '=', userId).execute();
  if (grants.length) {
    await db.insertInto('role_grant').values(grants.map((g) => ({ user_id: userId, org_id: g.orgId, role: g.role, created_at: now }))).execute();
  }
}
