import type { Kysely } from 'kysely';
import { assessItem, localDate, type ItemFacts, type LightThresholds } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import { settingsOn } from '../supervision-settings/index.ts';
import { addEvent, milestonesOf } from './lists.repository.ts';

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
  let changed = 0;
  for (const item of items) {
    const a = assessItem(factsOf(item, byItem.get(item.id) ?? []), today, t);
    await trx
      .updateTable('list_item')
      .set({ light: a.light, progress_state: a.state, expected: a.expected, actual: a.actual, assessed_on: today })
      .where('id', '=', item.id)
      .execute();
    const last = await trx.selectFrom('list_item_light').select('light').where('item_id', '=', item.id).orderBy('day', 'desc').limit(1).executeTakeFirst();
    if ((last?.light ?? 'none') !== a.light) {
      await trx
        .insertInto('list_item_light')
        .values({ item_id: item.id, day: today, light: a.light, expected: a.expected, actual: a.actual })
        .onConflict((oc) => oc.columns(['item_id', 'day']).doUpdateSet({ light: a.light, expected: a.expected, actual: a.actual }))
        .execute();
      await addEvent(trx, item.id, 'light', `${lightWord(a.light)}：应完成${a.expected}%，已确认${a.actual}%`, null, now);
      changed++;
    }
  }
  return changed;
}

const LIGHT_WORDS: Record<string, string> = { none: '恢复正常', blue: '亮蓝灯（临近时限）', yellow: '亮黄灯（进度滞后）', red: '亮红灯（严重滞后或逾期）' };
const lightWord = (l: string) => LIGHT_WORDS[l] ?? l;

/**
 * The daily pass: every item not assessed today (open ones, and closed ones once more so their
 * light clears), in batches so the connection is handed back between them.
 */
export async function refreshLights(db: Kysely<DB>, now: Date, batch = 500): Promise<{ assessed: number; changed: number }> {
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
