import { sql, type Kysely } from 'kysely';

// The platform foundation: units, the organisation tree, members, accounts and the audit log.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table unit (
      id serial primary key,
      name text not null unique,
      type text not null check (type in ('organ','institution','soe','social_org')),
      credit_code text,
      created_at timestamptz not null default now()
    );

    -- path is the materialised path '/1/4/9/' so "in my subtree" is one indexed prefix match.
    create table org (
      id serial primary key,
      parent_id int references org(id),
      path text not null unique,
      depth int not null,
      name text not null,
      type text not null,
      unit_id int references unit(id),
      founded_on date,
      dissolved_on date,
      term_start date,
      term_end date,
      contact text,
      contact_phone text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index org_path_prefix on org (path text_pattern_ops);
    create index org_parent on org (parent_id);
    create unique index org_sibling_name on org (coalesce(parent_id, 0), name) where dissolved_on is null;

    create table member (
      id serial primary key,
      org_id int not null references org(id),
      name text not null,
      gender text not null check (gender in ('男','女')),
      ethnicity text not null default '汉族',
      id_number_enc text not null,
      id_number_hmac text not null unique,
      id_number_masked text not null,
      birth_date date not null,
      education text,
      category text not null check (category in ('full','probationary')),
      join_date date not null,
      full_date date,
      job_post text,
      phone_enc text,
      phone_masked text,
      address_enc text,
      status text not null default 'normal' check (status in ('normal','suspended','expelled','deceased','transferred_out')),
      lost_contact boolean not null default false,
      lost_contact_date date,
      flowing boolean not null default false,
      flow_to text,
      rank text,
      party_post text,
      cadre_type text check (cadre_type in ('full_time','part_time')),
      hardship boolean not null default false,
      retired boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (full_date is null or full_date > join_date)
    );
    create index member_org on member (org_id, status);
    create index member_name on member (name);

    create table member_status_history (
      id serial primary key,
      member_id int not null references member(id),
      from_status text,
      to_status text not null,
      changed_on date not null,
      reason text not null,
      org_id int references org(id),
      created_at timestamptz not null default now()
    );
    create index member_status_history_member on member_status_history (member_id);

    -- Organisation history of a member (merge, move, transfer): where they were and when.
    create table member_org_history (
      id serial primary key,
      member_id int not null references member(id),
      from_org_id int references org(id),
      to_org_id int not null references org(id),
      moved_on date not null,
      reason text not null,
      created_at timestamptz not null default now()
    );

    create table org_committee_member (
      id serial primary key,
      org_id int not null references org(id),
      member_id int not null references member(id),
      post text not null,
      started_on date not null,
      ended_on date,
      created_at timestamptz not null default now()
    );
    create index org_committee_member_org on org_committee_member (org_id);

    create table app_user (
      id serial primary key,
      username text not null unique,
      display_name text,
      password_hash text not null,
      member_id int references member(id),
      must_change_password boolean not null default true,
      failed_logins int not null default 0,
      locked_until timestamptz,
      disabled boolean not null default false,
      password_changed_at timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table role_grant (
      id serial primary key,
      user_id int not null references app_user(id) on delete cascade,
      org_id int not null references org(id),
      role text not null,
      created_at timestamptz not null default now(),
      unique (user_id, org_id, role)
    );

    create table session (
      id_hash text primary key,
      user_id int not null references app_user(id) on delete cascade,
      csrf_token text not null,
      ip text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now()
    );

    create table audit_log (
      id bigserial primary key,
      at timestamptz not null,
      actor_user_id int,
      actor_name text,
      ip text,
      action text not null,
      entity_type text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_entity on audit_log (entity_type, entity_id);
    create index audit_log_at on audit_log (at);

    -- The audit log is append-only: the database itself refuses to change or remove a row.
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the foundation migration is not reversible');
}
