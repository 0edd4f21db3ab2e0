import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** One message to one account. dedupeKey makes sending idempotent: a reason is told once. */
export type Notice = {
  userId: number;
  kind: 'activity_plan' | 'period_due' | 'period_overdue' | 'political_birthday' | 'activity_review' | 'card_issued';
  title: string;
  body: string;
  link: string | null;
  dedupeKey: string;
};

/**
 * Where reminders go. The in-app inbox is the one channel today; SMS or WeChat are added as
 * further notifiers behind this interface, without touching the rules that decide what to say.
 */
export interface Notifier {
  send(db: Kysely<DB>, notices: Notice[], now: Date): Promise<number>;
}

/** Writes to the inbox in the caller's transaction; repeats of a dedupeKey are ignored. */
export const inboxNotifier: Notifier = {
  async send(db, notices, now) {
    let sent = 0;
    for (let i = 0; i < notices.length; i += 1000) {
      const batch = notices.slice(i, i + 1000);
      const r = await db
        .insertInto('notification')
        .values(batch.map((n) => ({ user_id: n.userId, kind: n.kind, title: n.title, body: n.body, link: n.link, dedupe_key: n.dedupeKey, created_at: now })))
        .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
        .executeTakeFirst();
      sent += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return sent;
  },
};

/** Accounts linked to these members (a member without an account gets no in-app notice). */
export async function accountsOfMembers(db: Kysely<DB>, memberIds: number[]) {
  if (!memberIds.length) return [];
  return db.selectFrom('app_user').where('member_id', 'in', memberIds).where('disabled', '=', false).select(['id', 'member_id']).execute();
}
