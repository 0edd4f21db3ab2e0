import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import type { DB } from '../../db/schema.ts';
import { orgPathInScope, scopeFor, systemScope } from '../../access/scope.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import { canReviewActivity, isOwnRecord } from '../../access/activity-policy.ts';
import { audit } from '../audit/index.ts';
import * as repo from './activities.repository.ts';
import { countApproved } from './activity-review.service.ts';

// 补录 review: the level above approves a whole imported file in one step. Every record is still
// approved by the rules of a single approval — the approver reviews its organisation (the level
// above, canReviewActivity) and did not import it (NK-1) — and each gets its review entry and
// audit record; the batch is approved whole or not at all.

type BatchRow = { id: number; file_name: string; imported_at: Date; imported_by: number; importer: string };

/** The imports that wrote records the caller can see, newest first, with counts in the caller's scope. */
export async function listHistoryImports(deps: AppDeps, ctx: RequestContext) {
  requirePermission(ctx.actor, 'activity.read');
  const scope = scopeFor(ctx.actor, 'activity.read');
  const batches = await deps.db
    .selectFrom('activity_import as i')
    .innerJoin('app_user as u', 'u.id', 'i.imported_by')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('activity as a').innerJoin('org as o', 'o.id', 'a.org_id').whereRef('a.import_id', '=', 'i.id').where(orgPathInScope(scope, sql.ref('o.path'))).select('a.id'),
      ),
    )
    .select(['i.id', 'i.file_name', 'i.imported_at', 'i.imported_by', sql<string>`coalesce(u.display_name, u.username)`.as('importer')])
    .orderBy('i.id', 'desc')
    .limit(100)
    .execute();
  return Promise.all(batches.map((b) => batchView(deps.db, ctx, b)));
}

async function recordsOf(db: Kysely<DB>, ctx: RequestContext, importId: number) {
  return db
    .selectFrom('activity as a')
    .innerJoin('org as o', 'o.id', 'a.org_id')
    .where('a.import_id', '=', importId)
    .where(orgPathInScope(scopeFor(ctx.actor, 'activity.read'), sql.ref('o.path')))
    .select(['a.id', 'a.status', 'a.created_by', 'a.submitted_by', 'o.path', 'o.name'])
    .execute();
}

/**
 * NK-1 for a file: one account imported every record of it (created_by = submitted_by = the
 * importer), so the importer and whoever controls the importer's account are asked once.
 */
async function importedByCaller(db: Kysely<DB>, ctx: RequestContext, records: { created_by: number | null; submitted_by: number | null }[]) {
  const controllers = await repo.controllersOf(db, records[0]);
  return records.some((r) => isOwnRecord(ctx.actor, r, controllers));
}

/** Whether the caller may approve every waiting record of the batch: reviewer of each, importer of none. */
async function approvable(db: Kysely<DB>, ctx: RequestContext, waiting: { path: string; created_by: number | null; submitted_by: number | null }[]) {
  if (!waiting.length || waiting.some((r) => !canReviewActivity(ctx.actor, r.path))) return false;
  return !(await importedByCaller(db, ctx, waiting));
}

async function batchView(db: Kysely<DB>, ctx: RequestContext, b: BatchRow) {
  const records = await recordsOf(db, ctx, b.id);
  const waiting = records.filter((r) => r.status === 'submitted');
  return {
    id: b.id,
    fileName: b.file_name,
    importedAt: b.imported_at,
    importedBy: b.importer,
    records: records.length,
    submitted: waiting.length,
    approved: records.filter((r) => r.status === 'approved').length,
    returned: records.filter((r) => r.status === 'returned').length,
    orgNames: [...new Set(records.map((r) => r.name))].slice(0, 20),
    canApprove: await approvable(db, ctx, waiting),
  };
}

async function findBatch(db: Kysely<DB>, importId: number): Promise<BatchRow | undefined> {
  return db
    .selectFrom('activity_import as i')
    .innerJoin('app_user as u', 'u.id', 'i.imported_by')
    .where('i.id', '=', importId)
    .select(['i.id', 'i.file_name', 'i.imported_at', 'i.imported_by', sql<string>`coalesce(u.display_name, u.username)`.as('importer')])
    .executeTakeFirst();
}

/**
 * Approves every record of an import still waiting, in one transaction: the records are locked
 * (FOR UPDATE) and moved with a guarded update, so of two reviewers approving at once one wins and
 * the other answers 409 with nothing changed.
 */
export async function approveHistoryImport(deps: AppDeps, ctx: RequestContext, importId: number, comment: string | null) {
  requirePermission(ctx.actor, 'activity.review', '只有上级党组织可以审核补录记录');
  return deps.db.transaction().execute(async (trx) => {
    const batch = await findBatch(trx, importId);
    const visible = batch ? await recordsOf(trx, ctx, importId) : [];
    if (!batch || !visible.length) throw notFound('补录批次');
    const locked = await trx
      .selectFrom('activity as a')
      .innerJoin('org as o', 'o.id', 'a.org_id')
      .where('a.import_id', '=', importId)
      .where('a.status', '=', 'submitted')
      .select(['a.id', 'a.created_by', 'a.submitted_by', 'o.path'])
      .orderBy('a.id')
      .forUpdate('a')
      .execute();
    if (!locked.length) throw conflict('该批补录记录已没有待审核的活动（可能刚被他人审核）');
    if (locked.some((r) => !canReviewActivity(ctx.actor, r.path))) throw forbidden('本批补录记录中有不属于您下级党组织的活动，请由共同的上级党组织审核');
    if (await importedByCaller(trx, ctx, locked)) throw forbidden('导入人不能审核自己导入的补录记录，请由上级党组织的其他人员审核');
    for (const r of locked) {
      const before = (await repo.findActivity(trx, systemScope('history approve'), r.id))!;
      const secretary = await repo.secretaryOn(trx, before.org_id, before.held_on);
      const moved = await trx
        .updateTable('activity')
        .set({ status: 'approved', reviewed_at: ctx.now, reviewed_by: ctx.actor.userId, review_comment: comment, updated_at: ctx.now, lecturer_is_secretary: !!before.lecturer_member_id && before.lecturer_member_id === secretary })
        .where('id', '=', r.id)
        .where('status', '=', 'submitted')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw conflict('补录记录刚被他人修改，请刷新后重试');
      const after = (await repo.findActivity(trx, systemScope('history approved'), r.id))!;
      await countApproved(trx, after);
      await repo.addReview(trx, r.id, 'approve', comment ?? '补录批次审核通过', ctx.actor.userId!, ctx.now);
      await audit(trx, ctx, { action: 'activity.approve', entityType: 'activity', entityId: r.id, before: { status: 'submitted' }, after: { status: 'approved', importId } });
    }
    await audit(trx, ctx, { action: 'activity.import_approve', entityType: 'activity_import', entityId: importId, after: { approved: locked.length, comment } });
    return { approved: locked.length, batch: await batchView(trx, ctx, batch) };
  });
}
