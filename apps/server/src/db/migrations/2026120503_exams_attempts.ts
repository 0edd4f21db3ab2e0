import { sql, type Kysely } from 'kysely';

// 考试, slice 3: exams (考试) — a paper set for an organisation's subtree inside a window, with a
// time limit, N attempts (the best or the last counting), a pass mark, shuffle flags, focus-loss
// strikes and a review policy; draft → published → closed, or cancelled.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table exam (
      id serial primary key,
      org_id integer not null references org(id),
      paper_id integer not null references exam_paper(id),
      title text not null,
      purpose text not null default 'exam' check (purpose in ('exam', 'training_entry', 'training_final', 'contest')),
      status text not null default 'draft' check (status in ('draft', 'published', 'closed', 'cancelled')),
      opens_at timestamptz not null,
      closes_at timestamptz not null,
      time_limit_minutes integer not null check (time_limit_minutes >= 1),
      attempts_allowed integer not null check (attempts_allowed >= 1),
      counting text not null check (counting in ('best', 'last')),
      pass_mark integer not null check (pass_mark >= 0),
      shuffle_questions boolean not null default false,
      shuffle_options boolean not null default false,
      focus_strikes integer not null default 0 check (focus_strikes >= 0),
      review_policy text not null check (review_policy in ('never', 'after_submit', 'after_close')),
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (closes_at > opens_at)
    );
    create index exam_org on exam (org_id);

    -- 答卷: one attempt of one member; its questions are snapshots (stem, options as shown, key
    -- mapped to the shown letters), so later edits of the bank never change a paper already taken.
    create table exam_attempt (
      id serial primary key,
      exam_id integer not null references exam(id),
      member_id integer not null references member(id),
      attempt_no integer not null check (attempt_no >= 1),
      seed bigint not null,
      status text not null default 'in_progress' check (status in ('in_progress', 'submitted')),
      started_at timestamptz not null,
      deadline_at timestamptz not null,
      submitted_at timestamptz,
      score numeric(8, 1),
      pending_marking boolean not null default false,
      strikes integer not null default 0,
      forced boolean not null default false,
      timed_out boolean not null default false,
      unique (exam_id, member_id, attempt_no)
    );
    create unique index exam_attempt_open on exam_attempt (exam_id, member_id) where status = 'in_progress';

    create table exam_attempt_question (
      attempt_id integer not null references exam_attempt(id),
      position integer not null,
      question_id integer not null references exam_question(id),
      type text not null,
      stem text not null,
      options jsonb not null,
      answer jsonb not null,
      score integer not null,
      given jsonb,
      awarded numeric(8, 1),
      primary key (attempt_id, position)
    );
  `.execute(db);
}

export async function down(): Promise<void> {}
