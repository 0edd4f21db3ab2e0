import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { pruneAttempts } from '../auth/index.ts';

const EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * PGlite has no autovacuum: vacuum and analyse on a schedule so plans stay good. Expired sessions
 * sessions and stale login-failure counters are removed on both databases.
 */
export function scheduleMaintenance(database: Database): () => void {
  const run = async () => {
    try {
      await database.db.deleteFrom('session').where('last_seen_at', '<', new Date(Date.now() - 24 * 3600_000)).execute();
      await pruneAttempts(database.db, new Date());
      if (database.kind === 'pglite') await sql`vacuum analyze`.execute(database.db);
    } catch (e) {
      console.error('维护任务失败', e);
    }
  };
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
