import { sql, type Kysely } from 'kysely';
import { localDate, pointEntryMachine, type pointEntryInput, type PointEntryReviewInput, type PointEntryStatus, type pointEntryDto, type z } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import { hasPermission, type RequestContext } from '../../access/actor.ts';
import { mayReviewEntry, pointsReadScope, pointsReviewScope, pointsWriteScope } from '../../access/points-policy.ts';
import { orgPathInScope, pathInScope, type Scope } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import * as repo from './points.repository.ts';

// 支部加分/扣分 (PT-10, PT-11): the branch enters (points.write at the member's organisation), the
// level above approves or returns (points.review at a proper ancestor, never whoever entered it).
// Only approved entries reach the ledger (sources.ts manualEntrySource).

type EntryDto = z.output<typeof pointEntryDto>;

export function entries(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('point_entry as e')
    .innerJoin('member as m', 'm.id', 'e.member_id')
    .innerJoin('org as o', 'o.id', 'e.org_id')
    .leftJoin('app_user as u', 'u.id', 'e.entered_by')
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .selectAll('e')
    .select(['m.name as member_name', 'o.name as org_name', 'o.path as org_path', 'u.display_name as entered_by_name']);
}
type EntryRow = Awaited<ReturnType<ReturnType<typeof entries>['executeTakeFirstOrThrow']>>;

type EntryFiles = Map<number, { id: number; fileName: string; size: number }[]>;

/** The files of some entries (PT-10 佐证材料), in upload order. */
export async function filesOf(db: Kysely<DB>, entryIds: number[]): Promise<EntryFiles> {
  const out: EntryFiles = new Map();
  if (!entryIds.length) return out;
  const rows = await db.selectFrom('point_entry_file').select(['id', 'entry_id', 'file_name', 'size']).where('entry_id', 'in', entryIds).orderBy('id').execute();
  for (const r of rows) out.set(r.entry_id, [...(out.get(r.entry_id) ?? []), { id: r.id, fileName: r.file_name, size: r.size }]);
  return out;
}

/**
 * The branch (points.write over the entry's organisation) adds or removes files while the entry waits
 * for review — not the level above, who decides on it and must not shape its evidence (PT-10/11).
 */
export const mayAttach = (ctx: RequestContext, r: { status: string; org_path: string; entered_by: number | null }) =>
  r.status === 'submitted' &&
  hasPermission(ctx.actor, 'points.write') &&
  pathInScope(pointsWriteScope(ctx.actor), r.org_path) &&
  (r.entered_by === ctx.actor.userId || !mayReviewEntry(ctx.actor, { orgPath: r.org_path, enteredBy: r.entered_by }));

const toDto = (ctx: RequestContext, r: EntryRow, files: EntryFiles): EntryDto => ({
  id: r.id,
  memberId: r.member_id,
  memberName: r.member_name,
  orgId: r.org_id,
  orgName: r.org_name,
  kind: r.kind,
  occurredOn: r.occurred_on,
  points: r.points,
  reason: r.reason,
  evidence: r.evidence,
  status: r.status,
  reviewReason: r.review_reason,
  enteredBy: r.entered_by_name,
  reviewedAt: r.reviewed_at,
  createdAt: r.created_at,
  canReview: r.status === 'submitted' && mayReviewEntry(ctx.actor, { orgPath: r.org_path, enteredBy: r.entered_by }),
  files: files.get(r.id) ?? [],
  canAttach: mayAttach(ctx, r),
});

export async function entryDto(db: Kysely<DB>, ctx: RequestContext, r: EntryRow) {
  return toDto(ctx, r, await filesOf(db, [r.id]));
}

/** The year's entries in the caller's subtree, paged in the database, newest first. */
export async function listEntries(deps: AppDeps, ctx: RequestContext, q: { year: number; status?: PointEntryStatus; page: number; pageSize: number }) {
  const scope = pointsReadScope(ctx.actor);
  let base = entries(deps.db, scope).where('e.occurred_on', '>=', `${q.year}-01-01`).where('e.occurred_on', '<=', `${q.year}-12-31`);
  if (q.status) base = base.where('e.status', '=', q.status);
  const [{ n }, rows] = await Promise.all([
    base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    base.orderBy('e.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  const files = await filesOf(deps.db, rows.map((r) => r.id));
  return { total: Number(n), page: q.page, pageSize: q.pageSize, items: rows.map((r) => toDto(ctx, r, files)) };
}

export async function createEntry(deps: AppDeps, ctx: RequestContext, input: z.output<typeof pointEntryInput>) {
  const scope = pointsWriteScope(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    const member = await repo.memberIn(trx, scope, input.memberId);
    if (!member || !pathInScope(scope, member.org_path)) throw notFound('党员');
    if (input.occurredOn > localDate(ctx.now)) throw validation('加减分事项的日期不能晚于今天');
    const { id } = await trx
      .insertInto('point_entry')
      .values({ member_id: member.id, org_id: member.org_id, kind: input.kind, occurred_on: input.occurredOn, points: input.points, reason: input.reason, evidence: input.evidence, entered_by: ctx.actor.userId, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'point_entry.create', entityType: 'point_entry', entityId: id, after: { memberId: member.id, kind: input.kind, occurredOn: input.occurredOn, points: input.points, reason: input.reason, evidence: input.evidence } });
    return entryDto(trx, ctx, await entries(trx, scope).where('e.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** Approve or return (with a reason): load locked, check the machine and the reviewer, guarded write. */
export async function reviewEntry(deps: AppDeps, ctx: RequestContext, id: number, input: PointEntryReviewInput) {
  const scope = pointsReviewScope(ctx.actor);
  const event = input.decision;
  const readScope = pointsReadScope(ctx.actor);
  return runTransition(deps.db, pointEntryMachine, event, {
    load: (trx) => entries(trx, readScope).where('e.id', '=', id).forUpdate('e').executeTakeFirst(),
    notFound: () => notFound('积分登记'),
    authorize: (row) => {
      if (!pathInScope(scope, row.org_path)) throw forbidden('积分登记由上级党组织审核，本级不能审核');
      if (row.entered_by === ctx.actor.userId) throw forbidden('不能审核自己登记的加减分');
    },
    apply: async (trx, row) => {
      const status = pointEntryMachine.next(event, row.status);
      const updated = await trx
        .updateTable('point_entry')
        .set({ status, review_reason: input.reason?.trim() || null, reviewed_by: ctx.actor.userId, reviewed_at: ctx.now })
        .where('id', '=', id)
        .where('status', '=', row.status)
        .returning('id')
        .executeTakeFirst();
      if (!updated) throw conflict(pointEntryMachine.refusal(event, status));
      await audit(trx, ctx, { action: event === 'approve' ? 'point_entry.approve' : 'point_entry.return', entityType: 'point_entry', entityId: id, before: { status: row.status }, after: { status, reason: input.reason ?? null } });
      return entryDto(trx, ctx, await entries(trx, readScope).where('e.id', '=', id).executeTakeFirstOrThrow());
    },
  });
}
