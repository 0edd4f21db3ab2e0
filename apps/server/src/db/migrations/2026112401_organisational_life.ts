import { sql, type Kysely } from 'kysely';

// Organisational life (三会一课 and the rest): activities with attendance and review, the
// compliance requirement table, pre-aggregated monthly counts, and the in-app inbox.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table activity (
      id serial primary key,
      org_id int not null references org(id),
      types text[] not null check (cardinality(types) between 1 and 6),
      status text not null check (status in ('planned','draft','submitted','returned','approved')),
      title text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      -- The Beijing calendar day of starts_at: periods and compliance are counted by it.
      held_on date not null,
      place text,
      host_member_id int references member(id),
      recorder_member_id int references member(id),
      lecturer_member_id int references member(id),
      lecturer_name text,
      -- Set when the activity is approved: the lecturer was the organisation's secretary then.
      lecturer_is_secretary boolean not null default false,
      first_topic text,
      agenda text,
      minutes text,
      observer_comment text,
      votes jsonb not null default '[]',
      review_comment text,
      submitted_at timestamptz,
      reviewed_at timestamptz,
      reviewed_by int references app_user(id),
      created_by int references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index activity_org_day on activity (org_id, held_on);
    create index activity_day on activity (held_on, id);
    create index activity_status on activity (status) where status = 'submitted';

    create table activity_attendance (
      activity_id int not null references activity(id) on delete cascade,
      member_id int not null references member(id),
      kind text not null check (kind in ('expected','invited')),
      status text not null default 'absent' check (status in ('present','leave','absent')),
      reason text,
      dual_life boolean not null default false,
      -- 正式党员 on the day: has a vote at a 党员大会 (ZB-7).
      voter boolean not null default false,
      signed_in_at timestamptz,
      primary key (activity_id, member_id)
    );
    create index activity_attendance_member on activity_attendance (member_id);

    create table activity_attachment (
      id serial primary key,
      activity_id int not null references activity(id) on delete cascade,
      file_name text not null,
      content_type text not null,
      size int not null,
      storage_key text not null unique,
      uploaded_by int references app_user(id),
      created_at timestamptz not null default now()
    );
    create index activity_attachment_activity on activity_attachment (activity_id);

    create table activity_review (
      id serial primary key,
      activity_id int not null references activity(id) on delete cascade,
      action text not null check (action in ('submit','approve','return','reopen')),
      comment text,
      actor_user_id int references app_user(id),
      at timestamptz not null
    );
    create index activity_review_activity on activity_review (activity_id, id);

    -- Approved activities per organisation, year and count key, one int per month: the heatmap
    -- reads ~25,000 short rows for a whole city instead of grouping every activity.
    create table org_activity_year (
      org_id int not null references org(id),
      year int not null,
      count_key text not null,
      months int[] not null,
      primary key (year, org_id, count_key)
    );

    -- 谈心谈话 pairs (smaller member id first) from approved talks (ZB-19).
    create table heart_talk_pair (
      org_id int not null references org(id),
      year int not null,
      member_a int not null references member(id),
      member_b int not null references member(id),
      activity_id int not null references activity(id) on delete cascade,
      primary key (year, org_id, member_a, member_b, activity_id),
      check (member_a < member_b)
    );

    create table compliance_requirement (
      id serial primary key,
      year int not null,
      key text not null,
      label text not null,
      activity_type text not null,
      lecturer_is_secretary boolean not null default false,
      pairs boolean not null default false,
      frequency text not null check (frequency in ('month','quarter','year')),
      min_count int not null check (min_count between 1 and 100),
      applies_to text[] not null,
      needs text check (needs in ('committee','groups')),
      source text not null check (source in ('national','local')),
      rule text not null,
      note text,
      enabled boolean not null default true,
      unique (year, key)
    );

    create table app_setting (
      key text primary key,
      value jsonb not null
    );

    create table notification (
      id bigserial primary key,
      user_id int not null references app_user(id),
      kind text not null,
      title text not null,
      body text not null,
      link text,
      -- One notice per reason: the reminder job runs often and must not repeat itself.
      dedupe_key text not null,
      created_at timestamptz not null,
      read_at timestamptz,
      unique (user_id, dedupe_key)
    );
    create index notification_inbox on notification (user_id, id desc);
  `.execute(db);
}

export async function down(): Promise<void> {}
