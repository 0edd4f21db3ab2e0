import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { verifyPassword } from '../../lib/password.ts';

/** How many recent passwords may not be chosen again (the current one included). */
export const PASSWORD_HISTORY = 5;

/** Remembers a password an account was given (hash only), keeping the last PASSWORD_HISTORY. */
export async function recordPassword(db: Kysely<DB>, userId: number, hash: string, now: Date) {
  await db.insertInto('password_history').values({ user_id: userId, password_hash: hash, created_at: now }).execute();
  const keep = db.selectFrom('password_history').select('id').where('user_id', '=', userId).orderBy('id', 'desc').limit(PASSWORD_HISTORY);
  await db.deleteFrom('password_history').where('user_id', '=', userId).where('id', 'not in', keep).execute();
}

/** True when the password is one of the account's recent ones (each check costs one hash). */
export async function isRecentPassword(db: Kysely<DB>, userId: number, password: string) {
  const rows = await db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId).orderBy('id', 'desc').limit(PASSWORD_HISTORY).execute();
  const matches = await Promise.all(rows.map((r) => verifyPassword(password, r.password_hash)));
  return matches.some(Boolean);
}
