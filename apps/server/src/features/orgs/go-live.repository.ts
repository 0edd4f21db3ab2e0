import type { Kysely } from 'kysely';
import { effectiveGoLive } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

// 启用日期 (GO-1, docs/RULES.md): the city's is the app setting 'go_live_on', an organisation's own
// is org.go_live_on. Compliance and reminders read them; the organisation page shows which applies.

/** The city's go-live date (启用日期, GO-1); null: the platform is not live yet. */
export async function getCityGoLive(db: Kysely<DB>): Promise<string | null> {
  const r = await db.selectFrom('app_setting').where('key', '=', 'go_live_on').select('value').executeTakeFirst();
  return typeof r?.value === 'string' ? r.value : null;
}

export async function setCityGoLive(db: Kysely<DB>, day: string | null): Promise<void> {
  if (day === null) {
    await db.deleteFrom('app_setting').where('key', '=', 'go_live_on').execute();
    return;
  }
  await db
    .insertInto('app_setting')
    .values({ key: 'go_live_on', value: JSON.stringify(day) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(day) }))
    .execute();
}

/** Organisations with a go-live date of their own (few: the units that moved in on another day). */
export async function ownGoLiveDates(db: Kysely<DB>): Promise<Map<number, string>> {
  const rows = await db.selectFrom('org').where('go_live_on', 'is not', null).select(['id', 'go_live_on']).execute();
  return new Map(rows.map((r) => [r.id, r.go_live_on!]));
}

/** What applies to an organisation at `path` (its own date, an ancestor's, the city's, or none). */
export async function goLiveOf(db: Kysely<DB>, path: string) {
  const [own, city] = await Promise.all([ownGoLiveDates(db), getCityGoLive(db)]);
  return effectiveGoLive(path, own, city);
}
