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
  `.execute(db);
}

export async function down(): Promise<void> {}
