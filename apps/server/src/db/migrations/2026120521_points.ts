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

    -- 支部加分/扣分: entered by the branch, approved or returned by the level above (PT-10, PT-11).
    create table point_entry (
      id serial primary key,
      member_id integer not null references member(id),
      org_id integer not null references org(id),
      kind text not null check (kind in ('manual_addition', 'manual_deduction')),
      occurred_on date not null,
      points integer not null check (points <> 0),
      reason text not null,
      evidence text not null,
      status text not null default 'submitted' check (status in ('submitted', 'approved', 'returned')),
      review_reason text,
      entered_by integer references app_user(id),
      reviewed_by integer references app_user(id),
      reviewed_at timestamptz,
      created_at timestamptz not null,
      check ((kind = 'manual_addition') = (points > 0))
    );
    create index point_entry_member on point_entry (member_id, occurred_on) where status = 'approved';
    create index point_entry_org on point_entry (org_id, status);

    -- 积分申诉: a member appeals one line of their ledger; the branch answers (PT-12).
    create table point_appeal (
      id serial primary key,
      member_id integer not null references member(id),
      year integer not null,
      line_type text not null,
      line_id integer not null,
      line_day date not null,
      line_title text not null,
      line_points integer not null,
      reason text not null,
      status text not null default 'open' check (status in ('open', 'upheld', 'rejected')),
      answer text,
      correction_entry_id integer references point_entry(id),
      answered_by integer references app_user(id),
      answered_at timestamptz,
      created_by integer references app_user(id),
      created_at timestamptz not null
    );
    create unique index point_appeal_open_once on point_appeal (member_id, line_type, line_id, line_day) where status = 'open';
    create index point_appeal_member on point_appeal (member_id, year);
    alter table point_entry add column appeal_id integer references point_appeal(id);
  `.execute(db);
}

export async function down(): Promise<void> {}
