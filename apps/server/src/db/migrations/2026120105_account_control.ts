import { sql, type Kysely } from 'kysely';

// Who controls an account besides its owner: the admin who created it (and so knew its initial
// password) and the admin who last set its password by a reset. NK-1 (docs/RULES.md) refuses
// an approval by either of them of a record that account recorded or submitted — otherwise one
// person could approve their own record through an account they made or reset.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table app_user add column created_by int references app_user(id);
    alter table app_user add column password_set_by int references app_user(id);
  `.execute(db);
}

export async function down(): Promise<void> {}
