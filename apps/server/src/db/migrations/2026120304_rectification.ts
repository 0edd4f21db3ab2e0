import { sql, type Kysely } from 'kysely';

// 督查发现 → 整改 (issue 10): a finding of an inspection is a list item of the 问题清单 (source
// 'inspection'), so it has the engine's deadline, light, escalation, 销号 and reopening. It adds
// the ledger's columns (问题归类, severity, 主要负责人; 分管领导 is leader_name), 立行立改, and the
// last verification's conclusion (outcome). Measures (整改措施) each have an owner, a deadline and
// a status. A closing of a rectification is verified with a conclusion and the panel's names.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table list_item add column inspection_id integer references inspection(id);
    alter table list_item add column finding_class text not null default '';
    alter table list_item add column severity text;
    alter table list_item add column principal_name text not null default '';
    alter table list_item add column immediate boolean not null default false;
    alter table list_item add column outcome text check (outcome in ('rectified', 'basically', 'unfinished'));
    create index list_item_by_inspection on list_item (inspection_id, org_id) where inspection_id is not null;

    create table list_item_measure (
      id serial primary key,
      item_id integer not null references list_item(id) on delete cascade,
      seq integer not null,
      content text not null,
      owner_name text not null,
      deadline date not null,
      status text not null default 'open' check (status in ('open', 'done')),
      done_note text,
      done_at timestamptz,
      done_by integer references app_user(id)
    );
    create index list_item_measure_item on list_item_measure (item_id, seq);

    alter table list_item_closing add column outcome text check (outcome in ('rectified', 'basically', 'unfinished'));
    alter table list_item_closing add column verifiers text[] not null default '{}';
  `.execute(db);
}

export async function down(): Promise<void> {}
