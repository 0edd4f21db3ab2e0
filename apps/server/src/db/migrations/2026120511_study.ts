import { sql, type Kysely } from 'kysely';

// 学习 (issue 12 item 1): study topics (专题) published by an organisation to its subtree, and their
// materials. A material credits 学时 (numeric, one decimal) once studied for at least min_seconds and,
// if it has a check question, answered right (checked by the server; the answer is never sent to a
// member). Files are kept in the file store (storage_key), like activity attachments.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table study_topic (
      id serial primary key,
      org_id integer not null references org(id),
      title text not null,
      description text not null default '',
      cover_text text not null default '',
      status text not null default 'draft' check (status in ('draft', 'published', 'withdrawn')),
      published_at timestamptz,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index study_topic_org on study_topic (org_id, status);

    create table study_material (
      id serial primary key,
      topic_id integer not null references study_topic(id),
      kind text not null check (kind in ('article', 'document', 'video', 'audio')),
      title text not null,
      body text not null default '',
      url text,
      file_name text,
      content_type text,
      size integer,
      storage_key text,
      credit_hours numeric(4, 1) not null check (credit_hours > 0),
      min_seconds integer not null check (min_seconds >= 0),
      question jsonb,
      position integer not null,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index study_material_topic on study_material (topic_id, position);

    -- A member's sitting with a material: the server records the start, adds the visible time
    -- the phone's heartbeats report (each gap counted up to a bound), and completes it only when
    -- the time reaches the minimum and the check answer is right (SH-5 … SH-7).
    create table study_session (
      id serial primary key,
      material_id integer not null references study_material(id),
      member_id integer not null references member(id),
      status text not null default 'open' check (status in ('open', 'completed', 'failed')),
      started_at timestamptz not null,
      last_beat_at timestamptz not null,
      visible_seconds integer not null default 0,
      completed_at timestamptz
    );
    create index study_session_member on study_session (member_id, material_id);

    -- 学时 credited for online study: once per member and material (the unique index decides a race).
    create table study_credit (
      id serial primary key,
      member_id integer not null references member(id),
      material_id integer not null references study_material(id),
      session_id integer not null references study_session(id),
      hours numeric(4, 1) not null check (hours >= 0),
      credited_on date not null,
      created_at timestamptz not null,
      unique (member_id, material_id)
    );
    create index study_credit_day on study_credit (credited_on, member_id);
  `.execute(db);
}

export async function down(): Promise<void> {}
