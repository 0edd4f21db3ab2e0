import { sql, type Kysely } from 'kysely';

// CT-7's denominator as names, not only counts: the members in good standing of the contest's
// subtree at publication, each with the organisation they stood in then. A participant counts for
// that organisation's participation rate; one who joined after publication (no roster row) is
// ranked as a person but counts for no organisation's rate — so a rate never passes 100 %.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table contest_roster (
      contest_id integer not null references contest(id),
      member_id integer not null references member(id),
      org_id integer not null references org(id),
      path text not null,
      primary key (contest_id, member_id)
    );
    alter table contest_member add column in_roster boolean not null default true;
  `.execute(db);
  // Contests published before this migration: their roster is taken from today's members (the
  // closest record there is), and their participants are matched against it.
  await sql`
    insert into contest_roster (contest_id, member_id, org_id, path)
    select c.id, m.id, o.id, o.path
    from contest c
    join org root on root.id = c.org_id
    join org o on left(o.path, length(root.path)) = root.path
    join member m on m.org_id = o.id and m.status = 'normal'
    where c.status <> 'draft';
    update contest_member cm set in_roster = exists (select 1 from contest_roster r where r.contest_id = cm.contest_id and r.member_id = cm.member_id);
  `.execute(db);
}
