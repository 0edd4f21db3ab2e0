import {
  committeeMeetingRefusal,
  emptyListHint,
  emptyMeetingRefusal,
  expectedChanges,
  expectedRuleLabel,
  expectedRuleOf,
  followsRoster,
  localDate,
  noExpectedChanges,
  EDITABLE_STATUSES,
  type ActivityStatus,
  type ActivityType,
  type ExpectedTarget,
  type OrgType,
} from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../../access/actor.ts';
import { audit } from '../audit/index.ts';
import { COMMITTEE_MIN } from '../compliance/index.ts';
import * as repo from './activities.repository.ts';

/**
 * The expected list (应到) of an activity follows its rule (expected-attendees.rule.ts in shared)
 * while the record has never been submitted: every change of the record and every read of it
 * recompute the list from the committee and the roster as they are now, in the transaction that
 * holds the record's row. From the first submit on the list is frozen; an edit of the date, the
 * types or the 谈话对象 of a returned record still recomputes it, since those define it.
 */

type Org = { id: number; path: string; type: string };
type Target = ExpectedTarget & { name: string };

/** Committee members serving on the day, counted as compliance counts them (COMMITTEE_MIN, ZB-21). */
export async function committeeSizeOn(db: Kysely<DB>, orgId: number, day: string): Promise<number> {
  const r = await db
    .selectFrom('org_committee_member')
    .where('org_id', '=', orgId)
    .where('started_on', '<=', day)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', day)]))
    .select((eb) => eb.fn.count<string>('member_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The refusal of a 支委会 on a day its organisation has no committee (null when it has one or it is no 支委会). */
export async function committeeRefusal(db: Kysely<DB>, org: Org, day: string, types: ActivityType[]): Promise<string | null> {
  if (!types.includes('committee_meeting')) return null;
  return committeeMeetingRefusal(types, org.type as OrgType, await committeeSizeOn(db, org.id, day), COMMITTEE_MIN);
}

/** Who the rule expects on the day; `participants` for a 谈心谈话. */
export async function expectedTargets(db: Kysely<DB>, org: Org, day: string, types: ActivityType[], participants: number[]): Promise<Target[]> {
  const rule = expectedRuleOf(types, org.type as OrgType);
  const rows =
    rule === 'participants'
      ? participants.length
        ? await db.selectFrom('member').where('id', 'in', participants).select(['id', 'name', 'category']).execute()
        : []
      : await repo.rosterOn(db, org, day, rule === 'committee');
  return rows.map((m) => ({ memberId: m.id, name: m.name, voter: m.category === 'full' }));
}

const orgOf = (a: repo.ActivityRecord): Org => ({ id: a.org_id, path: a.org_path, type: a.org_type });

/** A 谈心谈话 keeps its participants (the expected rows) unless new ones are named. */
function currentParticipants(rows: repo.AttendanceRecord[]) {
  return rows.filter((r) => r.kind === 'expected' && !r.pending).map((r) => r.member_id);
}

async function changesFor(db: Kysely<DB>, a: repo.ActivityRecord, participants?: number[]) {
  const rows = await repo.listAttendance(db, a.id);
  const targets = await expectedTargets(db, orgOf(a), a.held_on, a.types as ActivityType[], participants ?? currentParticipants(rows));
  const current = rows.map((r) => ({ memberId: r.member_id, kind: r.kind, status: r.status, signedIn: !!r.signed_in_at, pending: r.pending, voter: r.voter }));
  return { rows, targets, changes: expectedChanges(current, targets) };
}

/** Whether the stored list differs from what the rule expects now (a read-only look, no lock). */
export async function expectedOutOfDate(db: Kysely<DB>, a: repo.ActivityRecord): Promise<boolean> {
  if (!followsRoster(a.status)) return false;
  return !noExpectedChanges((await changesFor(db, a)).changes);
}

export type Recomputed = { changed: boolean; added: number[] };

/**
 * Brings the stored list in line with the rule (expectedChanges: recorded attendance is kept,
 * people who came but are no longer expected become 列席) and audits what moved. The caller
 * holds the activity row locked; `a` is the row as it is now (date and types already written).
 */
export async function recomputeExpected(trx: Kysely<DB>, ctx: Ctx, a: repo.ActivityRecord, cause: 'roster' | 'edit', participants?: number[]): Promise<Recomputed> {
  const { rows, targets, changes } = await changesFor(trx, a, participants);
  if (noExpectedChanges(changes)) return { changed: false, added: [] };
  const id = a.id;
  const where = (ids: number[]) => trx.updateTable('activity_attendance').where('activity_id', '=', id).where('member_id', 'in', ids);
  if (changes.add.length) {
    await trx.insertInto('activity_attendance').values(changes.add.map((t) => ({ activity_id: id, member_id: t.memberId, kind: 'expected' as const, voter: t.voter }))).execute();
  }
  for (const t of [...changes.promote, ...changes.voter]) {
    await where([t.memberId]).set({ kind: 'expected', pending: false, voter: t.voter }).execute();
  }
  if (changes.demote.length) await where(changes.demote).set({ kind: 'invited', voter: false }).execute();
  if (changes.remove.length) await trx.deleteFrom('activity_attendance').where('activity_id', '=', id).where('member_id', 'in', changes.remove).execute();

  const names = new Map([...rows.map((r) => [r.member_id, r.member_name] as const), ...targets.map((t) => [t.memberId, t.name] as const)]);
  const who = (ids: number[]) => ids.map((m) => ({ memberId: m, name: names.get(m) ?? '' }));
  const touched = new Set([...changes.promote, ...changes.voter].map((t) => t.memberId).concat(changes.demote, changes.remove));
  await audit(trx, ctx, {
    action: 'activity.expected_refresh',
    entityType: 'activity',
    entityId: id,
    before: {
      expected: rows.filter((r) => r.kind === 'expected' && !r.pending).length,
      rows: rows.filter((r) => touched.has(r.member_id)).map((r) => ({ memberId: r.member_id, name: r.member_name, kind: r.kind, status: r.status, reason: r.reason, signedInAt: r.signed_in_at, pending: r.pending })),
    },
    after: {
      cause: cause === 'roster' ? '委员会或名册变化' : '活动日期、类型或谈话对象变化',
      rule: expectedRuleLabel(expectedRuleOf(a.types as ActivityType[], a.org_type as OrgType), a.org_type as OrgType),
      heldOn: a.held_on,
      expected: targets.length,
      added: who(changes.add.map((t) => t.memberId)),
      nowExpected: who(changes.promote.map((t) => t.memberId)),
      nowInvited: who(changes.demote),
      removed: who(changes.remove),
      voterChanged: who(changes.voter.map((t) => t.memberId)),
    },
  });
  return { changed: true, added: changes.add.map((t) => t.memberId) };
}

/** The expected list in words for the detail page, and what stands in the way of a submit. */
export async function expectedListOf(db: Kysely<DB>, a: repo.ActivityRecord, summary: { expected: number; present: number }, now: Date) {
  const orgType = a.org_type as OrgType;
  const types = a.types as ActivityType[];
  const rule = expectedRuleOf(types, orgType);
  const expectedList = { rule, label: expectedRuleLabel(rule, orgType), follows: followsRoster(a.status), emptyHint: summary.expected ? null : emptyListHint(rule, orgType) };
  let submitProblem: string | null = null;
  if ((EDITABLE_STATUSES as readonly string[]).includes(a.status as ActivityStatus)) {
    const held = a.held_on <= localDate(now);
    submitProblem =
      (await committeeRefusal(db, orgOf(a), a.held_on, types)) ??
      (summary.expected === 0 || held ? emptyMeetingRefusal(summary, rule, orgType) : null);
  }
  return { expectedList, submitProblem };
}
