import { sql, type Kysely } from 'kysely';

// 佐证材料 of a branch's addition or deduction (PT-10) as files: uploaded by the branch while the entry
// waits for review, read by whoever reads the entry (the reviewer above included). Once decided, the
// files are part of the record and stay.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table point_entry_file (
      id serial primary key,
      entry_id integer not null references point_entry(id) on delete cascade,
      file_name text not null,
      content_type text not null,
      size integer not null,
      storage_key text not null unique,
      uploaded_by integer references app_user(id),
      created_at timestamptz not null
    );
    create index point_entry_file_entry on point_entry_file (entry_id, id);
  `.execute(db);
}
