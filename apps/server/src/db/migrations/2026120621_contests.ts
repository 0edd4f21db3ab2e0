import { sql, type Kysely } from 'kysely';

// 知识竞赛 (contests, RULES §9.13): a contest wraps one exam (purpose 'contest') whose attempts are
// the contest's; contest_attempt adds the Beijing day, the daily sequence (unique: the daily limit
// holds even if the advisory lock were bypassed), the answering time and the speed flag;
// contest_member is each participant's best counted attempt, kept on submit and on flag review in
// the same transaction, indexed in ranking order (the live leaderboard reads it, never the
// attempts); contest_org is the roster per organisation taken at publication (the denominator of
// the participation rate); contest_practice records the practice answers.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table contest (
      id serial primary key,
      org_id integer not null references org(id),
      exam_id integer not null unique references exam(id),
      paper_id integer not null references exam_paper(id),
      title text not null,
      status text not null default 'draft' check (status in ('draft', 'published', 'finished', 'cancelled')),
      practice_from date not null,
      practice_to date not null,
      contest_from date not null,
      contest_to date not null,
      daily_limit integer not null check (daily_limit between 1 and 10),
      time_limit_minutes integer not null check (time_limit_minutes >= 1),
      min_seconds_per_question integer not null check (min_seconds_per_question >= 0),
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (practice_to >= practice_from and contest_from > practice_to and contest_to >= contest_from)
    );
    create index contest_by_org on contest (org_id);

    create table contest_attempt (
      attempt_id integer primary key references exam_attempt(id),
      contest_id integer not null references contest(id),
      member_id integer not null references member(id),
      day date not null,
      seq integer not null check (seq >= 1),
      questions integer not null,
      score numeric(8, 1),
      duration_ms integer,
      submitted_at timestamptz,
      flag text not null default 'none' check (flag in ('none', 'flagged', 'cleared', 'confirmed')),
      flag_reason text,
      reviewed_by integer references app_user(id),
      reviewed_at timestamptz,
      unique (contest_id, member_id, day, seq)
    );
    create index contest_attempt_flag on contest_attempt (contest_id, flag);
    create index contest_attempt_member on contest_attempt (contest_id, member_id);

    create table contest_member (
      contest_id integer not null references contest(id),
      member_id integer not null references member(id),
      org_id integer not null references org(id),
      org_path text not null,
      attempts integer not null default 0,
      best_attempt_id integer references exam_attempt(id),
      best_score numeric(8, 1),
      best_ms integer,
      best_at timestamptz,
      primary key (contest_id, member_id)
    );
    create index contest_member_rank on contest_member (contest_id, best_score desc, best_ms, best_at) where best_score is not null;
    create index contest_member_path on contest_member (contest_id, org_path text_pattern_ops);

    create table contest_org (
      contest_id integer not null references contest(id),
      org_id integer not null references org(id),
      path text not null,
      members integer not null,
      primary key (contest_id, org_id)
    );
    create index contest_org_path on contest_org (contest_id, path text_pattern_ops);

    create table contest_practice (
      id serial primary key,
      contest_id integer not null references contest(id),
      member_id integer not null references member(id),
      question_id integer not null references exam_question(id),
      correct boolean not null,
      answered_at timestamptz not null
    );
    create index contest_practice_member on contest_practice (contest_id, member_id);
  `.execute(db);
}

export async function down(): Promise<void> {}
