import { sql, type Kysely } from 'kysely';

// 党员积分制 (issue 12 item 7): rule set versions per year (items in jsonb: a published version never
// changes, a revision is a new version effective from a date, PT-2) and the year's exemptions of
// 特殊 members by branch decision (PT-7). The ledger itself is computed from the verified records
// (features/points/sources.ts), never stored, so it cannot drift from them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table point_rule_set (
      id serial primary key,
      year integer not null,
      version integer not null,
      status text not null default 'draft' check (status in ('draft', 'published')),
      effective_from date not null,
      base_points integer not null,
      floor integer,
      items jsonb not null,
      note text not null default '',
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      published_by integer references app_user(id),
      published_at timestamptz,
      unique (year, version)
    );
    create unique index point_rule_set_published_from on point_rule_set (year, effective_from) where status = 'published';

    create table point_exemption (
      id serial primary key,
      year integer not null,
      member_id integer not null references member(id),
      reason text not null,
      decided_on date not null,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      unique (year, member_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {}
