import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { Ctx, RequestContext } from '../../access/actor.ts';
import { finishImportJob, startImportJob, yieldBetweenChunks } from '../../db/import-jobs.ts';
import { audit } from '../audit/index.ts';
import { conflict } from '../../http/errors.ts';
import * as repo from './orgs.repository.ts';

/**
 * Writing a checked organisation-tree import, all or nothing, without stopping everybody else —
 * the roster import's pattern (members/member-import-writer.ts): on PostgreSQL one transaction;
 * on PGlite chunks of CHUNK rows, each its own transaction, journaled in `import_job_org` (the
 * organisation created, or its row before an update) and played back if a chunk fails or the
 * server stops mid-import.
 */

const CHUNK = 100;

/** Writes one row inside the given transaction; returns the organisation it created or updated and whether it created it. */
export type WriteRow = (trx: Kysely<DB>, index: number) => Promise<{ orgId: number; created: boolean; before: repo.OrgRecord | null }>;

let importing = false;

export async function writeTree(deps: AppDeps, ctx: RequestContext, jobId: string, rows: number, write: WriteRow) {
  // One tree import at a time in this process: a second would be checked against a tree the first is changing.
  if (importing) throw conflict('另一个党组织导入正在进行，请稍后再试');
  importing = true;
  try {
    await writeTreeJob(deps, ctx, jobId, rows, write);
  } finally {
    importing = false;
  }
}

async function writeTreeJob(deps: AppDeps, ctx: RequestContext, jobId: string, rows: number, write: WriteRow) {
  await startImportJob(deps.db, { id: jobId, kind: 'org_tree', userId: ctx.actor.userId, rows, now: ctx.now });
  try {
    if (deps.dbKind === 'pglite') await writeInChunks(deps, ctx, jobId, rows, write);
    else {
      await deps.db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows; i++) await write(trx, i);
        await finishImportJob(trx, jobId, 'done', ctx.now);
      });
    }
  } catch (e) {
    await revertTreeImport(deps.db, ctx, jobId, 'failed', e instanceof Error ? e.message.slice(0, 500) : String(e));
    throw e;
  }
}

async function writeInChunks(deps: AppDeps, ctx: RequestContext, jobId: string, rows: number, write: WriteRow) {
  for (let start = 0; start < rows; start += CHUNK) {
    await deps.db.transaction().execute(async (trx) => {
      for (let i = start; i < Math.min(start + CHUNK, rows); i++) {
        const done = await write(trx, i);
        await trx.insertInto('import_job_org').values({ job_id: jobId, org_id: done.orgId, seq: i, before: done.created ? null : JSON.stringify(done.before) }).onConflict((oc) => oc.columns(['job_id', 'org_id']).doNothing()).execute();
      }
    });
    await yieldBetweenChunks();
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('import_job_org').where('job_id', '=', jobId).execute();
    await finishImportJob(trx, jobId, 'done', ctx.now);
  });
}

const TREE_COLUMNS = ['name', 'type', 'unit_id', 'founded_on', 'go_live_on', 'term_start', 'term_end', 'contact', 'contact_phone'] as const;

/**
 * Plays a tree import's journal back: organisations it created are removed (the latest first, so
 * children go before their parents), organisations it updated get their earlier columns back.
 */
export async function revertTreeImport(db: Kysely<DB>, ctx: Ctx, jobId: string, status: 'failed' | 'interrupted', reason: string) {
  const journal = await db.selectFrom('import_job_org').select(['org_id', 'before']).where('job_id', '=', jobId).orderBy('seq', 'desc').execute();
  await db.transaction().execute(async (trx) => {
    for (const j of journal) {
      if (j.before === null) await trx.deleteFrom('org').where('id', '=', j.org_id).execute();
      else {
        const before = j.before as Record<string, unknown>;
        await trx.updateTable('org').set(Object.fromEntries(TREE_COLUMNS.map((c) => [c, before[c] ?? null])) as never).where('id', '=', j.org_id).execute();
      }
    }
    await trx.deleteFrom('import_job_org').where('job_id', '=', jobId).execute();
    await finishImportJob(trx, jobId, status, ctx.now, reason);
    await audit(trx, ctx, {
      action: status === 'interrupted' ? 'org.import_interrupted' : 'org.import_failed',
      entityType: 'import',
      entityId: jobId,
      after: { reason, removedOrgs: journal.filter((j) => j.before === null).length, restoredOrgs: journal.filter((j) => j.before !== null).length },
    });
  });
}
