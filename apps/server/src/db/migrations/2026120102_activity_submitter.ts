import { sql, type Kysely } from 'kysely';

// NK-1 (docs/RULES.md): whoever recorded or submitted a record does not approve it, so the
// record keeps who submitted it. Existing records take it from their last submit in the history.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table activity add column submitted_by int references app_user(id);
    update activity a set submitted_by = r.actor_user_id
      from (select distinct on (activity_id) activity_id, actor_user_id
              from activity_review where action = 'submit' order by activity_id, at desc, id desc) r
      where r.activity_id = a.id;
  `.execute(db);
}

export async function down(): Promise<void> {}
