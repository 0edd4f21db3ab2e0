import { sql, type Kysely } from 'kysely';

// The organisation-tree import on the embedded database is written in chunks too (like the roster,
// 2026120104): what each chunk changed — an organisation created, or its row before an update —
// so that a failed or interrupted import is undone (org-import-writer.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table import_job_org (
      job_id uuid not null references import_job(id) on delete cascade,
      org_id int not null,
      seq int not null,
      before jsonb,
      primary key (job_id, org_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {}
