import { sql, type Kysely } from 'kysely';

// 补录 (history import, issue 9): past activities brought in from Excel. One activity_import row per
// file written (who, when, which file); each record it created points to it (activity.import_id) —
// that pointer is the 补录 mark the ledger and the pages show. import_key (day | title) keeps a
// re-imported file from counting a meeting twice: unique per organisation, so of two imports of
// the same file at once one fails whole.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table activity_import (
      id serial primary key,
      file_name text not null,
      imported_by integer not null references app_user(id),
      imported_at timestamptz not null,
      rows integer not null,
      created integer not null,
      skipped integer not null
    );
    alter table activity add column import_id integer references activity_import(id);
    alter table activity add column import_key text;
    create unique index activity_import_key on activity (org_id, import_key) where import_key is not null;
    create index activity_by_import on activity (import_id) where import_id is not null;
  `.execute(db);
}

export async function down(): Promise<void> {}
