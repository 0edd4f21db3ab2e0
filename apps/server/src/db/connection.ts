import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { changePlugin, pgliteChangeFeed, postgresChangeFeed, type ChangeFeed } from './change-feed.ts';
import { migrationProvider } from './migrations/index.ts';
import { preparingPool } from './prepared-statements.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { lockDataDir } from './pglite-lock.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export type Database = {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Present on the embedded database: used by backup and maintenance. */
  pglite?: PGlite;
  /** Changes to cached data (sessions, organisation paths), from this and every other process. */
  changes: ChangeFeed;
  /**
   * PostgreSQL only: a small pool of its own for hot read-only pages (the live contest leaderboard),
   * so they never queue behind writers holding the main pool's connections while they wait on the
   * audit chain's lock. Absent on PGlite (one connection: the reads use `db`).
   */
  readDb?: Kysely<DB>;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | { url: string }
  | { dataDir?: string; loadDataDir?: Blob };

// Dates stay 'YYYY-MM-DD' strings (no time-zone shifts); counts come back as numbers.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
pg.types.setTypeParser(DATE_OID, (v) => v);
pg.types.setTypeParser(INT8_OID, (v) => Number(v));
pg.types.setTypeParser(NUMERIC_OID, (v) => Number(v));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('url' in options) {
    const pool = new pg.Pool({ connectionString: options.url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    // A server restart or an administrator ends connections: an 'error' event without a listener
    // would crash the process. The pool replaces the lost connection; we only log it. Each client
    // keeps its own listener too, since one that is closing has already left the pool's care.
    const logLost = (e: Error) => console.error(`数据库连接中断：${e.message}`);
    pool.on('error', logLost);
    pool.on('connect', (client) => client.on('error', logLost));
    const changes = postgresChangeFeed(options.url);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), plugins: [changePlugin(changes)] });
    const readPool = new pg.Pool({ connectionString: options.url, max: Number(process.env.DB_READ_POOL_SIZE ?? 3) });
    readPool.on('error', logLost);
    readPool.on('connect', (client) => client.on('error', logLost));
    const readDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(readPool) }) });
    return { db, readDb, kind: 'postgres', changes, close: () => closeAll(changes, db).finally(() => readDb.destroy()) };
  }
  // A data directory on disk belongs to one process at a time (pglite-lock.ts); in memory, no lock.
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      relaxedDurability: false,
      parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => Number(v) },
    });
  } catch (e) {
    unlock();
    throw e;
  }
  const changes = pgliteChangeFeed(pglite);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [changePlugin(changes)] });
  return { db, kind: 'pglite', pglite, changes, close: () => closeAll(changes, db, unlock) };
}

async function closeAll(changes: ChangeFeed, db: Kysely<DB>, unlock = () => {}) {
  try {
    await changes.close();
    await db.destroy();
  } finally {
    unlock();
  }
}

export async function migrateToLatest(db: Kysely<DB>): Promise<void> {
  if (!(await migrationsPending(db))) return;
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`数据库迁移失败：${failed?.migrationName ?? ''} ${String(error)}`);
  }
}

/**
 * Whether the Migrator has anything to do. On a restart it has not, but its own checks introspect
 * every column of every table, several times: about a second of each restart on PGlite. Any
 * difference between the code's migrations and the recorded ones (pending, or unknown to this
 * code) goes to the Migrator, which applies them or reports the mismatch.
 */
async function migrationsPending(db: Kysely<DB>): Promise<boolean> {
  const table = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db);
  if (!table.rows[0]?.t) return true;
  const done = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name);
  const all = Object.keys(await migrationProvider.getMigrations());
  return done.length !== all.length || all.some((name) => !done.includes(name));
}
