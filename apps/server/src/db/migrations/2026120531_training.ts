import { sql, type Kysely } from 'kysely';

// 培训班 (issue 12 item 5, 「十百千万学习培训计划」, seed 000): a class kept by an organisation, its
// trainees (members of the organiser's subtree), its sessions (courses with a lecturer and 学时) with
// attendance, one course evaluation per trainee (unique), and the certificates issued at 结业 to the
// trainees who met the class's requirements. The committee's yearly targets of the four plan lines
// sit in training_plan_target. The entry test and the final exam link to exams (a later migration).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table training_class (
      id serial primary key,
      org_id integer not null references org(id),
      year integer not null,
      title text not null,
      plan_line text check (plan_line in ('secretary_school', 'member_study')),
      plan text not null default '',
      starts_on date not null,
      ends_on date not null,
      place text,
      min_attendance integer not null default 80 check (min_attendance between 0 and 100),
      evaluation_items jsonb not null,
      status text not null default 'planned' check (status in ('planned', 'in_session', 'finished', 'cancelled')),
      finished_on date,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (ends_on >= starts_on)
    );
    create index training_class_year on training_class (year, org_id);

    create table training_trainee (
      class_id integer not null references training_class(id),
      member_id integer not null references member(id),
      enrolled_at timestamptz not null,
      completed boolean,
      outcome_reason text,
      certificate_no text unique,
      primary key (class_id, member_id)
    );
    create index training_trainee_member on training_trainee (member_id);

    create table training_session (
      id serial primary key,
      class_id integer not null references training_class(id),
      title text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      held_on date not null,
      lecturer_name text not null,
      lecturer_kind text not null check (lecturer_kind in ('expert', 'secretary', 'leader', 'other')),
      lecturer_member_id integer references member(id),
      hours numeric(4,1) not null check (hours > 0 and hours <= 24),
      created_at timestamptz not null,
      check (ends_at > starts_at)
    );
    create index training_session_class on training_session (class_id, starts_at);

    create table training_attendance (
      session_id integer not null references training_session(id) on delete cascade,
      member_id integer not null references member(id),
      status text not null check (status in ('present', 'leave', 'absent')),
      primary key (session_id, member_id)
    );
    create index training_attendance_member on training_attendance (member_id);

    create table training_evaluation (
      class_id integer not null references training_class(id),
      member_id integer not null references member(id),
      ratings jsonb not null,
      comment text,
      submitted_at timestamptz not null,
      primary key (class_id, member_id)
    );

    create table training_plan_target (
      year integer not null,
      line text not null check (line in ('expert_lecture', 'secretary_lecture', 'secretary_school', 'member_study')),
      target integer not null check (target >= 0),
      updated_by integer references app_user(id),
      updated_at timestamptz not null,
      primary key (year, line)
    );
  `.execute(db);
}
