import { sql, type Kysely } from 'kysely';

// 积分排名 (issue 12 item 7, PT-13): the ledger stays computed from the records (PT-4); a ranking of a
// city of 60,000 needs every member's total at once, so each member's year total is kept here as a
// derived snapshot with the time it was computed. 重新统计 recomputes it from the records; the
// ranking names that time, and a member's own ledger is always computed live.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table point_total (
      year integer not null,
      member_id integer not null references member(id),
      base_points integer not null,
      additions integer not null,
      deductions integer not null,
      total integer not null,
      computed_at timestamptz not null,
      primary key (year, member_id)
    );
    create index point_total_rank on point_total (year, total desc, member_id);
  `.execute(db);
}
