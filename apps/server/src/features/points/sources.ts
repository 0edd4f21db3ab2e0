import type { Kysely } from 'kysely';
import type { ActivityType, PointEvent, PointItemKind } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

/**
 * The sources of the ledger (PT-4): each reads one kind of verified record and returns dated events
 * per member, each naming its record and the console link to it. Only verified states count:
 * attendance recorded 出席 on an approved activity, a list item closed (its responsible member), an
 * honour named. A new source (an exam passed, a training completed, an approved manual entry) is one
 * function here plus one item kind in points.contract.ts.
 */
export type PointSource = {
  kind: PointItemKind;
  events: (db: Kysely<DB>, memberIds: number[], year: number) => Promise<Map<number, PointEvent[]>>;
};

const yearFrom = (year: number) => `${year}-01-01`;
const yearTo = (year: number) => `${year}-12-31`;

function group<T extends { memberId: number }>(rows: T[], toEvent: (r: T) => PointEvent) {
  const out = new Map<number, PointEvent[]>();
  for (const r of rows) {
    const list = out.get(r.memberId) ?? [];
    list.push(toEvent(r));
    out.set(r.memberId, list);
  }
  return out;
}

/** 出席 on an approved activity; the day is the meeting's start in Beijing time. */
export const attendanceSource: PointSource = {
  kind: 'attendance_present',
  async events(db, memberIds, year) {
    if (!memberIds.length) return new Map();
    const rows = await db
      .selectFrom('activity_attendance as aa')
      .innerJoin('activity as a', 'a.id', 'aa.activity_id')
      .where('aa.member_id', 'in', memberIds)
      .where('aa.status', '=', 'present')
      .where('aa.pending', '=', false)
      .where('a.status', '=', 'approved')
      .where('a.held_on', '>=', yearFrom(year))
      .where('a.held_on', '<=', yearTo(year))
      .select(['aa.member_id as memberId', 'a.id', 'a.title', 'a.types', 'a.starts_at'])
      .execute();
    return group(rows, (r) => ({ kind: 'attendance_present', at: r.starts_at, activityTypes: r.types as ActivityType[], source: { type: 'activity', id: r.id, title: r.title, link: `/activities/${r.id}` } }));
  },
};

/** A list item closed, for its responsible member, on its closing day. */
export const listItemSource: PointSource = {
  kind: 'list_item_closed',
  async events(db, memberIds, year) {
    if (!memberIds.length) return new Map();
    const rows = await db
      .selectFrom('list_item as li')
      .where('li.responsible_member_id', 'in', memberIds)
      .where('li.status', '=', 'closed')
      .where('li.closed_on', '>=', yearFrom(year))
      .where('li.closed_on', '<=', yearTo(year))
      .select(['li.responsible_member_id as memberId', 'li.id', 'li.title', 'li.closed_on'])
      .execute();
    return group(rows as { memberId: number; id: number; title: string; closed_on: string }[], (r) => ({ kind: 'list_item_closed', at: r.closed_on, source: { type: 'list_item', id: r.id, title: r.title, link: `/lists/items/${r.id}` } }));
  },
};

/** An honour named to the member (创先争优), on its naming day. */
export const honourSource: PointSource = {
  kind: 'honour_named',
  async events(db, memberIds, year) {
    if (!memberIds.length) return new Map();
    const rows = await db
      .selectFrom('honour_nomination as n')
      .innerJoin('honour_campaign as c', 'c.id', 'n.campaign_id')
      .where('n.member_id', 'in', memberIds)
      .where('n.status', '=', 'named')
      .where('c.status', '=', 'named')
      .where('c.named_on', '>=', yearFrom(year))
      .where('c.named_on', '<=', yearTo(year))
      .select(['n.member_id', 'n.id', 'c.id as campaign_id', 'c.title', 'c.named_on'])
      .execute();
    return group(
      rows.map((r) => ({ memberId: r.member_id!, id: r.id, campaignId: r.campaign_id, title: r.title, namedOn: r.named_on! })),
      (r) => ({ kind: 'honour_named', at: r.namedOn, source: { type: 'honour_nomination', id: r.id, title: r.title, link: `/honours/${r.campaignId}` } }),
    );
  },
};

/** A branch's addition or deduction, once approved by the level above (PT-10), on the day it concerns. */
export const manualEntrySource: PointSource = {
  kind: 'manual_addition',
  async events(db, memberIds, year) {
    if (!memberIds.length) return new Map();
    const rows = await db
      .selectFrom('point_entry as e')
      .where('e.member_id', 'in', memberIds)
      .where('e.status', '=', 'approved')
      .where('e.occurred_on', '>=', yearFrom(year))
      .where('e.occurred_on', '<=', yearTo(year))
      .select(['e.member_id as memberId', 'e.id', 'e.kind', 'e.reason', 'e.points', 'e.occurred_on'])
      .execute();
    return group(rows, (r) => ({ kind: r.kind, at: r.occurred_on, points: r.points, source: { type: 'point_entry', id: r.id, title: r.reason, link: null } }));
  },
};

/** A training class completed (结业, TR-3), on the day the class finished. */
export const trainingSource: PointSource = {
  kind: 'training_completed',
  async events(db, memberIds, year) {
    if (!memberIds.length) return new Map();
    const rows = await db
      .selectFrom('training_trainee as t')
      .innerJoin('training_class as c', 'c.id', 't.class_id')
      .where('t.member_id', 'in', memberIds)
      .where('t.completed', '=', true)
      .where('c.status', '=', 'finished')
      .where('c.finished_on', '>=', yearFrom(year))
      .where('c.finished_on', '<=', yearTo(year))
      .select(['t.member_id as memberId', 'c.id', 'c.title', 'c.finished_on'])
      .execute();
    return group(rows as { memberId: number; id: number; title: string; finished_on: string }[], (r) => ({ kind: 'training_completed', at: r.finished_on, source: { type: 'training_class', id: r.id, title: r.title, link: `/training/${r.id}` } }));
  },
};

export const POINT_SOURCES: PointSource[] = [attendanceSource, listItemSource, honourSource, manualEntrySource, trainingSource];
