import { sql, type Kysely } from 'kysely';

// 学习强国 (issue 12 item 6): each import keeps its file name, the rows it matched and those it could
// not (with the reason, for the importer to fix and import again); the points are stored per member
// and month, an import replacing the months it carries for the members it matched.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table xuexi_import (
      id serial primary key,
      org_id integer not null references org(id),
      file_name text not null,
      periods text[] not null,
      rows integer not null,
      matched integer not null,
      unmatched jsonb not null,
      imported_by integer not null references app_user(id),
      imported_at timestamptz not null
    );
    create index xuexi_import_org on xuexi_import (org_id, imported_at desc);

    create table xuexi_score (
      member_id integer not null references member(id),
      period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      points integer not null check (points >= 0),
      import_id integer not null references xuexi_import(id),
      primary key (member_id, period)
    );
    create index xuexi_score_period on xuexi_score (period, member_id);
  `.execute(db);
}
