import { sql, type Kysely } from 'kysely';

// 考试 (issue 12 item 3), slice 1: the question bank (题库). A question belongs to an organisation
// (the committee's bank is the root's); it carries its type, stem, options, answer key, tags,
// difficulty and explanation. A question is never deleted once written: 删除 archives it, so a
// paper or an attempt that used it keeps its reference (attempts also keep a snapshot, EX-9).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table exam_question (
      id serial primary key,
      org_id integer not null references org(id),
      type text not null check (type in ('single', 'multiple', 'judge', 'fill', 'short')),
      stem text not null,
      options jsonb not null,
      answer jsonb not null,
      tags text[] not null default '{}',
      difficulty text not null check (difficulty in ('easy', 'medium', 'hard')),
      explanation text,
      archived_at timestamptz,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index exam_question_org on exam_question (org_id, type, difficulty) where archived_at is null;
    create index exam_question_tags on exam_question using gin (tags);
  `.execute(db);
}

export async function down(): Promise<void> {}
