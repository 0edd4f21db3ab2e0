import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

// Raw SQL: these reads also run on databases an older version migrated (a backup taken before an
// upgrade, a restore), where the fingerprint table — or any table — may not exist yet.

async function tableExists(db: Kysely<DB>, table: string): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(db);
  return rows[0]?.t != null;
}

/** The recorded fingerprint, or null (none recorded, or the table is not there yet). */
export async function readFingerprint(db: Kysely<DB>): Promise<string | null> {
  if (!(await tableExists(db, 'master_key_fingerprint'))) return null;
  const { rows } = await sql<{ fingerprint: string }>`select fingerprint from master_key_fingerprint`.execute(db);
  return rows[0]?.fingerprint ?? null;
}

/**
 * Records the fingerprint unless one is there already (another process may race us on a new
 * database). Returns the one recorded and whether this call wrote it.
 */
export async function recordFingerprint(db: Kysely<DB>, fingerprint: string, at: Date): Promise<{ fingerprint: string; inserted: boolean }> {
  const { rows } = await sql<{ fingerprint: string }>`
    insert into master_key_fingerprint (fingerprint, recorded_at) values (${fingerprint}, ${at})
    on conflict (id) do nothing returning fingerprint`.execute(db);
  return rows[0] ? { fingerprint, inserted: true } : { fingerprint: (await readFingerprint(db))!, inserted: false };
}

/** Whether the database holds anything the platform wrote: an organisation, an account or a member. */
export async function holdsData(db: Kysely<DB>): Promise<boolean> {
  for (const table of ['org', 'app_user', 'member']) {
    if (!(await tableExists(db, table))) continue;
    const { rows } = await sql<{ any: boolean }>`select exists (select from ${sql.table(table)}) as any`.execute(db);
    if (rows[0]?.any) return true;
  }
  return false;
}

/** One encrypted value (the first member's ID number), to try a key on; null without members. */
export async function sampleEncryptedValue(db: Kysely<DB>): Promise<{ memberId: number; value: string } | null> {
  if (!(await tableExists(db, 'member'))) return null;
  const { rows } = await sql<{ id: number; id_number_enc: string }>`select id, id_number_enc from member order by id limit 1`.execute(db);
  return rows[0] ? { memberId: rows[0].id, value: rows[0].id_number_enc } : null;
}
