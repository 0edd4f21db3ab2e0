import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * The bookkeeping of Excel imports (`import_job`): a row when the writing starts, its end state,
 * and the jobs a stopped server left running. What each kind of import journals and how it is
 * undone belongs to its feature (members: member-import-writer.ts, orgs: org-import-writer.ts);
 * features/system/import-recovery.ts plays them back at start.
 */
export type ImportKind = 'member_roster' | 'org_tree';
export type ImportEnd = 'done' | 'failed' | 'interrupted';

export async function startImportJob(db: Kysely<DB>, job: { id: string; kind: ImportKind; userId: number; rows: number; now: Date }) {
  await db.insertInto('import_job').values({ id: job.id, kind: job.kind, user_id: job.userId, status: 'running', rows: job.rows, started_at: job.now }).execute();
}

export async function finishImportJob(db: Kysely<DB>, id: string, status: ImportEnd, now: Date, error?: string) {
  await db.updateTable('import_job').set({ status, finished_at: now, error: error ?? null }).where('id', '=', id).execute();
}

export function runningImportJobs(db: Kysely<DB>) {
  return db.selectFrom('import_job').select(['id', 'kind', 'started_at']).where('status', '=', 'running').execute();
}

/** Hands the event loop to the requests queued behind a chunk before the next one starts. */
export const yieldBetweenChunks = () => new Promise((resolve) => setImmediate(resolve));
