import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** An inbox is read only by its owner: the account stands in for the scope every read takes. */
export type InboxOwner = { userId: number };

export async function listNotices(db: Kysely<DB>, owner: InboxOwner, opts: { unreadOnly: boolean; page: number; pageSize: number }) {
  const mine = db.selectFrom('notification').where('user_id', '=', owner.userId);
  const filtered = opts.unreadOnly ? mine.where('read_at', 'is', null) : mine;
  const [rows, total, unread] = await Promise.all([
    filtered.selectAll().orderBy('id', 'desc').limit(opts.pageSize).offset((opts.page - 1) * opts.pageSize).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    mine.where('read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n), unread: Number(unread.n) };
}

/** Marks one of the owner's notices read (a notice read earlier keeps its first time); undefined when it is not theirs. */
export async function markRead(db: Kysely<DB>, owner: InboxOwner, id: number, now: Date) {
  return db
    .updateTable('notification')
    .set({ read_at: sql<Date>`coalesce(read_at, ${now})` })
    .where('id', '=', String(id))
    .where('user_id', '=', owner.userId)
    .returningAll()
    .executeTakeFirst();
}

export async function markAllRead(db: Kysely<DB>, owner: InboxOwner, now: Date): Promise<number> {
  const r = await db.updateTable('notification').set({ read_at: now }).where('user_id', '=', owner.userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
