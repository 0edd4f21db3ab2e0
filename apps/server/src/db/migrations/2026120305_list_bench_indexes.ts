import { sql, type Kysely } from 'kysely';

// Issue 10's benchmark (docs/benchmarks.md, 165,000+ items):
// - the committee's overview counts every item of the year per organisation: with the columns it
//   counts in the index, that is an index-only scan of ~12 MB instead of the 87 MB table;
// - the daily re-assessment (refreshLights, run before every overview and ledger) looks for items
//   not assessed today: without an index that was a scan of every item on each request.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index list_item_overview on list_item (year, org_id) include (status, light, progress_state, source, id);
    create index list_item_assessed on list_item (assessed_on, id);
  `.execute(db);
}

export async function down(): Promise<void> {}
