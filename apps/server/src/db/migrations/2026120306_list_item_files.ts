import { sql, type Kysely } from 'kysely';

// 销号 evidence as files (issue 10): the lead organisation uploads documents to an item while it is
// in progress; a closing request takes some of them (closing_id), and its evidence rows name them.
// closing_id is the closing the file currently belongs to: a file of a returned closing may be taken
// again by the next request (closing_id moves on; the returned closing's evidence row still names
// it). A file that belongs to a closing is part of the record and is not deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table list_item_file (
      id serial primary key,
      item_id integer not null references list_item(id) on delete cascade,
      closing_id integer references list_item_closing(id),
      file_name text not null,
      content_type text not null,
      size integer not null,
      storage_key text not null unique,
      uploaded_by integer references app_user(id),
      created_at timestamptz not null
    );
    create index list_item_file_item on list_item_file (item_id, id);
  `.execute(db);
}

export async function down(): Promise<void> {}
