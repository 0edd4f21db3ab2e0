import { sql, type Kysely } from 'kysely';

// Someone outside a meeting's expected list who scans its sign-in code is recorded as pending:
// the secretary confirms (列席) or rejects the sign-in, and the record cannot be submitted while
// any is pending. A code scanned by a stranger no longer adds an attendee on its own.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table activity_attendance add column pending boolean not null default false`.execute(db);
}

export async function down(): Promise<void> {}
