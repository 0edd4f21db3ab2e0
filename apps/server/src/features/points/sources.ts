import { sql, type Kysely } from 'kysely';
import { countedAttempt, localDate, type ActivityType, type CountingRule, type PointEvent, type PointItemKind } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

/**
 * The sources of the ledger (PT-4): each reads one kind of verified record and returns dated events
 * per member, each naming its record and the console link to it. Only verified states count:
 * attendance recorded 出席 on an approved activity, a list item closed (its responsible member), an
 * honour named, a training completed, an exam passed. A new source is one
 * function here plus one item kind in points.contract.ts.
 */
export type PointSource = {
  kind: PointItemKind;
  events: (db: Kysely<DB>, memberIds: number[], year: number) => Promise<Map<number, PointEvent[]>>;
};

const yearFrom = (year: number) => `${year}-01-01`;
const beijingYear = (at: Date) => Number(localDate(at).slice(0, 4));
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

/**
 * An exam passed (考试合格): the counted attempt of an exam (EX-7, best or last; attempts still 待阅卷
 * do not count) reaching its pass mark, once per exam, on the day that attempt was submitted. Exams
 * and training final exams count; an entry test (taken, not passed) and a contest (ranked) do not.
 */
export const examSource: PointSource = {
  kind: 'exam_passed',
  async events(db, memberIds, year) {
    if (!memberIds.length) return new Map();
    const rows = await db
      .selectFrom('exam_attempt as a')
      .innerJoin('exam as e', 'e.id', 'a.exam_id')
      .innerJoin('org as eo', 'eo.id', 'e.org_id')
      .innerJoin('member as m', 'm.id', 'a.member_id')
      .innerJoin('org as mo', 'mo.id', 'm.org_id')
      .where('a.member_id', 'in', memberIds)
      // PT-4: an exam set by a level above the member's own organisation — a branch's own exam earns
      // nothing, as its own additions need the level above's approval (PT-11).
      .where((eb) => eb.and([eb('mo.path', 'like', sql<string>`eo.path || '%'`), eb('mo.path', '<>', eb.ref('eo.path'))]))
      .where('a.status', '=', 'submitted')
      .where('a.pending_marking', '=', false)
      .where('a.score', 'is not', null)
      .where('e.purpose', 'in', ['exam', 'training_final'])
      .where('e.status', 'in', ['published', 'closed'])
      // Exams whose window touches the year (Beijing); the counted attempt's own day then decides.
      .where('e.closes_at', '>=', new Date(`${year}-01-01T00:00:00+08:00`))
      .where('e.opens_at', '<', new Date(`${year + 1}-01-01T00:00:00+08:00`))
      .select(['a.member_id', 'a.exam_id', 'a.attempt_no', 'a.score', 'a.submitted_at', 'e.title', 'e.counting', 'e.pass_mark'])
      .execute();
    const byExam = new Map<string, typeof rows>();
    for (const r of rows) byExam.set(`${r.member_id}:${r.exam_id}`, [...(byExam.get(`${r.member_id}:${r.exam_id}`) ?? []), r]);
    const passed: { memberId: number; examId: number; title: string; at: Date }[] = [];
    for (const list of byExam.values()) {
      const counted = countedAttempt(list.map((r) => ({ ...r, attemptNo: r.attempt_no, score: Number(r.score) })), list[0].counting as CountingRule);
      if (counted && counted.score >= counted.pass_mark && beijingYear(counted.submitted_at!) === year)
        passed.push({ memberId: counted.member_id, examId: counted.exam_id, title: counted.title, at: counted.submitted_at! });
    }
    return group(passed, (r) => ({ kind: 'exam_passed', at: r.at, source: { type: 'exam', id: r.examId, title: r.title, link: `/exams/${r.examId}` } }));
  },
};

export const POINT_SOURCES: PointSource[] = [attendanceSource, listItemSource, honourSource, manualEntrySource, trainingSource, examSource];
