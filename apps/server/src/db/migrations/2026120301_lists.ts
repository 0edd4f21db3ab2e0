import { sql, type Kysely } from 'kysely';

// 清单制+责任制 (issue 10). key_task: the committee's 重点任务 of a year; publishing one inserts a
// list_item for every applicable organisation (unique per task and organisation, so publishing
// twice cannot duplicate). list_item is the engine's row: the lead organisation (主办) owns it,
// list_item_org names the co-operating ones (协办, see it, not counted). Milestones (时间表) carry
// a weight; a claim counts only when the level above accepts it (accepted_on). Adjustments and
// closings are their own small workflows; at most one pending of each per item (partial unique
// indexes), so two simultaneous requests cannot both wait. list_item_light keeps every change of
// light; list_item_event is the item's history as its users read it (the audit log keeps the rest).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table key_task (
      id serial primary key,
      year integer not null,
      list_kind text not null,
      category text not null,
      title text not null,
      description text not null default '',
      unit_types text[] not null default '{}',
      org_types text[] not null default '{}',
      deadline date not null,
      evidence_required text not null default '',
      status text not null default 'draft' check (status in ('draft', 'published')),
      published_at timestamptz,
      published_by integer references app_user(id),
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index key_task_year on key_task (year, id);

    create table list_item (
      id serial primary key,
      org_id integer not null references org(id),
      year integer not null,
      list_kind text not null,
      source text not null,
      key_task_id integer references key_task(id),
      category text not null default '',
      title text not null,
      content text not null default '',
      evidence_required text not null default '',
      start_on date not null,
      deadline date not null,
      responsible_member_id integer references member(id),
      responsible_name text not null default '',
      leader_name text not null default '',
      status text not null default 'in_progress' check (status in ('in_progress', 'closing', 'closed')),
      closed_on date,
      -- The last assessment (序时进度): stored so that lists filter and count lights in the
      -- database; refreshed on every change of the item and once a day (assessed_on).
      light text not null default 'none',
      progress_state text not null default 'on_time',
      expected integer not null default 0,
      actual integer not null default 0,
      assessed_on date,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (key_task_id, org_id)
    );
    create index list_item_org_year on list_item (org_id, year, list_kind, id);
    create index list_item_year_light on list_item (year, light) where status <> 'closed';

    create table list_item_org (
      item_id integer not null references list_item(id) on delete cascade,
      org_id integer not null references org(id),
      primary key (item_id, org_id)
    );
    create index list_item_org_by_org on list_item_org (org_id);

    create table list_item_milestone (
      id serial primary key,
      item_id integer not null references list_item(id) on delete cascade,
      seq integer not null,
      title text not null,
      due_on date not null,
      weight integer not null check (weight between 1 and 100),
      status text not null default 'open' check (status in ('open', 'claimed', 'accepted')),
      claim_note text,
      claimed_at timestamptz,
      claimed_by integer references app_user(id),
      accepted_on date,
      accepted_by integer references app_user(id),
      return_comment text
    );
    create index list_item_milestone_item on list_item_milestone (item_id, seq);
    create index list_item_milestone_claimed on list_item_milestone (item_id) where status = 'claimed';

    create table list_item_step (
      item_id integer not null references list_item(id) on delete cascade,
      seq integer not null,
      text text not null,
      primary key (item_id, seq)
    );

    create table list_item_adjustment (
      id serial primary key,
      item_id integer not null references list_item(id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
      reason text not null,
      proposed jsonb not null,
      before jsonb not null,
      requested_by integer not null references app_user(id),
      requested_at timestamptz not null,
      decided_by integer references app_user(id),
      decided_at timestamptz,
      comment text
    );
    create unique index list_item_adjustment_one_pending on list_item_adjustment (item_id) where status = 'pending';

    create table list_item_closing (
      id serial primary key,
      item_id integer not null references list_item(id) on delete cascade,
      status text not null default 'submitted' check (status in ('submitted', 'approved', 'returned')),
      summary text not null,
      submitted_by integer not null references app_user(id),
      submitted_at timestamptz not null,
      decided_by integer references app_user(id),
      decided_at timestamptz,
      comment text
    );
    create unique index list_item_closing_one_open on list_item_closing (item_id) where status = 'submitted';

    create table list_item_evidence (
      id serial primary key,
      closing_id integer not null references list_item_closing(id) on delete cascade,
      kind text not null,
      text text not null default '',
      ref_id integer,
      label text not null default ''
    );
    create index list_item_evidence_closing on list_item_evidence (closing_id);

    create table list_item_light (
      id serial primary key,
      item_id integer not null references list_item(id) on delete cascade,
      day date not null,
      light text not null,
      expected integer not null,
      actual integer not null,
      unique (item_id, day)
    );

    create table list_item_event (
      id serial primary key,
      item_id integer not null references list_item(id) on delete cascade,
      kind text not null,
      note text not null default '',
      by_user integer references app_user(id),
      at timestamptz not null
    );
    create index list_item_event_item on list_item_event (item_id, id);

    -- 整改责任交接 (R2): a responsible person's open items handed to a named successor, explicitly.
    create table list_item_handover (
      id serial primary key,
      org_id integer not null references org(id),
      from_member_id integer references member(id),
      from_name text not null,
      to_member_id integer references member(id),
      to_name text not null,
      reason text not null,
      item_ids integer[] not null,
      by_user integer not null references app_user(id),
      at timestamptz not null
    );

    -- 督办阶梯 (R6): each step of an item's ladder, recorded once when it falls due (unique), sent
    -- through the inbox and shown on the item and to the level above.
    create table list_item_escalation (
      id serial primary key,
      item_id integer not null references list_item(id) on delete cascade,
      step text not null,
      label text not null,
      due_on date not null,
      sent_at timestamptz not null,
      recipients integer not null,
      unique (item_id, step)
    );
    create index list_item_escalation_item on list_item_escalation (item_id);
  `.execute(db);
}

export async function down(): Promise<void> {}
