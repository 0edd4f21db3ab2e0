import { sql, type Kysely } from 'kysely';
import type { ActivityType } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

// Writing the generated organisational life: bulk inserts (unnest of column arrays), then the
// review history and the pre-aggregates computed in SQL from the rows just written.

export type ActivityRow = {
  id: number;
  org_id: number;
  types: ActivityType[];
  status: string;
  title: string;
  starts_at: string;
  ends_at: string;
  held_on: string;
  place: string | null;
  host: number | null;
  recorder: number | null;
  lecturer: number | null;
  lecturer_name: string | null;
  lecturer_is_secretary: boolean;
  first_topic: string | null;
  agenda: string | null;
  minutes: string | null;
  votes: string;
  review_comment: string | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
};

/** Collects rows and writes them in batches: activities first (attendance refers to them). */
export class Writer {
  activities: ActivityRow[] = [];
  attendance = { activity_id: [] as number[], member_id: [] as number[], status: [] as string[], reason: [] as (string | null)[], dual_life: [] as boolean[], voter: [] as boolean[], signed_in_at: [] as (string | null)[] };
  totals = { activities: 0, attendance: 0 };
  constructor(
    private db: Kysely<DB>,
    public nextId: number,
  ) {}

  async maybeFlush() {
    if (this.activities.length >= 4000 || this.attendance.activity_id.length >= 40_000) await this.flush();
  }

  async flush() {
    const a = this.activities;
    if (a.length) {
      const col = <K extends keyof ActivityRow>(k: K) => sql.val(a.map((r) => r[k]));
      await sql`
        insert into activity (id, org_id, types, status, title, starts_at, ends_at, held_on, place, host_member_id, recorder_member_id,
          lecturer_member_id, lecturer_name, lecturer_is_secretary, first_topic, agenda, minutes, votes, review_comment, submitted_at,
          reviewed_at, created_at, updated_at)
        select id, org_id, string_to_array(types, ','), status, title, starts_at, ends_at, held_on, place, host, recorder,
          lecturer, lecturer_name, lis, first_topic, agenda, minutes, votes::jsonb, review_comment, submitted_at,
          reviewed_at, created_at, updated_at
        from unnest(${col('id')}::int[], ${col('org_id')}::int[], ${sql.val(a.map((r) => r.types.join(',')))}::text[], ${col('status')}::text[],
          ${col('title')}::text[], ${col('starts_at')}::timestamptz[], ${col('ends_at')}::timestamptz[], ${col('held_on')}::date[],
          ${col('place')}::text[], ${col('host')}::int[], ${col('recorder')}::int[], ${col('lecturer')}::int[], ${col('lecturer_name')}::text[],
          ${col('lecturer_is_secretary')}::bool[], ${col('first_topic')}::text[], ${col('agenda')}::text[], ${col('minutes')}::text[],
          ${col('votes')}::text[], ${col('review_comment')}::text[], ${col('submitted_at')}::timestamptz[], ${col('reviewed_at')}::timestamptz[],
          ${col('created_at')}::timestamptz[], ${col('updated_at')}::timestamptz[])
          as u(id, org_id, types, status, title, starts_at, ends_at, held_on, place, host, recorder, lecturer, lecturer_name, lis,
               first_topic, agenda, minutes, votes, review_comment, submitted_at, reviewed_at, created_at, updated_at)
      `.execute(this.db);
      this.totals.activities += a.length;
      this.activities = [];
    }
    const t = this.attendance;
    if (t.activity_id.length) {
      await sql`
        insert into activity_attendance (activity_id, member_id, kind, status, reason, dual_life, voter, signed_in_at)
        select activity_id, member_id, 'expected', status, reason, dual_life, voter, signed_in_at
        from unnest(${sql.val(t.activity_id)}::int[], ${sql.val(t.member_id)}::int[], ${sql.val(t.status)}::text[], ${sql.val(t.reason)}::text[],
          ${sql.val(t.dual_life)}::bool[], ${sql.val(t.voter)}::bool[], ${sql.val(t.signed_in_at)}::timestamptz[])
          as u(activity_id, member_id, status, reason, dual_life, voter, signed_in_at)
      `.execute(this.db);
      this.totals.attendance += t.activity_id.length;
      for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] = [];
    }
  }
}

/** The review history that submitting and approving (or returning) would have written. */
export async function recordReviews(db: Kysely<DB>, fromId: number) {
  await sql`
    insert into activity_review (activity_id, action, comment, actor_user_id, at)
    select id, action, comment, null, at from (
      select id, 'submit' as action, null as comment, submitted_at as at from activity where id >= ${fromId} and submitted_at is not null
      union all
      select id, case status when 'approved' then 'approve' else 'return' end, review_comment, reviewed_at from activity where id >= ${fromId} and reviewed_at is not null
    ) r
    order by at, id
  `.execute(db);
}

/**
 * The pre-aggregates of approved activities with id ≥ fromId, as approving each through the
 * service would leave them: org_activity_year +1 per month for each distinct type and for
 * 'party_lecture_by_secretary' (countByMonth), and every pair among the host and those present
 * at a 谈心谈话 (recordTalkPairs). Adds to rows already there.
 */
export async function countApprovedActivities(db: Kysely<DB>, fromId: number) {
  // One pass, no joins: the plan cannot go wrong on tables filled in this very transaction (no statistics yet).
  await sql`
    insert into org_activity_year (org_id, year, count_key, months)
    select org_id, year, count_key,
           array[count(*) filter (where m = 1), count(*) filter (where m = 2), count(*) filter (where m = 3), count(*) filter (where m = 4),
                 count(*) filter (where m = 5), count(*) filter (where m = 6), count(*) filter (where m = 7), count(*) filter (where m = 8),
                 count(*) filter (where m = 9), count(*) filter (where m = 10), count(*) filter (where m = 11), count(*) filter (where m = 12)]::int[]
    from (
      select a.org_id, extract(year from a.held_on)::int as year, extract(month from a.held_on)::int as m, k.count_key
      from activity a
      cross join lateral (
        select distinct t as count_key from unnest(a.types) as t
        union all
        select 'party_lecture_by_secretary' where a.lecturer_is_secretary and 'party_lecture' = any(a.types)
      ) k
      where a.status = 'approved' and a.id >= ${fromId}
    ) x
    group by 1, 2, 3
    on conflict (year, org_id, count_key) do update
      set months = array(select x + y from unnest(org_activity_year.months, excluded.months) as t(x, y))
  `.execute(db);
  // Per talk, its participants twice (host and those present): index lookups by activity, no self-join of a CTE.
  await sql`
    insert into heart_talk_pair (org_id, year, member_a, member_b, activity_id)
    select a.org_id, extract(year from a.held_on)::int, p.m, q.m, a.id
    from activity a
    cross join lateral (
      select a.host_member_id as m where a.host_member_id is not null
      union select t.member_id from activity_attendance t where t.activity_id = a.id and t.status = 'present'
    ) p
    cross join lateral (
      select a.host_member_id as m where a.host_member_id is not null
      union select t.member_id from activity_attendance t where t.activity_id = a.id and t.status = 'present'
    ) q
    where a.status = 'approved' and 'heart_talk' = any(a.types) and a.id >= ${fromId} and p.m < q.m
    on conflict do nothing
  `.execute(db);
}
