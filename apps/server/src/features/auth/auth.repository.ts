import type { Kysely } from 'kysely';
import type { Role } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../access/actor.ts';

export function findUserByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
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

export function findSession(db: Kysely<DB>, idHash: string) {
  return db.selectFrom('session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
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
