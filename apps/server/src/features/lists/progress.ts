import { sql, type Kysely } from 'kysely';
import { assessItem, localDate, type ItemFacts, type LightThresholds } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { settingsOn } from '../supervision-settings/index.ts';
import { milestonesOf } from './lists.repository.ts';
import { inSubtree } from '../../access/scope.ts';

type Assessable = { id: number; start_on: string; deadline: string; closed_on: string | null; light: string };
type Milestone = { item_id: number; due_on: string; weight: number; accepted_on: string | null };

export function factsOf(item: Pick<Assessable, 'start_on' | 'deadline' | 'closed_on'>, milestones: Milestone[]): ItemFacts {
  return {
    startOn: item.start_on,
    deadline: item.deadline,
    closedOn: item.closed_on,
    milestones: milestones.map((m) => ({ dueOn: m.due_on, weight: m.weight, acceptedOn: m.accepted_on })),
  };
}

/**
 * 序时进度 (docs/RULES.md §10, R11–R13): each item's expected and accepted progress and its light
 * as of `today`, stored on the row so that lists filter and count lights in the database. A change
 * of light adds a row to the item's light history and an event — a red that was caught up stays
 * on record. Runs inside the caller's transaction after every change of an item, and once a day
 * for every open item (refreshLights).
 */
export async function reassess(trx: Kysely<DB>, itemIds: number[], now: Date, thresholds?: LightThresholds): Promise<number> {
  if (!itemIds.length) return 0;
  const today = localDate(now);
  const t = thresholds ?? (await settingsOn(trx, today)).thresholds;
  const items = await trx.selectFrom('list_item').select(['id', 'start_on', 'deadline', 'closed_on', 'light']).where('id', 'in', itemIds).execute();
  const byItem = groupBy(await milestonesOf(trx, itemIds), (m) => m.item_id);
  const cols = { id: [] as number[], light: [] as string[], state: [] as string[], expected: [] as number[], actual: [] as number[] };
  const changes: { item_id: number; day: string; light: string; expected: number; actual: number }[] = [];
  for (const item of items) {
    const a = assessItem(factsOf(item, byItem.get(item.id) ?? []), today, t);
    cols.id.push(item.id);
    cols.light.push(a.light);
    cols.state.push(a.state);
    cols.expected.push(a.expected);
    cols.actual.push(a.actual);
    // The stored light is the last one recorded: a difference is a change of light.
    if (item.light !== a.light) changes.push({ item_id: item.id, day: today, light: a.light, expected: a.expected, actual: a.actual });
  }
  // One statement for the batch (the daily pass re-judges every open item of the city).
  await sql`
    update list_item li set light = v.light, progress_state = v.state, expected = v.expected, actual = v.actual, assessed_on = ${today}::date
    from unnest(${cols.id}::int[], ${cols.light}::text[], ${cols.state}::text[], ${cols.expected}::int[], ${cols.actual}::int[]) as v(id, light, state, expected, actual)
    where li.id = v.id`.execute(trx);
  if (changes.length) {
    await trx
      .insertInto('list_item_light')
      .values(changes)
      .onConflict((oc) => oc.columns(['item_id', 'day']).doUpdateSet((eb) => ({ light: eb.ref('excluded.light'), expected: eb.ref('excluded.expected'), actual: eb.ref('excluded.actual') })))
      .execute();
    await trx
      .insertInto('list_item_event')
      .values(changes.map((c) => ({ item_id: c.item_id, kind: 'light', note: `${lightWord(c.light)}：应完成${c.expected}%，已确认${c.actual}%`, by_user: null, at: now })))
      .execute();
  }
  return changes.length;
}

const LIGHT_WORDS: Record<string, string> = { none: '恢复正常', blue: '亮蓝灯（临近时限）', yellow: '亮黄灯（进度滞后）', red: '亮红灯（严重滞后或逾期）' };
const lightWord = (l: string) => LIGHT_WORDS[l] ?? l;

/**
 * The daily pass: every item not assessed today (open ones, and closed ones once more so their
 * light clears), in batches so the connection is handed back between them.
 */
export async function refreshLights(db: Kysely<DB>, now: Date, batch = 2000): Promise<{ assessed: number; changed: number }> {
  const today = localDate(now);
  const t = (await settingsOn(db, today)).thresholds;
  let assessed = 0;
  let changed = 0;
  for (;;) {
    const ids = (
      await db
        .selectFrom('list_item')
        .select('id')
        .where((eb) => eb.or([eb('assessed_on', 'is', null), eb('assessed_on', '<', today)]))
        // A closed item is judged once more on the day it closed (its light clears), then left.
        .where((eb) => eb.or([eb('status', '<>', 'closed'), eb('assessed_on', 'is', null), eb('assessed_on', '<', eb.ref('closed_on'))]))
        .orderBy('id')
        .limit(batch)
        .execute()
    ).map((r) => r.id);
    if (!ids.length) break;
    changed += await db.transaction().execute((trx) => reassess(trx, ids, now, t));
    assessed += ids.length;
  }
  return { assessed, changed };
}

export function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

/**
 * Items of one subtree and year not yet judged today (new ones, or before the daily pass has run),
 * judged now — bounded, so a request never carries the city's daily pass.
 */
export async function refreshSubtree(db: Kysely<DB>, orgPath: string, year: number, now: Date, limit = 5000) {
  const today = localDate(now);
  const stale = await db
    .selectFrom('list_item')
    .innerJoin('org', 'org.id', 'list_item.org_id')
    .select('list_item.id')
    .where('list_item.year', '=', year)
    .where((eb) => inSubtree(eb.ref('org.path'), orgPath))
    .where((eb) => eb.or([eb('list_item.assessed_on', 'is', null), eb('list_item.assessed_on', '<', today)]))
    .where((eb) => eb.or([eb('list_item.status', '<>', 'closed'), eb('list_item.assessed_on', 'is', null), eb('list_item.assessed_on', '<', eb.ref('list_item.closed_on'))]))
    .limit(limit)
    .execute();
  if (stale.length) await db.transaction().execute((trx) => reassess(trx, stale.map((r) => r.id), now));
}
