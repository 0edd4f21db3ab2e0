import { sql, type Kysely } from 'kysely';

// 入学必测、结业必考 (seed 000; issue 12 item 5, TR-8): a training class names its entry test and its
// final exam — exams of purpose training_entry / training_final of the class's organisation. An exam
// serves one class only (the unique indexes), so its candidates are that class's trainees.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table training_class add column entry_exam_id integer references exam(id);
    alter table training_class add column final_exam_id integer references exam(id);
    create unique index training_class_entry_exam on training_class (entry_exam_id) where entry_exam_id is not null;
    create unique index training_class_final_exam on training_class (final_exam_id) where final_exam_id is not null;
  `.execute(db);
}
