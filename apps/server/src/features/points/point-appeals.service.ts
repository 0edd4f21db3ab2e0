import type { Kysely } from 'kysely';
import { pointAppealMachine, type pointAppealAnswerInput, type pointAppealDto, type pointAppealInput, type z } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { hasPermission } from '../../access/actor.ts';
import { pointsAnswerScope, requireOwnLedger } from '../../access/points-policy.ts';
import { orgPathInScope, pathInScope, scopeFor, type Scope } from '../../access/scope.ts';
import { conflict, forbidden, notFound } from '../../http/errors.ts';
import { runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import { memberLedger } from './points.service.ts';

// 积分申诉 (PT-12): a member appeals one line of their own ledger (one open appeal per line); the
// branch answers once — upheld with a correction entry naming the appeal (approved by the level
// above like every entry, PT-11), or rejected with the reason.

type AppealDto = z.output<typeof pointAppealDto>;

function appeals(db: Kysely<DB>) {
  return db
    .selectFrom('point_appeal as a')
    .innerJoin('member as m', 'm.id', 'a.member_id')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .selectAll('a')
    .select(['m.name as member_name', 'm.org_id', 'o.name as org_name', 'o.path as org_path']);
}
type AppealRow = Awaited<ReturnType<ReturnType<typeof appeals>['executeTakeFirstOrThrow']>>;

const toDto = (r: AppealRow): AppealDto => ({
  id: r.id,
  memberId: r.member_id,
  memberName: r.member_name,
  orgName: r.org_name,
  year: r.year,
  lineType: r.line_type,
  lineId: r.line_id,
  lineDay: r.line_day,
  lineTitle: r.line_title,
  linePoints: r.line_points,
  reason: r.reason,
  status: r.status,
  answer: r.answer,
  correctionEntryId: r.correction_entry_id,
  answeredAt: r.answered_at,
  createdAt: r.created_at,
});

/** The year's appeals: a member's own, or those of the caller's subtree (points.read). */
export async function listAppeals(deps: AppDeps, ctx: RequestContext, year: number) {
  const read: Scope = scopeFor(ctx.actor, 'points.read');
  let q = appeals(deps.db).where('a.year', '=', year);
  if (hasPermission(ctx.actor, 'points.read')) q = q.where((eb) => orgPathInScope(read, eb.ref('o.path')));
  else q = q.where('a.member_id', '=', requireOwnLedger(ctx.actor));
  return { items: (await q.orderBy('a.id', 'desc').limit(500).execute()).map(toDto) };
}

/** A member appeals one line of their own ledger (it must be on it), with a reason. */
export async function createAppeal(deps: AppDeps, ctx: RequestContext, input: z.output<typeof pointAppealInput>) {
  const memberId = requireOwnLedger(ctx.actor);
  const ledger = await memberLedger(deps, ctx, memberId, input.year);
  const line = ledger.lines.find((l) => l.source.type === input.sourceType && l.source.id === input.sourceId && l.day === input.day);
  if (!line) throw notFound('积分明细中的这一条');
  return deps.db.transaction().execute(async (trx) => {
    const open = await trx.selectFrom('point_appeal').where('member_id', '=', memberId).where('line_type', '=', input.sourceType).where('line_id', '=', input.sourceId).where('line_day', '=', input.day).where('status', '=', 'open').select('id').executeTakeFirst();
    if (open) throw conflict('这一条已有待答复的申诉');
    const { id } = await trx
      .insertInto('point_appeal')
      .values({ member_id: memberId, year: input.year, line_type: input.sourceType, line_id: input.sourceId, line_day: input.day, line_title: line.source.title, line_points: line.points, reason: input.reason, created_by: ctx.actor.userId, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'point_appeal.create', entityType: 'point_appeal', entityId: id, after: { memberId, line: { type: input.sourceType, id: input.sourceId, day: input.day, points: line.points }, reason: input.reason } });
    return toDto(await appeals(trx).where('a.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** The branch answers once: upheld (a correction entry naming the appeal, for the level above to approve) or rejected. */
export async function answerAppeal(deps: AppDeps, ctx: RequestContext, id: number, input: z.output<typeof pointAppealAnswerInput>) {
  const scope = pointsAnswerScope(ctx.actor);
  const event = input.decision;
  return runTransition(deps.db, pointAppealMachine, event, {
    load: (trx) => appeals(trx).where('a.id', '=', id).where((eb) => orgPathInScope(scope, eb.ref('o.path'))).forUpdate('a').executeTakeFirst(),
    notFound: () => notFound('积分申诉'),
    authorize: (row) => {
      if (!pathInScope(scope, row.org_path)) throw forbidden('积分申诉由党员所在党组织答复');
    },
    apply: async (trx, row) => {
      let correctionId: number | null = null;
      if (event === 'uphold') {
        const points = input.correction!;
        correctionId = (
          await trx
            .insertInto('point_entry')
            .values({ member_id: row.member_id, org_id: row.org_id, kind: points > 0 ? 'manual_addition' : 'manual_deduction', occurred_on: row.line_day, points, reason: `积分申诉#${row.id}更正：${row.line_title}`, evidence: input.answer, entered_by: ctx.actor.userId, created_at: ctx.now, appeal_id: row.id })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        await audit(trx, ctx, { action: 'point_entry.create', entityType: 'point_entry', entityId: correctionId, after: { memberId: row.member_id, points, appealId: row.id } });
      }
      const status = pointAppealMachine.next(event, row.status);
      const done = await trx
        .updateTable('point_appeal')
        .set({ status, answer: input.answer, correction_entry_id: correctionId, answered_by: ctx.actor.userId, answered_at: ctx.now })
        .where('id', '=', id)
        .where('status', '=', 'open')
        .returning('id')
        .executeTakeFirst();
      if (!done) throw conflict(pointAppealMachine.refusal(event, status));
      await audit(trx, ctx, { action: event === 'uphold' ? 'point_appeal.uphold' : 'point_appeal.reject', entityType: 'point_appeal', entityId: id, before: { status: row.status }, after: { status, answer: input.answer, correctionEntryId: correctionId } });
      return toDto(await appeals(trx).where('a.id', '=', id).executeTakeFirstOrThrow());
    },
  });
}
