import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { StudySettings } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

/**
 * The sources of 学时 (SH-9): each is one function giving, for the members of `memberIds` (a
 * subquery of member ids, so whole organisations are counted in SQL), its dated lines — member, Beijing
 * day, hours, the record's id and title. The year's total is their union summed (`countStudyHours`
 * in shared is the same rule). Training classes (next session) add one function here.
 */
export type SourceArgs = { memberIds: RawBuilder<unknown>; from: string; to: string; settings: StudySettings };
export type StudySource = { kind: 'online' | 'activity' | 'training'; lines: (args: SourceArgs) => RawBuilder<unknown> };

/** Online study (SH-7): each credited material, on the day it was credited. */
const online: StudySource = {
  kind: 'online',
  lines: ({ memberIds, from, to }) => sql`
    select c.member_id, c.credited_on::text as day, c.hours::float8 as hours, 'online'::text as source, c.material_id as ref_id, m.title as title
    from study_credit c join study_material m on m.id = c.material_id
    where c.member_id in (${memberIds}) and c.credited_on between ${from}::date and ${to}::date`,
};

/**
 * Organisational life of study types (SH-10): 出席 (present, confirmed) at an approved activity; the
 * day it starts in Beijing (a meeting across midnight counts on its first day); the largest hours of
 * its types from the configurable table.
 */
const activity: StudySource = {
  kind: 'activity',
  lines: ({ memberIds, from, to, settings }) => {
    const entries = Object.entries(settings.activityHours).filter(([, h]) => (h ?? 0) > 0);
    if (!entries.length) return sql`select null::int as member_id, null::text as day, null::float8 as hours, null::text as source, null::int as ref_id, null::text as title where false`;
    const table = sql.join(entries.map(([type, h]) => sql`(${type}::text, ${h}::float8)`));
    return sql`
      select t.member_id, ((a.starts_at at time zone 'Asia/Shanghai')::date)::text as day, x.hours, 'activity'::text as source, a.id as ref_id, a.title
      from activity_attendance t
      join activity a on a.id = t.activity_id
      join lateral (select max(h.hours) as hours from unnest(a.types::text[]) ty join (values ${table}) as h(type, hours) on h.type = ty) x on x.hours > 0
      where t.member_id in (${memberIds}) and t.status = 'present' and not t.pending and a.status = 'approved'
        and a.starts_at >= (${from}::date::timestamp at time zone 'Asia/Shanghai') and a.starts_at < ((${to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`;
  },
};

/** Training classes (TR-1): each course of a class not cancelled at which the member was 出席, its 学时, on the day it was held. */
const training: StudySource = {
  kind: 'training',
  lines: ({ memberIds, from, to }) => sql`
    select a.member_id, s.held_on::text as day, s.hours::float8 as hours, 'training'::text as source, s.id as ref_id, c.title || '：' || s.title as title
    from training_attendance a
    join training_session s on s.id = a.session_id
    join training_class c on c.id = s.class_id
    where a.member_id in (${memberIds}) and a.status = 'present' and c.status <> 'cancelled'
      and s.held_on between ${from}::date and ${to}::date`,
};

export const STUDY_SOURCES: StudySource[] = [online, activity, training];

/** All sources' lines for these members and days, as one SQL union. */
export function unionOfLines(args: SourceArgs): RawBuilder<unknown> {
  return sql.join(STUDY_SOURCES.map((s) => sql`(${s.lines(args)})`), sql` union all `);
}

export type LineRow = { member_id: number; day: string; hours: number; source: 'online' | 'activity' | 'training'; ref_id: number; title: string };

export async function linesOf(db: Kysely<DB>, memberId: number, year: number, settings: StudySettings): Promise<LineRow[]> {
  const r = await sql<LineRow>`select * from (${unionOfLines({ memberIds: sql`${memberId}::int`, from: `${year}-01-01`, to: `${year}-12-31`, settings })}) l order by l.day, l.source, l.ref_id`.execute(db);
  return r.rows.map((x) => ({ ...x, hours: Number(x.hours) }));
}
