import {
  pointRuleSetMachine,
  scoreLedger,
  type PointExemptionInput,
  type PointItem,
  type PointMemberClass,
  type pointExemptionDto,
  type pointLedgerDto,
  type pointRuleSetDto,
  type pointRuleSetInput,
  type z,
} from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canConfigurePoints, pointsLedgerScope, pointsReadScope, pointsWriteScope, requirePointsConfigure } from '../../access/points-policy.ts';
import { pathInScope } from '../../access/scope.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { runTransition } from '../../db/transition.ts';
import { audit } from '../audit/index.ts';
import * as repo from './points.repository.ts';
import { POINT_SOURCES } from './sources.ts';

type RuleSetDto = z.output<typeof pointRuleSetDto>;
type RuleSetInput = z.output<typeof pointRuleSetInput>;
type ExemptionDto = z.output<typeof pointExemptionDto>;
type LedgerDto = z.output<typeof pointLedgerDto>;

const toDto = (r: repo.RuleSetRow): RuleSetDto => ({
  id: r.id,
  year: r.year,
  version: r.version,
  status: r.status,
  effectiveFrom: r.effective_from,
  basePoints: r.base_points,
  floor: r.floor,
  items: r.items,
  note: r.note,
  publishedAt: r.published_at,
  createdAt: r.created_at,
});

// ── 积分规则 (PT-1 … PT-3) ─────────────────────────────────────────────────────────────────────

/** The versions of a year (drafts only for the committee), newest first. */
export async function listRuleSets(deps: AppDeps, ctx: RequestContext, year: number) {
  pointsReadScope(ctx.actor);
  const configure = canConfigurePoints(ctx.actor);
  let q = repo.ruleSets(deps.db).where('r.year', '=', year);
  if (!configure) q = q.where('r.status', '=', 'published');
  const rows = await q.orderBy('r.version', 'desc').execute();
  return { items: rows.map(toDto), canConfigure: configure };
}

export async function getRuleSet(deps: AppDeps, ctx: RequestContext, id: number) {
  pointsReadScope(ctx.actor);
  let q = repo.ruleSets(deps.db).where('r.id', '=', id);
  if (!canConfigurePoints(ctx.actor)) q = q.where('r.status', '=', 'published');
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('积分规则');
  return toDto(row);
}

/** A new draft version of the year: the next version number (a race on it is a 409 by the unique key). */
export async function createRuleSet(deps: AppDeps, ctx: RequestContext, input: RuleSetInput) {
  requirePointsConfigure(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('point_rule_set').where('year', '=', input.year).select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const row = await trx
      .insertInto('point_rule_set')
      .values({ year: input.year, version, effective_from: input.effectiveFrom, base_points: input.basePoints, floor: input.floor, items: JSON.stringify(input.items), note: input.note, created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'point_rule_set.create', entityType: 'point_rule_set', entityId: row.id, after: { year: input.year, version, effectiveFrom: input.effectiveFrom, basePoints: input.basePoints, floor: input.floor, items: input.items } });
    return toDto(row);
  });
}

const lockRuleSet = (trx: Kysely<DB>, id: number) => repo.ruleSets(trx).where('r.id', '=', id).forUpdate().executeTakeFirst();

export async function updateRuleSet(deps: AppDeps, ctx: RequestContext, id: number, input: RuleSetInput) {
  requirePointsConfigure(ctx.actor);
  return runTransition(deps.db, pointRuleSetMachine, 'edit', {
    load: (trx) => lockRuleSet(trx, id),
    notFound: () => notFound('积分规则'),
    check: (row) => {
      if (row.year !== input.year) throw conflict('不能修改积分规则的年度，请在该年度新建版本');
    },
    apply: async (trx, row) => {
      await repo.guardedRuleSetUpdate(trx, id, row.status, { effective_from: input.effectiveFrom, base_points: input.basePoints, floor: input.floor, items: JSON.stringify(input.items), note: input.note, updated_at: ctx.now }, pointRuleSetMachine.refusal('edit', 'published'));
      await audit(trx, ctx, { action: 'point_rule_set.update', entityType: 'point_rule_set', entityId: id, before: { effectiveFrom: row.effective_from, basePoints: row.base_points, floor: row.floor, items: row.items }, after: { effectiveFrom: input.effectiveFrom, basePoints: input.basePoints, floor: input.floor, items: input.items } });
      return toDto((await repo.ruleSets(trx).where('r.id', '=', id).executeTakeFirstOrThrow()));
    },
  });
}

/**
 * Publish a draft (PT-2): from then on it never changes. Its effective date must fall after every
 * version already published in the year, so a revision never rewrites the past it did not cover.
 */
export async function publishRuleSet(deps: AppDeps, ctx: RequestContext, id: number) {
  requirePointsConfigure(ctx.actor);
  return runTransition(deps.db, pointRuleSetMachine, 'publish', {
    load: (trx) => lockRuleSet(trx, id),
    notFound: () => notFound('积分规则'),
    check: async (row, trx) => {
      const later = await trx.selectFrom('point_rule_set').where('year', '=', row.year).where('status', '=', 'published').where('effective_from', '>=', row.effective_from).select(['version', 'effective_from']).executeTakeFirst();
      if (later) throw conflict(`第${later.version}版已于${later.effective_from}起生效，新版本的生效日期应晚于该日期`);
    },
    apply: async (trx, row) => {
      await repo.guardedRuleSetUpdate(trx, id, row.status, { status: 'published', published_by: ctx.actor.userId, published_at: ctx.now, updated_at: ctx.now }, pointRuleSetMachine.refusal('publish', 'published'));
      await audit(trx, ctx, { action: 'point_rule_set.publish', entityType: 'point_rule_set', entityId: id, before: { status: row.status }, after: { status: 'published', year: row.year, version: row.version, effectiveFrom: row.effective_from } });
      return toDto((await repo.ruleSets(trx).where('r.id', '=', id).executeTakeFirstOrThrow()));
    },
  });
}

export async function deleteRuleSet(deps: AppDeps, ctx: RequestContext, id: number) {
  requirePointsConfigure(ctx.actor);
  return runTransition(deps.db, pointRuleSetMachine, 'delete', {
    load: (trx) => lockRuleSet(trx, id),
    notFound: () => notFound('积分规则'),
    apply: async (trx, row) => {
      const gone = await trx.deleteFrom('point_rule_set').where('id', '=', id).where('status', '=', 'draft').returning('id').executeTakeFirst();
      if (!gone) throw conflict(pointRuleSetMachine.refusal('delete', 'published'));
      await audit(trx, ctx, { action: 'point_rule_set.delete', entityType: 'point_rule_set', entityId: id, before: { year: row.year, version: row.version, status: row.status } });
      return { ok: true };
    },
  });
}

// ── 免于积分 (PT-7) ──────────────────────────────────────────────────────────────────────────

const exemptionToDto = (r: Awaited<ReturnType<ReturnType<typeof repo.exemptions>['executeTakeFirstOrThrow']>>): ExemptionDto => ({
  id: r.id,
  year: r.year,
  memberId: r.member_id,
  memberName: r.member_name,
  orgName: r.org_name,
  reason: r.reason,
  decidedOn: r.decided_on,
  createdAt: r.created_at,
});

export async function listExemptions(deps: AppDeps, ctx: RequestContext, year: number) {
  const scope = pointsReadScope(ctx.actor);
  const rows = await repo.exemptions(deps.db, scope).where('x.year', '=', year).orderBy('o.path').orderBy('x.id').execute();
  return { items: rows.map(exemptionToDto) };
}

/** The branch (points.write at the member's organisation or above) exempts a 特殊 member for the year, with the reason. */
export async function createExemption(deps: AppDeps, ctx: RequestContext, input: PointExemptionInput) {
  const scope = pointsWriteScope(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    const member = await repo.memberIn(trx, scope, input.memberId);
    if (!member || !pathInScope(scope, member.org_path)) throw notFound('党员');
    const dup = await trx.selectFrom('point_exemption').where('year', '=', input.year).where('member_id', '=', input.memberId).select('id').executeTakeFirst();
    if (dup) throw conflict(`${member.name}在${input.year}年度已登记免于积分`);
    const { id } = await trx
      .insertInto('point_exemption')
      .values({ year: input.year, member_id: input.memberId, reason: input.reason, decided_on: input.decidedOn, created_by: ctx.actor.userId, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'point_exemption.create', entityType: 'point_exemption', entityId: id, after: { year: input.year, memberId: input.memberId, reason: input.reason, decidedOn: input.decidedOn } });
    return exemptionToDto(await repo.exemptions(trx, scope).where('x.id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function deleteExemption(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = pointsWriteScope(ctx.actor);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.exemptions(trx, scope).where('x.id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('免于积分记录');
    await trx.deleteFrom('point_exemption').where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'point_exemption.delete', entityType: 'point_exemption', entityId: id, before: { year: row.year, memberId: row.member_id, reason: row.reason, decidedOn: row.decided_on } });
    return { ok: true };
  });
}

// ── 积分明细 (PT-4 … PT-9) ───────────────────────────────────────────────────────────────────

export const memberClassOf = (m: { flowing: boolean; retired: boolean }): PointMemberClass => (m.retired ? 'retired' : m.flowing ? 'flowing' : 'regular');

/** A member's ledger for a year: every verified event, scored by the version in force on its Beijing day, each line naming its source. */
export async function memberLedger(deps: AppDeps, ctx: RequestContext, memberId: number, year: number): Promise<LedgerDto> {
  const scope = pointsLedgerScope(ctx.actor, memberId);
  const member = await repo.memberIn(deps.db, scope, memberId);
  if (!member) throw notFound('党员');
  const [versions, exemption, ...perSource] = await Promise.all([
    repo.publishedVersions(deps.db, year),
    deps.db.selectFrom('point_exemption').where('year', '=', year).where('member_id', '=', memberId).select(['reason', 'decided_on']).executeTakeFirst(),
    ...POINT_SOURCES.map((s) => s.events(deps.db, [memberId], year)),
  ]);
  const events = perSource.flatMap((m) => m.get(memberId) ?? []);
  const appeals = await deps.db.selectFrom('point_appeal').where('member_id', '=', memberId).where('year', '=', year).select(['id', 'status', 'answer', 'line_type', 'line_id', 'line_day']).orderBy('id').execute();
  const appealOf = new Map(appeals.map((a) => [`${a.line_type}|${a.line_id}|${a.line_day}`, { id: a.id, status: a.status, answer: a.answer }]));
  const scored = scoreLedger({
    year,
    versions: versions.map((v) => ({ version: v.version, effectiveFrom: v.effective_from, basePoints: v.base_points, floor: v.floor, items: v.items as PointItem[] })),
    events,
    memberClass: memberClassOf(member),
    exempt: !!exemption,
  });
  return {
    member: { id: member.id, name: member.name, orgId: member.org_id, orgName: member.org_name },
    year,
    exempt: exemption ? { reason: exemption.reason, decidedOn: exemption.decided_on } : null,
    ...scored,
    lines: scored.lines.map((l) => ({ ...l, appeal: appealOf.get(`${l.source.type}|${l.source.id}|${l.day}`) ?? null })),
  };
}
