import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditAction } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { AppError, validation } from '../../http/errors.ts';
import { hashPassword, verifyPassword } from '../../lib/password.ts';
import type { Actor, Ctx } from '../../access/actor.ts';
import { audit } from '../audit/index.ts';
import * as repo from './auth.repository.ts';
import {
  countIpFailure,
  DEFAULT_THROTTLE,
  forgetAttempts,
  ipKey,
  isBlocked,
  lockIfExhausted,
  nameKey,
  reserveAttempt,
  type ThrottleLimits,
} from './login-throttle.repository.ts';
import { isRecentPassword, PASSWORD_HISTORY, recordPassword } from './password-history.repository.ts';

export const hashSessionId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

// A hash in the stored format that matches no password: unknown and disabled names cost the same time.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA';

const badCredentials = () => new AppError('UNAUTHENTICATED', '用户名或密码错误', 401);
/** One answer for a locked name, whether or not an account of that name exists. */
const lockedOut = (limits: ThrottleLimits) => new AppError('LOCKED', `登录失败次数过多，该账户已锁定，请${limits.lockMinutes}分钟后再试或联系管理员`, 423);
const ipBlocked = (limits: ThrottleLimits) => new AppError('RATE_LIMITED', `该地址登录失败次数过多，请${limits.lockMinutes}分钟后再试`, 429);

export const throttleOf = (deps: AppDeps): ThrottleLimits => ({ ...DEFAULT_THROTTLE, ...deps.throttle });

/** Login events are recorded under the account they concern, so the log filters by username. */
function asUser(ctx: Ctx, user: { id: number; username: string }): Ctx {
  return { ...ctx, actor: { userId: user.id, username: user.username, displayName: null, memberId: null, mustChangePassword: false, grants: [] } };
}

/** A refused login, audited under the account when it exists and under the typed name when not. */
async function auditRefusal(db: Kysely<DB>, ctx: Ctx, action: AuditAction, username: string, user: { id: number; username: string } | undefined, after: Record<string, unknown>) {
  await db.transaction().execute((trx) =>
    audit(trx, user ? asUser(ctx, user) : { ...ctx, actor: null, system: 'anonymous' } as Ctx, { action, entityType: 'user', entityId: user?.id ?? null, after: { username, ...after } }),
  );
}

async function checkPassword(user: { password_hash: string; disabled: boolean } | undefined, password: string) {
  if (!user || user.disabled) {
    await verifyPassword(password, DUMMY_HASH);
    return false;
  }
  return verifyPassword(password, user.password_hash);
}

/** Counts a refused attempt against the caller's address; the moment that blocks it is audited. */
async function countIpAndAudit(db: Kysely<DB>, ctx: Ctx, limits: ThrottleLimits, username: string) {
  if (await countIpFailure(db, ipKey(ctx.ip), ctx.now, limits)) {
    await auditRefusal(db, ctx, 'auth.ip_blocked', username, undefined, { ip: ctx.ip, minutes: limits.lockMinutes });
  }
}

export async function login(deps: AppDeps, ctx: Ctx, username: string, password: string) {
  const limits = throttleOf(deps);
  const db = deps.db;
  // While an address is blocked its attempts are refused unrecorded: the block itself was
  // audited when it began, and an anonymous flood must not grow the append-only log.
  if (await isBlocked(db, ipKey(ctx.ip), ctx.now)) throw ipBlocked(limits);
  const user = await repo.findUserByUsername(db, username);
  const reservation = await reserveAttempt(db, nameKey(username), ctx.now, limits);
  if (!reservation.allowed) {
    await countIpAndAudit(db, ctx, limits, username);
    await auditRefusal(db, ctx, 'auth.login_refused_locked', username, user, {});
    throw lockedOut(limits);
  }
  if (!(await checkPassword(user, password))) {
    const locked = await lockIfExhausted(db, nameKey(username), reservation, ctx.now, limits);
    await countIpAndAudit(db, ctx, limits, username);
    await auditRefusal(db, ctx, locked ? 'auth.locked' : 'auth.login_failed', username, user, { failedLogins: reservation.failures, ...(user?.disabled ? { disabled: true } : {}) });
    throw locked ? lockedOut(limits) : badCredentials();
  }
  const account = user!;
  await forgetAttempts(db, nameKey(username), ctx.now);
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ last_login_at: ctx.now }).where('id', '=', account.id).execute();
    await repo.insertSession(trx, { idHash: hashSessionId(sessionId), userId: account.id, csrfToken, ip: ctx.ip, now: ctx.now });
    await audit(trx, asUser(ctx, account), { action: 'auth.login', entityType: 'user', entityId: account.id, after: { username: account.username } });
  });
  const actor = (await repo.loadActor(db, account.id))!;
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

/**
 * Changing one's own password. Wrong old passwords count towards the same lock as logins (a
 * stolen session cannot try passwords without limit): at the limit the account locks and every
 * session of it ends. The new password may not be one of the last PASSWORD_HISTORY.
 */
export async function changePassword(deps: AppDeps, ctx: Ctx & { actor: Actor }, idHash: string, oldPassword: string, newPassword: string) {
  const limits = throttleOf(deps);
  const db = deps.db;
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  const key = nameKey(user.username);
  const reservation = await reserveAttempt(db, key, ctx.now, limits);
  if (!reservation.allowed) {
    await repo.deleteUserSessions(db, user.id);
    throw lockedOut(limits);
  }
  if (!(await verifyPassword(oldPassword, user.password_hash))) {
    const locked = await lockIfExhausted(db, key, reservation, ctx.now, limits);
    await db.transaction().execute(async (trx) => {
      if (locked) await repo.deleteUserSessions(trx, user.id);
      await audit(trx, ctx, { action: locked ? 'auth.locked' : 'auth.password_change_failed', entityType: 'user', entityId: user.id, after: { username: user.username, failedLogins: reservation.failures } });
    });
    if (locked) throw lockedOut(limits);
    throw validation(`原密码不正确（再错${limits.maxFailures - reservation.failures}次账户将被锁定）`);
  }
  await forgetAttempts(db, key, ctx.now);
  if (newPassword === oldPassword || (await isRecentPassword(db, user.id, newPassword))) throw validation(`新密码不能与最近${PASSWORD_HISTORY}次使用过的密码相同`);
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ password_hash: hash, must_change_password: false, password_changed_at: ctx.now })
      .where('id', '=', user.id)
      .execute();
    await recordPassword(trx, user.id, hash, ctx.now);
    // Other sessions of this account end: whoever knew the old password is logged out.
    await repo.deleteUserSessions(trx, user.id, idHash);
    await audit(trx, ctx, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
  });
}
