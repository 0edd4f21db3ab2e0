import { sql, type Kysely } from 'kysely';
import { countByMonth, type ActivityType, type CountKey } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

type Counted = { id: number; org_id: number; held_on: string; types: string[]; lecturer_is_secretary: boolean };

/**
 * Keeps org_activity_year in step with approved activities: +1 in the activity's month for each of
 * its count keys when approved, −1 when reopened. Runs in the approving transaction, so the
 * heatmap never sees a half-applied approval. The keys come from countByMonth, the rule's own
 * definition of what counts.
 */
export async function applyToYearCounts(db: Kysely<DB>, a: Counted, delta: 1 | -1): Promise<void> {
  const year = Number(a.held_on.slice(0, 4));
  const month = Number(a.held_on.slice(5, 7)); // 1-based, as PostgreSQL arrays are
  const counts = countByMonth([{ heldOn: a.held_on, types: a.types as ActivityType[], lecturerIsSecretary: a.lecturer_is_secretary }], year);
  for (const key of Object.keys(counts) as CountKey[]) {
    const initial = Array.from({ length: 12 }, (_, i) => (i === month - 1 ? Math.max(delta, 0) : 0));
    await sql`
      insert into org_activity_year (org_id, year, count_key, months)
      values (${a.org_id}, ${year}, ${key}, ${sql.lit(`{${initial.join(',')}}`)}::int[])
      on conflict (year, org_id, count_key)
      do update set months[${sql.lit(month)}] = greatest(org_activity_year.months[${sql.lit(month)}] + ${delta}, 0)
    `.execute(db);
  }
}

/** 谈心谈话 pairs of an approved talk: every pair among the host and those present (ZB-19, docs/RULES.md). */
export async function recordTalkPairs(db: Kysely<DB>, a: Counted, participants: number[]): Promise<void> {
  const ids = [...new Set(participants)].sort((x, y) => x - y);
  const rows = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
    rows.push({ org_id: a.org_id, year: Number(a.held_on.slice(0, 4)), member_a: ids[i], member_b: ids[j], activity_id: a.id });
  }
  if (rows.length) await db.insertInto('heart_talk_pair').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

export async function forgetTalkPairs(db: Kysely<DB>, activityId: number): Promise<void> {
  await db.deleteFrom('heart_talk_pair').where('activity_id', '=', activityId).execute();
}
