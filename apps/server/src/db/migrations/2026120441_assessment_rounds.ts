import { sql, type Kysely } from 'kysely';

// 年度考核 (issue 11 items 2–4): the year's round of its published scheme.
// - assessment_round: one per year; scoring → published (appeal window) → closed.
// - assessment_unit: one row per assessed unit (the organisations right below the root), with its
//   series (the unit's type), its self-assessment state, the computed indicators as of the
//   round's date (`computed`: key → score and sentence, small, read by the ranking; `events`: the
//   records behind each, read by a unit's sheet only), the 一票否决 items the committee found, and
//   at closing the fixed total, grade and rank and the discipline cases counted (AS-9 reads them
//   in later years).
// - assessment_score: a manual indicator's score per unit and kind: the unit's own (self), the
//   scoring department's (department), and an upheld appeal's (appeal), which overrides either.
// - assessment_score_change: every change of a department or appeal score (the history).
// - assessment_deduction_event: the events a deduction indicator's table counts, recorded by the
//   scoring department (those the system finds are in `events`).
// - assessment_appeal: one open appeal per unit and indicator at a time.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table assessment_round (
      id serial primary key,
      year integer not null unique check (year between 2000 and 2100),
      scheme_id integer not null references assessment_scheme(id),
      status text not null default 'scoring' check (status in ('scoring', 'published', 'closed')),
      as_of date not null,
      computed_at timestamptz not null,
      appeal_days integer not null check (appeal_days between 1 and 30),
      explain_bottom integer not null check (explain_bottom between 0 and 10),
      appeal_until date,
      opened_by integer references app_user(id),
      opened_at timestamptz not null,
      published_by integer references app_user(id),
      published_at timestamptz,
      closed_by integer references app_user(id),
      closed_at timestamptz,
      check ((status = 'scoring') = (published_at is null)),
      check ((status = 'closed') = (closed_at is not null))
    );
    create table assessment_unit (
      round_id integer not null references assessment_round(id) on delete cascade,
      org_id integer not null references org(id),
      series text not null check (series in ('organ', 'institution', 'soe', 'social_org')),
      status text not null default 'self_assessing' check (status in ('self_assessing', 'submitted', 'reviewed')),
      self_note text not null default '',
      submitted_by integer references app_user(id),
      submitted_at timestamptz,
      reviewed_by integer references app_user(id),
      reviewed_at timestamptz,
      return_reason text,
      computed jsonb not null default '{}',
      events jsonb not null default '{}',
      vetoes jsonb not null default '[]',
      counted_cases text[] not null default '{}',
      final_total numeric(7,2),
      final_grade text,
      final_rank integer,
      explanation_item_id integer references list_item(id),
      primary key (round_id, org_id)
    );
    create index assessment_unit_by_org on assessment_unit (org_id);
    create table assessment_score (
      round_id integer not null references assessment_round(id) on delete cascade,
      org_id integer not null references org(id),
      indicator_key text not null,
      kind text not null check (kind in ('self', 'department', 'appeal')),
      score numeric(7,2) not null check (score >= 0),
      note text not null default '',
      evidence text not null default '',
      scored_by integer references app_user(id),
      scored_at timestamptz not null,
      primary key (round_id, org_id, indicator_key, kind)
    );
    create table assessment_appeal (
      id serial primary key,
      round_id integer not null references assessment_round(id) on delete cascade,
      org_id integer not null references org(id),
      indicator_key text not null,
      reason text not null,
      status text not null default 'open' check (status in ('open', 'upheld', 'rejected')),
      score_before numeric(7,2),
      new_score numeric(7,2),
      answer text,
      filed_by integer references app_user(id),
      filed_at timestamptz not null,
      answered_by integer references app_user(id),
      answered_at timestamptz,
      check ((status = 'open') = (answered_at is null)),
      check ((status = 'upheld') = (new_score is not null))
    );
    create unique index assessment_appeal_one_open on assessment_appeal (round_id, org_id, indicator_key) where status = 'open';
    create table assessment_score_change (
      id serial primary key,
      round_id integer not null references assessment_round(id) on delete cascade,
      org_id integer not null references org(id),
      indicator_key text not null,
      kind text not null,
      from_score numeric(7,2),
      to_score numeric(7,2) not null,
      reason text not null,
      appeal_id integer references assessment_appeal(id),
      changed_by integer references app_user(id),
      changed_at timestamptz not null
    );
    create index assessment_score_change_by_unit on assessment_score_change (round_id, org_id);
    create table assessment_deduction_event (
      id serial primary key,
      round_id integer not null references assessment_round(id) on delete cascade,
      org_id integer not null references org(id),
      indicator_key text not null,
      event text not null,
      occurred_on date not null,
      count integer not null check (count between 1 and 100),
      note text not null,
      recorded_by integer references app_user(id),
      recorded_at timestamptz not null
    );
    create index assessment_deduction_event_by_round on assessment_deduction_event (round_id, org_id);
  `.execute(db);
}

export async function down(): Promise<void> {}
