import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * For tests: list_stats (kept by the triggers) against a recount of list_item, its claimed milestones and pending adjustments, as rows that differ.
 * Empty when the trigger kept every count.
 */
export async function statsDrift(db: Kysely<DB>) {
  const r = await sql<{ org_id: number; year: number }>`
    with recount as (
      select org_id, year, count(*)::int as items,
        (count(*) filter (where status = 'closed'))::int as closed,
        (count(*) filter (where status <> 'closed' and light = 'red'))::int as red,
        (count(*) filter (where status <> 'closed' and light = 'yellow'))::int as yellow,
        (count(*) filter (where status <> 'closed' and light = 'blue'))::int as blue,
        (count(*) filter (where status <> 'closed' and progress_state = 'overdue'))::int as overdue,
        (count(*) filter (where source = 'inspection'))::int as findings,
        (count(*) filter (where source = 'inspection' and status = 'closed'))::int as rectified,
        (count(*) filter (where status = 'closing'))::int
          + coalesce(sum((select count(*) from list_item_milestone m where m.item_id = list_item.id and m.status = 'claimed')), 0)::int
          + coalesce(sum((select count(*) from list_item_adjustment a where a.item_id = list_item.id and a.status = 'pending')), 0)::int as pending
      from list_item group by org_id, year)
    select coalesce(r.org_id, s.org_id) as org_id, coalesce(r.year, s.year) as year
    from recount r full join (select * from list_stats where items <> 0) s on s.org_id = r.org_id and s.year = r.year
    where r is null or s is null or (r.items, r.closed, r.red, r.yellow, r.blue, r.overdue, r.findings, r.rectified, r.pending)
      is distinct from (s.items, s.closed, s.red, s.yellow, s.blue, s.overdue, s.findings, s.rectified, s.pending)`.execute(db);
  return r.rows;
}
