import { sql, type Kysely } from 'kysely';

// Roster imports as jobs: an import that fails or is cut off by a stopped server leaves its
// record (and an audit entry), and on the embedded database — where an import is written in
// chunks so other users are not stopped for its whole duration — a journal of what each chunk
// changed, played back to undo a failed or interrupted import (member-import-writer.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table import_job (
      id uuid primary key,
      kind text not null,
      user_id int references app_user(id),
      status text not null check (status in ('running', 'done', 'failed', 'interrupted')),
      rows int not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      error text
    );
    create index import_job_running on import_job (status) where status = 'running';

    create table import_job_member (
      job_id uuid not null references import_job(id) on delete cascade,
      member_id int not null,
      -- the member's row before the import updated it; null when the import created the member
      before jsonb,
      primary key (job_id, member_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {}
