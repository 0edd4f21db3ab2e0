import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { AppError, validation } from '../../http/errors.ts';
import { hashPassword, verifyPassword } from '../../lib/password.ts';
import type { Actor, Ctx } from '../../access/actor.ts';
import { audit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';

// DB-2 in docs/RULES.md: 等保 asks for login-failure handling; 5 tries and 15 minutes are practice.
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export const hashSessionId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

const badCredentials = () => new AppError('UNAUTHENTICATED', '用户名或密码错误', 401);

/** Login events are recorded under the account they concern, so the log filters by username. */
function asUser(ctx: Ctx, user: { id: number; username: string }): Ctx {
  return { ...ctx, actor: { userId: user.id, username: user.username, displayName: null, memberId: null, mustChangePassword: false, grants: [] } };
}

async function recordFailure(db: Kysely<DB>, ctx: Ctx, user: { id: number; username: string; failed_logins: number }) {
  const failed = user.failed_logins + 1;
  const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(ctx.now.getTime() + LOCK_MINUTES * 60_000) : null;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ failed_logins: lockedUntil ? 0 : failed, locked_until: lockedUntil })
      .where('id', '=', user.id)
      .execute();
    await audit(trx, asUser(ctx, user), {
      action: lockedUntil ? 'auth.locked' : 'auth.login_failed',
      entityType: 'user',
      entityId: user.id,
      after: { username: user.username, failedLogins: failed },
    });
  });
  return lockedUntil;
}

export async function login(deps: AppDeps, ctx: Ctx, username: string, password: string) {
  const user = await repo.findUserByUsername(deps.db, username);
  if (!user || user.disabled) {
    // Same answer and similar time as a wrong password, so usernames cannot be probed.
    await verifyPassword(password, 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA');
    throw badCredentials();
  }
  if (user.locked_until && user.locked_until > ctx.now) {
    throw new AppError('LOCKED', `密码错误次数过多，账户已锁定，请${LOCK_MINUTES}分钟后再试`, 423);
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    const locked = await recordFailure(deps.db, ctx, user);
    if (locked) throw new AppError('LOCKED', `密码连续错误${MAX_FAILED_LOGINS}次，账户已锁定${LOCK_MINUTES}分钟`, 423);
    throw badCredentials();
  }
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ failed_logins: 0, locked_until: null, last_login_at: ctx.now })
      .where('id', '=', user.id)
      .execute();
    await repo.insertSession(trx, { idHash: hashSessionId(sessionId), userId: user.id, csrfToken, ip: ctx.ip, now: ctx.now });
    await audit(trx, asUser(ctx, user), { action: 'auth.login', entityType: 'user', entityId: user.id, after: { username: user.username } });
  });
  const actor = (await repo.loadActor(deps.db, user.id))!;
  return { sessionId, csrfToken, actor };
}

export type SessionState = { actor: Actor; csrfToken: string; idHash: string } | { expired: true } | null;

/**
 * Resolves a session cookie to its actor; ends sessions idle for longer than the timeout. The
 * session usually comes from the cache (session-cache.ts); one that looks idle there is read
 * again, since another server process may have seen it in use.
 */
export async function resolveSession(deps: AppDeps, sessionId: string, now: Date): Promise<SessionState> {
  const idHash = hashSessionId(sessionId);
  const cache = deps.caches.sessions;
  const idleMs = (s: { lastSeenAt: Date }) => now.getTime() - s.lastSeenAt.getTime();
  const timeoutMs = deps.sessionIdleMinutes * 60_000;
  let session = cache.get(idHash, now.getTime());
  if (!session || idleMs(session) > timeoutMs) {
    const generation = cache.generation();
    const stored = await repo.findSessionActor(deps.db, idHash);
    if (!stored) return null;
    cache.store(idHash, stored, now.getTime(), generation);
    session = stored;
  }
  if (idleMs(session) > timeoutMs) {
    await repo.deleteSession(deps.db, idHash);
    return { expired: true };
  }
  // Touch at most once a minute: one write per request would double the load of every read.
  if (idleMs(session) > 60_000) {
    await repo.touchSession(deps.db, idHash, now);
    cache.touched(idHash, now);
  }
  return { actor: session.actor, csrfToken: session.csrfToken, idHash };
}

export async function logout(deps: AppDeps, ctx: Ctx, idHash: string) {
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, idHash);
    await audit(trx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor?.userId ?? null });
  });
}

export async function changePassword(deps: AppDeps, ctx: Ctx & { actor: Actor }, idHash: string, oldPassword: string, newPassword: string) {
  const user = await deps.db.selectFrom('app_user').selectAll().where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(oldPassword, user.password_hash))) throw validation('原密码不正确');
  if (oldPassword === newPassword) throw validation('新密码不能与原密码相同');
  const hash = await hashPassword(newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ password_hash: hash, must_change_password: false, password_changed_at: ctx.now })
      .where('id', '=', user.id)
      .execute();
    // Other sessions of this account end: whoever knew the old password is logged out.
    await repo.deleteUserSessions(trx, user.id, idHash);
    await audit(trx, ctx, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
  });
}
