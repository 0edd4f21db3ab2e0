import { sql, type Kysely } from 'kysely';
import { conflict } from '../../http/errors.ts';
import { finishImportJob, startImportJob, yieldBetweenChunks } from '../../db/import-jobs.ts';
import { localDate } from '@xianfeng/shared';
import type { DB, NewMember } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { Ctx, RequestContext } from '../../access/actor.ts';
import { appendAuditBatch, audit } from '../audit/index.ts';
import { auditView } from './member-mapping.ts';

/**
 * Writing a validated roster import, all or nothing, without stopping everybody else.
 *
 * - PostgreSQL: one transaction. Other sessions keep reading the old rows meanwhile (MVCC).
 * - PGlite (one connection, every query queued behind an open transaction): writing 20,000
 *   members takes seconds in any one transaction, so the rows go in chunks of CHUNK, each its own
 *   short transaction, and other requests are answered between them. Each chunk journals what it
 *   changed (`import_job_member`: the member created, or its row before an update). If a chunk
 *   fails, or the server stops mid-import, the journal is played back (`revertImport`, also at
 *   the next start) so the import ends applied entirely or not at all — only while it runs can
 *   another user see part of it. Docs: ARCHITECTURE.md, "Roster import on the embedded database".
 */

export type ImportColumns = Omit<NewMember, 'created_at'>;
export type ExistingMember = { id: number; before: Record<string, unknown> };
export type WriteProgress = (processed: number, total: number) => void;

const TX_BATCH = 1000;
const CHUNK = 250;

/** The import's job row: who, how many rows, and its state (running → done | failed | interrupted). */
export async function startJob(db: Kysely<DB>, id: string, ctx: RequestContext, rows: number) {
  await startImportJob(db, { id, kind: 'member_roster', userId: ctx.actor.userId, rows, now: ctx.now });
}

const finishJob = finishImportJob;

/**
 * One batch of members: insert, or update by ID number (re-import); returns their ids. Only the
 * members matched when the file was checked are updated, and only while still in the
 * organisation they were in then: a member with one of the file's ID numbers created or moved by
 * someone else meanwhile (perhaps outside the importer's reach) is not taken over — the import
 * fails and is undone instead.
 */
async function upsertBatch(trx: Kysely<DB>, batch: ImportColumns[], now: Date, found: Map<string, ExistingMember>) {
  const expected = batch.flatMap((c) => {
    const m = found.get(c.id_number_hmac);
    return m ? [sql`(${m.id}::int, ${m.before.orgId as number}::int)`] : [];
  });
  const rows = await trx
    .insertInto('member')
    .values(batch.map((c) => ({ ...c, created_at: now })))
    .onConflict((oc) =>
      oc
        .column('id_number_hmac')
        .doUpdateSet((eb) => {
          const set: Record<string, unknown> = {};
          for (const key of Object.keys(batch[0])) if (key !== 'id_number_hmac') set[key] = eb.ref(`excluded.${key}` as never);
          return set as never;
        })
        .where(expected.length ? sql<boolean>`(member.id, member.org_id) in (${sql.join(expected)})` : sql<boolean>`false`),
    )
    .returning(['id', 'id_number_hmac'])
    .execute();
  if (rows.length !== batch.length) {
    const written = new Set(rows.map((r) => r.id_number_hmac));
    const taken = batch.filter((c) => !written.has(c.id_number_hmac)).map((c) => c.name);
    throw conflict(`导入期间有人新增或调动了相同公民身份号码的党员（${taken.slice(0, 5).join('、')}${taken.length > 5 ? '等' : ''}），本次导入已全部撤销，请核对后重新导入`);
  }
  return rows;
}

/** History of a move, as a PUT keeps it, and the audit records of the batch (one per member). */
async function recordBatch(trx: Kysely<DB>, ctx: RequestContext, rows: { id: number; id_number_hmac: string }[], batch: ImportColumns[], found: Map<string, ExistingMember>) {
  const byHmac = new Map(batch.map((c) => [c.id_number_hmac, c]));
  const moves = rows
    .filter((r) => found.has(r.id_number_hmac) && found.get(r.id_number_hmac)!.before.orgId !== byHmac.get(r.id_number_hmac)!.org_id)
    .map((r) => ({ member_id: r.id, from_org_id: found.get(r.id_number_hmac)!.before.orgId as number, to_org_id: byHmac.get(r.id_number_hmac)!.org_id, moved_on: localDate(ctx.now), reason: '名册导入调整所在组织', created_at: ctx.now }));
  if (moves.length) await trx.insertInto('member_org_history').values(moves).execute();
  await appendAuditBatch(
    trx,
    rows.map((r) => {
      const before = found.get(r.id_number_hmac)?.before ?? null;
      return { at: ctx.now, actorUserId: ctx.actor.userId, actorName: ctx.actor.username, ip: ctx.ip, action: before ? 'member.import_update' : 'member.import_create', entityType: 'member', entityId: String(r.id), before, after: auditView(byHmac.get(r.id_number_hmac)!) };
    }),
  );
}

/** PostgreSQL: every batch in one transaction, the job marked done in it. */
export async function writeInOneTransaction(deps: AppDeps, ctx: RequestContext, jobId: string, columns: ImportColumns[], found: Map<string, ExistingMember>, progress: WriteProgress) {
  await deps.db.transaction().execute(async (trx) => {
    for (let i = 0; i < columns.length; i += TX_BATCH) {
      const batch = columns.slice(i, i + TX_BATCH);
      await recordBatch(trx, ctx, await upsertBatch(trx, batch, ctx.now, found), batch, found);
      progress(Math.min(i + TX_BATCH, columns.length), columns.length);
    }
    await finishJob(trx, jobId, 'done', ctx.now);
  });
}

/** PGlite: chunk by chunk, each journaled in its own transaction; a failure plays the journal back. */
export async function writeInChunks(deps: AppDeps, ctx: RequestContext, jobId: string, columns: ImportColumns[], found: Map<string, ExistingMember>, progress: WriteProgress) {
  for (let i = 0; i < columns.length; i += CHUNK) {
    const chunk = columns.slice(i, i + CHUNK);
    await deps.db.transaction().execute(async (trx) => {
      const updated = await trx.selectFrom('member').selectAll().where('id_number_hmac', 'in', chunk.map((c) => c.id_number_hmac)).forUpdate().execute();
      const rows = await upsertBatch(trx, chunk, ctx.now, found);
      const beforeById = new Map(updated.map((m) => [m.id, m]));
      await trx.insertInto('import_job_member').values(rows.map((r) => ({ job_id: jobId, member_id: r.id, before: beforeById.has(r.id) ? JSON.stringify(beforeById.get(r.id)) : null }))).execute();
      await recordBatch(trx, ctx, rows, chunk, found);
    });
    progress(Math.min(i + CHUNK, columns.length), columns.length);
    await yieldBetweenChunks();
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('import_job_member').where('job_id', '=', jobId).execute();
    await finishJob(trx, jobId, 'done', ctx.now);
  });
}

/**
 * Plays a job's journal back: members it created are removed (with what may have pointed at them
 * in the seconds the import ran), members it updated get their earlier row back. Audited once.
 */
export async function revertImport(db: Kysely<DB>, ctx: Ctx, jobId: string, status: 'failed' | 'interrupted', reason: string) {
  const journal = await db.selectFrom('import_job_member').select(['member_id', 'before']).where('job_id', '=', jobId).execute();
  const created = journal.filter((j) => j.before === null).map((j) => j.member_id);
  const updated = journal.filter((j) => j.before !== null);
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < created.length; i += TX_BATCH) await removeMembers(trx, created.slice(i, i + TX_BATCH));
    for (const j of updated) await restoreMember(trx, j.member_id, j.before as Record<string, unknown>);
    await trx.deleteFrom('import_job_member').where('job_id', '=', jobId).execute();
    await finishJob(trx, jobId, status, ctx.now, reason);
    await audit(trx, ctx, {
      action: status === 'interrupted' ? 'member.import_interrupted' : 'member.import_failed',
      entityType: 'import',
      entityId: jobId,
      after: { reason, removedMembers: created.length, restoredMembers: updated.length },
    });
  });
}

async function removeMembers(trx: Kysely<DB>, ids: number[]) {
  if (!ids.length) return;
  await trx.updateTable('app_user').set({ member_id: null }).where('member_id', 'in', ids).execute();
  for (const table of ['member_org_history', 'member_status_history', 'activity_attendance', 'org_committee_member'] as const) {
    await trx.deleteFrom(table).where('member_id', 'in', ids).execute();
  }
  await trx.deleteFrom('member').where('id', 'in', ids).execute();
}

async function restoreMember(trx: Kysely<DB>, id: number, before: Record<string, unknown>) {
  const { id: _id, ...columns } = before;
  await trx.updateTable('member').set(columns as never).where('id', '=', id).execute();
}
