import { sql, type Kysely } from 'kysely';
import type { Role } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../access/actor.ts';

export function findUserByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

type ActorRow = { id: number; username: string; display_name: string | null; member_id: number | null; must_change_password: boolean; grants: { orgId: number; role: string; orgPath: string; orgName: string }[] | null };

function toActor(row: ActorRow): Actor {
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    memberId: row.member_id,
    mustChangePassword: row.must_change_password,
    grants: (row.grants ?? []).map((g) => ({ orgId: g.orgId, orgPath: g.orgPath, orgName: g.orgName, role: g.role as Role })),
  };
}

/**
 * The session, its account and the account's grants in one round trip: this runs before every
 * request, so it is the hottest query of the system.
 */
export async function findSessionActor(db: Kysely<DB>, idHash: string) {
  const r = await sql<ActorRow & { csrf_token: string; last_seen_at: Date }>`
    select s.csrf_token, s.last_seen_at, u.id, u.username, u.display_name, u.member_id, u.must_change_password,
      (select json_agg(json_build_object('orgId', g.org_id, 'role', g.role, 'orgPath', o.path, 'orgName', o.name))
         from role_grant g join org o on o.id = g.org_id where g.user_id = u.id) as grants
    from session s join app_user u on u.id = s.user_id
    where s.id_hash = ${idHash} and not u.disabled`.execute(db);
  const row = r.rows[0];
  return row ? { csrfToken: row.csrf_token, lastSeenAt: new Date(row.last_seen_at), actor: toActor(row) } : null;
}

export async function loadActor(db: Kysely<DB>, userId: number): Promise<Actor | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'member_id', 'must_change_password', 'disabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  const grants = await db
    .selectFrom('role_grant')
    .innerJoin('org', 'org.id', 'role_grant.org_id')
    .select(['role_grant.org_id', 'role_grant.role', 'org.path', 'org.name'])
    .where('role_grant.user_id', '=', userId)
    .execute();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    memberId: user.member_id,
    mustChangePassword: user.must_change_password,
    grants: grants.map((g) => ({ orgId: g.org_id, orgPath: g.path, orgName: g.name, role: g.role as Role })),
  };
}

export async function insertSession(db: Kysely<DB>, s: { idHash: string; userId: number; csrfToken: string; ip: string; now: Date }) {
  await db
    .insertInto('session')
    .values({ id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, ip: s.ip, created_at: s.now, last_seen_at: s.now })
    .execute();
}

export async function touchSession(db: Kysely<DB>, idHash: string, now: Date) {
  await db.updateTable('session').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Kysely<DB>, idHash: string) {
  await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number, exceptIdHash?: string) {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '<>', exceptIdHash);
  await q.execute();
}
