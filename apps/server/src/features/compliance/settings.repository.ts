import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Secretaries hear of what is missing this many days before a period ends, unless the committee says otherwise. */
export const DEFAULT_REMINDER_DAYS = 7;

export async function getReminderDays(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('app_setting').where('key', '=', 'reminder_days').select('value').executeTakeFirst();
  return typeof r?.value === 'number' ? r.value : DEFAULT_REMINDER_DAYS;
}

export async function setReminderDays(db: Kysely<DB>, days: number): Promise<void> {
  await db
    .insertInto('app_setting')
    .values({ key: 'reminder_days', value: JSON.stringify(days) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(days) }))
    .execute();
}

