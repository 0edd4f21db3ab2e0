import { sql, type Kysely } from 'kysely';

// 考试, slice 2: papers (试卷). A fixed paper lists its questions with a score each
// (exam_paper_question, in order); a random paper keeps its draw rules (jsonb: type, difficulty,
// tag, count, score) and is drawn per person from its organisation's bank when an attempt starts
// (EX-4). Scores are whole points. 删除 archives, as for questions.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table exam_paper (
      id serial primary key,
      org_id integer not null references org(id),
      title text not null,
      kind text not null check (kind in ('fixed', 'random')),
      rules jsonb not null default '[]',
      partial_credit text not null default 'none' check (partial_credit in ('none', 'half')),
      total_score integer not null check (total_score > 0),
      archived_at timestamptz,
      created_by integer references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index exam_paper_org on exam_paper (org_id) where archived_at is null;

    create table exam_paper_question (
      paper_id integer not null references exam_paper(id),
      question_id integer not null references exam_question(id),
      position integer not null,
      score integer not null check (score > 0),
      primary key (paper_id, question_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {}
