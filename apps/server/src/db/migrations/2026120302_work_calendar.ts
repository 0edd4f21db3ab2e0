import { sql, type Kysely } from 'kysely';
import { OFFICIAL_HOLIDAYS_2026 } from '@xianfeng/shared';

// 督查设置 (issue 10). work_calendar_day: the exceptions to Monday–Friday (WC-1 in docs/RULES.md):
// holidays (workday = false) and 调休 working days (true), seeded with the State Council's 2026
// arrangement; the 工委 keeps later years. supervision_setting: the light thresholds (LT-1) and the
// escalation ladder (ES-1), one row per version in force from effective_from; no row = the defaults.
// OFFICIAL_HOLIDAYS_2026 is an official, fixed table: it is not expected to change under this migration.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table work_calendar_day (
      day date primary key,
      workday boolean not null,
      note text not null,
      updated_by integer references app_user(id),
      updated_at timestamptz
    );
    create table supervision_setting (
      version serial primary key,
      effective_from date not null,
      thresholds jsonb not null,
      ladder jsonb not null,
      created_by integer references app_user(id),
      created_at timestamptz not null
    );
    create index supervision_setting_effective on supervision_setting (effective_from desc, version desc);
  `.execute(db);
  await db
    .insertInto('work_calendar_day')
    .values(OFFICIAL_HOLIDAYS_2026.map((d) => ({ day: d.day, workday: d.workday, note: d.note })))
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
}

export async function down(): Promise<void> {}
