import { sql, type Kysely } from 'kysely';

// The overview's last count off list_stats: "waiting for a decision of the level above" (待审), so
// a city-wide overview reads only the kept counts (issue 10's benchmark: p99 < 200 ms at 10
// connections). A decision waits when a milestone is claimed, an adjustment is pending or a
// closing is submitted (the item's status 'closing'); each counts once, as a decision to make.
// - list_item's trigger (migration 2026120308) now also counts status = 'closing';
// - milestones and adjustments get a trigger of their own that adds or takes away one for their
//   item's organisation and year (an item's organisation and year never change, and items are
//   never deleted).
const CONTRIBUTION = (r: 'new' | 'old', sign: string) => `
    (${r}.org_id, ${r}.year, ${sign}1,
     ${sign}(${r}.status = 'closed')::int,
     ${sign}(${r}.status <> 'closed' and ${r}.light = 'red')::int,
     ${sign}(${r}.status <> 'closed' and ${r}.light = 'yellow')::int,
     ${sign}(${r}.status <> 'closed' and ${r}.light = 'blue')::int,
     ${sign}(${r}.status <> 'closed' and ${r}.progress_state = 'overdue')::int,
     ${sign}(${r}.source = 'inspection')::int,
     ${sign}(${r}.source = 'inspection' and ${r}.status = 'closed')::int,
     ${sign}(${r}.status = 'closing')::int)`;

const UPSERT = (r: 'new' | 'old', sign: string) => `
    insert into list_stats as s (org_id, year, items, closed, red, yellow, blue, overdue, findings, rectified, pending)
    values ${CONTRIBUTION(r, sign)}
    on conflict (org_id, year) do update set
      items = s.items + excluded.items, closed = s.closed + excluded.closed, red = s.red + excluded.red,
      yellow = s.yellow + excluded.yellow, blue = s.blue + excluded.blue, overdue = s.overdue + excluded.overdue,
      findings = s.findings + excluded.findings, rectified = s.rectified + excluded.rectified,
      pending = s.pending + excluded.pending;`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table list_stats add column pending integer not null default 0;
    update list_stats s set pending = w.n
    from (
      select i.org_id, i.year, count(*)::int as n
      from (
        select item_id from list_item_milestone where status = 'claimed'
        union all select item_id from list_item_adjustment where status = 'pending'
        union all select id from list_item where status = 'closing'
      ) w join list_item i on i.id = w.item_id
      group by i.org_id, i.year
    ) w
    where s.org_id = w.org_id and s.year = w.year;
  `.execute(db);
  await sql
    .raw(
      `create or replace function list_stats_apply() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then ${UPSERT('old', '-')} end if;
        if tg_op in ('INSERT', 'UPDATE') then ${UPSERT('new', '')} end if;
        return null;
      end $$;
      -- tg_argv[0]: the status in which a row of this table waits for the level above.
      create function list_stats_waiting() returns trigger language plpgsql as $$
      declare
        was int := case when tg_op in ('UPDATE', 'DELETE') and old.status = tg_argv[0] then 1 else 0 end;
        now_ int := case when tg_op in ('INSERT', 'UPDATE') and new.status = tg_argv[0] then 1 else 0 end;
        item int := case when tg_op = 'DELETE' then old.item_id else new.item_id end;
      begin
        if now_ <> was then
          update list_stats s set pending = s.pending + now_ - was
          from list_item i where i.id = item and s.org_id = i.org_id and s.year = i.year;
        end if;
        return null;
      end $$;
      create trigger list_item_milestone_waiting after insert or update of status or delete on list_item_milestone
        for each row execute function list_stats_waiting('claimed');
      create trigger list_item_adjustment_waiting after insert or update of status or delete on list_item_adjustment
        for each row execute function list_stats_waiting('pending');`,
    )
    .execute(db);
}

export async function down(): Promise<void> {}
