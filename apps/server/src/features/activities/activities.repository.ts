import { sql, type Kysely, type Selectable } from 'kysely';
import { accountControllers } from '../../access/account-controllers.ts';
import type { ActivityStatus, AttendanceStatus, AttendeeKind } from '@xianfeng/shared';
import type { ActivityTable, DB } from '../../db/schema.ts';
import { inSubtree, orgPathInScope, type Scope } from '../../access/scope.ts';

export type ActivityRecord = Selectable<ActivityTable> & { org_name: string; org_path: string; org_type: string; org_unit_id: number | null };

const withOrg = (db: Kysely<DB>) =>
  db
    .selectFrom('activity')
    .innerJoin('org', 'org.id', 'activity.org_id')
    .selectAll('activity')
    .select(['org.name as org_name', 'org.path as org_path', 'org.type as org_type', 'org.unit_id as org_unit_id']);

export async function findActivity(db: Kysely<DB>, scope: Scope, id: number): Promise<ActivityRecord | undefined> {
  return withOrg(db)
    .where('activity.id', '=', id)
    .where((eb) => orgPathInScope(scope, eb.ref('org.path')))
    .executeTakeFirst();
}

/** The activity row locked for the rest of the transaction (the org row is read, not locked). */
export async function lockActivity(db: Kysely<DB>, scope: Scope, id: number): Promise<ActivityRecord | undefined> {
  return withOrg(db)
    .where('activity.id', '=', id)
    .where((eb) => orgPathInScope(scope, eb.ref('org.path')))
    .forUpdate('activity')
    .executeTakeFirst();
}

/**
 * The admins who control the accounts that recorded or submitted a record besides their owners:
 * who created each account and who last set its password (NK-1: neither approves the record).
 */
/** NK-1: the accounts that control whoever recorded or submitted the record (access/account-controllers.ts). */
export const controllersOf = (db: Kysely<DB>, a: { created_by: number | null; submitted_by: number | null }) => accountControllers(db, [a.created_by, a.submitted_by]);

export type ActivityFilter = {
  orgPath?: string;
  from?: string;
  to?: string;
  type?: string;
  status?: ActivityStatus;
  /** Submitted records of organisations strictly below these paths (what the caller reviews). */
  reviewBelow?: string[];
  /** …not recorded or submitted by this account (NK-1: those wait for another reviewer). */
  reviewer?: number;
};

function filtered(db: Kysely<DB>, scope: Scope, f: ActivityFilter) {
  let q = db
    .selectFrom('activity')
    .innerJoin('org', 'org.id', 'activity.org_id')
    .where((eb) => orgPathInScope(scope, eb.ref('org.path')));
  if (f.orgPath) q = q.where(inSubtree(sql.ref('org.path'), f.orgPath));
  if (f.from) q = q.where('activity.held_on', '>=', f.from);
  if (f.to) q = q.where('activity.held_on', '<=', f.to);
  if (f.type) q = q.where(sql<boolean>`${f.type} = any(activity.types)`);
  if (f.status) q = q.where('activity.status', '=', f.status);
  if (f.reviewBelow) {
    const below = f.reviewBelow;
    q = q
      .where('activity.status', '=', 'submitted')
      // Strictly below the reviewer's organisation; the working committee (no parent) reviews its own.
      .where((eb) =>
        eb.or(below.map((p) => eb.and([inSubtree(eb.ref('org.path'), p), eb.or([eb('org.path', '!=', p), eb('org.parent_id', 'is', null)])]))),
      );
    if (f.reviewer) {
      const me = f.reviewer;
      q = q.where((eb) =>
        eb.and([
          eb('activity.created_by', 'is distinct from', me),
          eb('activity.submitted_by', 'is distinct from', me),
          // …nor by an account the reviewer created or last reset the password of (NK-1).
          sql<boolean>`not exists (select 1 from app_user author where author.id in (activity.created_by, activity.submitted_by) and (author.created_by = ${me} or author.password_set_by = ${me}))`,
        ]),
      );
    }
  }
  return q;
}

export async function listActivities(db: Kysely<DB>, scope: Scope, f: ActivityFilter, paging: { limit: number; offset: number }) {
  return filtered(db, scope, f)
    .select([
      'activity.id',
      'activity.org_id',
      'org.name as org_name',
      'activity.types',
      'activity.status',
      'activity.title',
      'activity.starts_at',
      'activity.ends_at',
      'activity.held_on',
      'activity.place',
      'activity.submitted_at',
      'activity.import_id',
      (eb) =>
        eb
          .selectFrom('activity_attendance as a')
          .whereRef('a.activity_id', '=', 'activity.id')
          .where('a.kind', '=', 'expected')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('expected_count'),
      (eb) =>
        eb
          .selectFrom('activity_attendance as a')
          .whereRef('a.activity_id', '=', 'activity.id')
          .where('a.kind', '=', 'expected')
          .where('a.status', '=', 'present')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('present_count'),
    ])
    .orderBy('activity.held_on', 'desc')
    .orderBy('activity.id', 'desc')
    .limit(paging.limit)
    .offset(paging.offset)
    .execute();
}

export async function countActivities(db: Kysely<DB>, scope: Scope, f: ActivityFilter): Promise<number> {
  const r = await filtered(db, scope, f).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export type AttendanceRecord = {
  member_id: number;
  member_name: string;
  kind: AttendeeKind;
  status: AttendanceStatus;
  reason: string | null;
  dual_life: boolean;
  voter: boolean;
  signed_in_at: Date | null;
  pending: boolean;
  category: string;
};

export async function listAttendance(db: Kysely<DB>, activityId: number): Promise<AttendanceRecord[]> {
  return db
    .selectFrom('activity_attendance as a')
    .innerJoin('member as m', 'm.id', 'a.member_id')
    .where('a.activity_id', '=', activityId)
    .select(['a.member_id', 'm.name as member_name', 'a.kind', 'a.status', 'a.reason', 'a.dual_life', 'a.voter', 'a.signed_in_at', 'a.pending', 'm.category'])
    .orderBy('a.kind')
    .orderBy('m.name')
    .execute() as Promise<AttendanceRecord[]>;
}

export async function listReviews(db: Kysely<DB>, activityId: number) {
  return db
    .selectFrom('activity_review as r')
    .leftJoin('app_user as u', 'u.id', 'r.actor_user_id')
    .where('r.activity_id', '=', activityId)
    .select(['r.id', 'r.action', 'r.comment', 'r.at', 'u.username', 'u.display_name'])
    .orderBy('r.id')
    .execute();
}

export async function addReview(db: Kysely<DB>, activityId: number, action: 'submit' | 'approve' | 'return' | 'reopen', comment: string | null, userId: number, at: Date) {
  await db.insertInto('activity_review').values({ activity_id: activityId, action, comment, actor_user_id: userId, at }).execute();
}

/**
 * Who is expected on the day: the committee for committee meetings, the group's members for a
 * 党小组会 (the group is the activity's organisation), otherwise every member in the organisation's
 * subtree who had joined by that day and is in normal standing. 正式党员 have a vote (ZB-7, XZ-34 in docs/RULES.md).
 */
export async function rosterOn(db: Kysely<DB>, org: { id: number; path: string }, day: string, committeeOnly: boolean) {
  if (committeeOnly) {
    return db
      .selectFrom('org_committee_member as c')
      .innerJoin('member as m', 'm.id', 'c.member_id')
      .where('c.org_id', '=', org.id)
      .where('c.started_on', '<=', day)
      .where((eb) => eb.or([eb('c.ended_on', 'is', null), eb('c.ended_on', '>', day)]))
      .where('m.status', '=', 'normal')
      .select(['m.id', 'm.name', 'm.category'])
      .distinct()
      .execute();
  }
  return db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .where(inSubtree(sql.ref('o.path'), org.path))
    .where('m.status', '=', 'normal')
    .where('m.join_date', '<=', day)
    .select(['m.id', 'm.name', 'm.category'])
    .execute();
}

/** Members by id within a scope (checks that invited members and hosts are visible to the caller). */
export async function membersIn(db: Kysely<DB>, scope: Scope, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .where('m.id', 'in', ids)
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .select(['m.id', 'm.name', 'm.category', 'o.path'])
    .execute();
}

/** The serving secretary of an organisation on a day (书记讲党课 counts only the secretary's). */
export async function secretaryOn(db: Kysely<DB>, orgId: number, day: string): Promise<number | null> {
  const r = await db
    .selectFrom('org_committee_member')
    .where('org_id', '=', orgId)
    .where('post', '=', 'secretary')
    .where('started_on', '<=', day)
    .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>', day)]))
    .select('member_id')
    .executeTakeFirst();
  return r?.member_id ?? null;
}

/**
 * Whole records for the ledger of an organisation: its own and its 党小组's (a branch keeps its
 * groups' meetings), held in [from, to], oldest first.
 */
export async function activitiesOfLedger(db: Kysely<DB>, scope: Scope, orgId: number, from: string, to: string, statuses: ActivityStatus[]): Promise<ActivityRecord[]> {
  return withOrg(db)
    .where((eb) => orgPathInScope(scope, eb.ref('org.path')))
    .where((eb) => eb.or([eb('org.id', '=', orgId), eb.and([eb('org.parent_id', '=', orgId), eb('org.type', '=', 'party_group')])]))
    .where('activity.held_on', '>=', from)
    .where('activity.held_on', '<=', to)
    .where('activity.status', 'in', statuses)
    .orderBy('activity.starts_at')
    .orderBy('activity.id')
    .execute();
}
