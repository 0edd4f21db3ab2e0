import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * NK-1 (docs/RULES.md): who controls these accounts besides their holders — whoever created them
 * or last set their password. A reviewer who controls the account that recorded, submitted or
 * claimed something is treated as that account: they never approve it. Used by every four-eyes
 * decision (organisational-life review, progress and closing decisions of the lists).
 */
export async function accountControllers(db: Kysely<DB>, accounts: (number | null)[]): Promise<number[]> {
  const ids = accounts.filter((x): x is number => x !== null);
  if (!ids.length) return [];
  const rows = await db.selectFrom('app_user').select(['created_by', 'password_set_by']).where('id', 'in', ids).execute();
  return rows.flatMap((r) => [r.created_by, r.password_set_by]).filter((x): x is number => x !== null);
}
