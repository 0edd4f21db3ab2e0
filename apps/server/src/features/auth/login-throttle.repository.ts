import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Login throttling (docs/SECURITY.md). Failures are counted in `login_attempt` under a key: the
 * account name as typed (`u:<name>`, whether or not such an account exists, so a lock says
 * nothing about which names are real) and the caller's address (`ip:<address>`).
 *
 * An attempt on a name is *reserved* — counted, under a row lock — before the slow password
 * hash: fifty wrong passwords sent at once cannot all be checked against an unlocked account,
 * and a right one among them is refused once the limit is reached.
 */
export type ThrottleLimits = {
  /** Failures of one name before it locks (等保: 登录失败处理). */
  maxFailures: number;
  lockMinutes: number;
  /** Failures counted within this window; older ones are forgotten. */
  windowMinutes: number;
  /** Refused attempts from one address within the window before it is blocked. */
  maxFailuresPerIp: number;
};

// DB-2 in docs/RULES.md: 等保 asks for login-failure handling; 5 tries and 15 minutes are practice.
export const DEFAULT_THROTTLE: ThrottleLimits = { maxFailures: 5, lockMinutes: 15, windowMinutes: 15, maxFailuresPerIp: 100 };

export const nameKey = (username: string) => `u:${username}`;
export const ipKey = (ip: string) => `ip:${ip}`;

const minutes = (now: Date, m: number) => new Date(now.getTime() + m * 60_000);

type Reservation = { allowed: boolean; failures: number };

/** Counts one attempt on the key, atomically; refuses it when the key is locked or the limit is passed. */
export async function reserveAttempt(db: Kysely<DB>, key: string, now: Date, limits: ThrottleLimits): Promise<Reservation> {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('login_attempt').values({ key, failures: 0, window_started_at: now, locked_until: null }).onConflict((oc) => oc.column('key').doNothing()).execute();
    const row = await trx.selectFrom('login_attempt').selectAll().where('key', '=', key).forUpdate().executeTakeFirstOrThrow();
    if (row.locked_until && row.locked_until > now) return { allowed: false, failures: row.failures };
    const fresh = !!row.locked_until || row.window_started_at < minutes(now, -limits.windowMinutes);
    const failures = (fresh ? 0 : row.failures) + 1;
    // More attempts than the limit at once: the surplus is refused and the name locks now.
    const lockedUntil = failures > limits.maxFailures ? minutes(now, limits.lockMinutes) : null;
    await trx
      .updateTable('login_attempt')
      .set({ failures, locked_until: lockedUntil, ...(fresh ? { window_started_at: now } : {}) })
      .where('key', '=', key)
      .execute();
    return { allowed: !lockedUntil, failures };
  });
}

/** After a failed check: locks the key when this was the last allowed attempt. Returns whether it is locked. */
export async function lockIfExhausted(db: Kysely<DB>, key: string, reservation: Reservation, now: Date, limits: ThrottleLimits) {
  if (reservation.failures < limits.maxFailures) return false;
  await db
    .updateTable('login_attempt')
    .set({ locked_until: minutes(now, limits.lockMinutes) })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute();
  return true;
}

/** A successful check forgets the failures — unless concurrent attempts have just locked the name. */
export async function forgetAttempts(db: Kysely<DB>, key: string, now: Date) {
  await db
    .deleteFrom('login_attempt')
    .where('key', '=', key)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute();
}

/** An administrator's password reset also lifts the lock of that name. */
export async function clearLoginFailures(db: Kysely<DB>, username: string) {
  await db.deleteFrom('login_attempt').where('key', '=', nameKey(username)).execute();
}

export async function isBlocked(db: Kysely<DB>, key: string, now: Date) {
  const row = await db.selectFrom('login_attempt').select('locked_until').where('key', '=', key).executeTakeFirst();
  return !!row?.locked_until && row.locked_until > now;
}

/** Counts a refused attempt from an address; blocks the address at the limit. True when this attempt blocked it. */
export async function countIpFailure(db: Kysely<DB>, key: string, now: Date, limits: ThrottleLimits): Promise<boolean> {
  const perIp = { ...limits, maxFailures: limits.maxFailuresPerIp };
  const reservation = await reserveAttempt(db, key, now, perIp);
  return reservation.allowed && reservation.failures === perIp.maxFailures && (await lockIfExhausted(db, key, reservation, now, perIp));
}

/** Rows that neither lock nor count any more (a day after their window): kept small by maintenance. */
export async function pruneAttempts(db: Kysely<DB>, now: Date) {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  await db
    .deleteFrom('login_attempt')
    .where('window_started_at', '<', dayAgo)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
}
