import { sql, type Kysely } from 'kysely';

/**
 * Runs `body` with a fault injected into the database: from the `nth` insert into `table` on,
 * the insert raises `message` (as a full disk or a broken connection would fail a write). The
 * trigger is removed afterwards whatever happens. For tests of all-or-nothing writes.
 */
export async function withInsertFault<T>(db: Kysely<any>, table: 'member' | 'org', nth: number, message: string, body: () => Promise<T>): Promise<T> {
  await sql`create table injected_fault (n int)`.execute(db);
  await sql`insert into injected_fault values (0)`.execute(db);
  await sql.raw(`create function injected_fault() returns trigger language plpgsql as $$
    begin
      update injected_fault set n = n + 1;
      if (select n from injected_fault) >= ${Number(nth)} then raise exception '${message.replace(/'/g, "''")}'; end if;
      return new;
    end $$`).execute(db);
  await sql.raw(`create trigger injected_fault before insert on ${table} for each row execute function injected_fault()`).execute(db);
  try {
    return await body();
  } finally {
    await sql.raw(`drop trigger injected_fault on ${table}`).execute(db);
    await sql`drop function injected_fault()`.execute(db);
    await sql`drop table injected_fault`.execute(db);
  }
}
