import { sql, type Kysely } from 'kysely';

// 考试, 阅卷 (EX-17 … EX-19): a short answer's mark keeps its marker, when, and the marker's comment;
// the results page reads an exam's attempts by exam and member.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table exam_attempt_question add column mark_comment text;
    alter table exam_attempt_question add column marked_by integer references app_user(id);
    alter table exam_attempt_question add column marked_at timestamptz;
    create index exam_attempt_exam_member on exam_attempt (exam_id, member_id);
    create index exam_attempt_pending on exam_attempt (exam_id) where pending_marking;
  `.execute(db);
}

export async function down(): Promise<void> {}
