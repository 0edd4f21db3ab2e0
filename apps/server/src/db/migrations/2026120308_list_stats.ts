import { sql, type Kysely } from 'kysely';

// The committee's overview at city scale (issue 10's benchmark: 186,000 items, p99 < 200 ms at 10
// connections). Counting the items per request took ~350 ms even as a bare SQL floor, so the counts
// per organisation and year are kept in list_stats by a trigger on list_item: each inserted, changed
// or deleted row takes its old contribution away and adds its new one, in the writer's
// transaction — the counts are never stale and never drift (a test recounts them). The trigger
// fires only when a counted column changes (the daily re-assessment rewrites every row's light but
// changes few). Waiting-for-review counts stay a query: they live in other tables and are few.
const CONTRIBUTION = (r: 'new' | 'old', sign: string) => `
    (${r}.org_id, ${r}.year, ${sign}1,
     ${sign}(${r}.status = 'closed')::int,
     ${sign}(${r}.status <> 'closed' and ${r}.light = 'red')::int,
     ${sign}(${r}.status <> 'closed' and ${r}.light = 'yellow')::int,
     ${sign}(${r}.status <> 'closed' and ${r}.light = 'blue')::int,
     ${sign}(${r}.status <> 'closed' and ${r}.progress_state = 'overdue')::int,
     ${sign}(${r}.source = 'inspection')::int,
     ${sign}(${r}.source = 'inspection' and ${r}.status = 'closed')::int)`;

const UPSERT = (r: 'new' | 'old', sign: string) => `
    insert into list_stats as s (org_id, year, items, closed, red, yellow, blue, overdue, findings, rectified)
    values ${CONTRIBUTION(r, sign)}
    on conflict (org_id, year) do update set
      items = s.items + excluded.items, closed = s.closed + excluded.closed, red = s.red + excluded.red,
      yellow = s.yellow + excluded.yellow, blue = s.blue + excluded.blue, overdue = s.overdue + excluded.overdue,
      findings = s.findings + excluded.findings, rectified = s.rectified + excluded.rectified;`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table list_stats (
      org_id integer not null references org(id),
      year integer not null,
      items integer not null default 0,
      closed integer not null default 0,
      red integer not null default 0,
      yellow integer not null default 0,
      blue integer not null default 0,
      overdue integer not null default 0,
      findings integer not null default 0,
      rectified integer not null default 0,
      primary key (org_id, year)
    );
    insert into list_stats (org_id, year, items, closed, red, yellow, blue, overdue, findings, rectified)
    select org_id, year, count(*),
      count(*) filter (where status = 'closed'),
      count(*) filter (where status <> 'closed' and light = 'red'),
      count(*) filter (where status <> 'closed' and light = 'yellow'),
      count(*) filter (where status <> 'closed' and light = 'blue'),
      count(*) filter (where status <> 'closed' and progress_state = 'overdue'),
      count(*) filter (where source = 'inspection'),
      count(*) filter (where source = 'inspection' and status = 'closed')
    from list_item group by org_id, year;
  `.execute(db);
  await sql
    .raw(
      `create function list_stats_apply() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then ${UPSERT('old', '-')} end if;
        if tg_op in ('INSERT', 'UPDATE') then ${UPSERT('new', '')} end if;
        return null;
      end $$;
      create trigger list_item_stats_insert_delete after insert or delete on list_item
        for each row execute function list_stats_apply();
      create trigger list_item_stats_update after update on list_item
        for each row when (old.org_id is distinct from new.org_id or old.year is distinct from new.year
          or old.status is distinct from new.status or old.light is distinct from new.light
          or old.progress_state is distinct from new.progress_state or old.source is distinct from new.source)
        execute function list_stats_apply();`,
    )
    .execute(db);
}

export async function down(): Promise<void> {}
