import { sql, type Kysely } from 'kysely';

// The member list sorts by name (and pages through it) for the whole city: an index on
// (name, id) serves the ORDER BY … LIMIT without sorting 60,000 rows per request.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index member_name_id on member (name, id);
    drop index if exists member_name;
    create index member_join_date on member (join_date, id);
  `.execute(db);
}

export async function down(): Promise<void> {}
