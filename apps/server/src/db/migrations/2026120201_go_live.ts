import { sql, type Kysely } from 'kysely';

// 启用日期 (GO-1 in docs/RULES.md): the day from which the platform judges an organisation's work.
// The city's is the app setting 'go_live_on'; an organisation may set its own (org.go_live_on,
// null = its nearest ancestor's, else the city's). A database that already holds work keeps being
// judged from the month of its first recorded activity (else the day its first organisation was
// added below the root); an empty one starts not live until the committee sets the date.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table org add column go_live_on date;
    create index org_own_go_live on org (id) where go_live_on is not null;
    insert into app_setting (key, value)
    select 'go_live_on', to_jsonb(to_char(d, 'YYYY-MM-DD'))
    from (select coalesce(
      (select date_trunc('month', min(held_on))::date from activity),
      (select min(created_at)::date from org where parent_id is not null)
    ) as d) first_work
    where d is not null
    on conflict (key) do nothing;
  `.execute(db);
}

export async function down(): Promise<void> {}
