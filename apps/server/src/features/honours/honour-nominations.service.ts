import { type Kysely } from 'kysely';
import {
  bindingFailures,
  campaignMachine,
  evaluateEligibility,
  isEligible,
  localDate,
  nominationMachine,
  objectionMachine,
  type EligibilityCheck,
  type HonourRules,
  type HonourTarget,
  type NominationInput,
  type NominationReviewInput,
  type NominationStatus,
  type ObjectionAnswerInput,
  type ObjectionInput,
} from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { honourNominateScope, honourReadScope, requireHonourConfigure } from '../../access/honour-policy.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { FACT_PROVIDERS } from '../inspections/index.ts';
import * as repo from './honours.repository.ts';
import { findCampaign, getCampaign, nominationToDto, STANDING } from './honours.service.ts';

// 创先争优 nominations: eligibility from the records (HN-3/HN-4), nominations within quotas (HN-5), review, 公示 objections (HN-7).

type Nominee = { orgId: number | null; memberId: number | null; orgPath: string; countsForOrgId: number; depth: number };

/** The organisation's compliance rate for the year: the 组织生活落实 fact (the heatmap's engine), never recomputed here. */
async function complianceRate(deps: AppDeps, org: { id: number; path: string }, year: number, today: string) {
  const provider = FACT_PROVIDERS.find((p) => p.key === 'org_life')!;
  const end = `${year}-12-31`;
  const { values } = await provider.compute({ deps, org, year, asOf: today < end ? today : end });
  return typeof values.rate === 'number' ? values.rate : null;
}

/** HN-3/HN-4: the eligibility of a nominee from the records, as of today (read through the caller's transaction). */
export async function eligibilityOf(deps: AppDeps, db: Kysely<DB>, c: repo.CampaignRow, nominee: Nominee, today: string): Promise<EligibilityCheck[]> {
  const rules: HonourRules = c.rules;
  const target = c.target as HonourTarget;
  const isOrg = nominee.orgId !== null;
  const [discipline, rate, cards] = await Promise.all([
    rules.discipline.enabled ? repo.disciplineFacts(db, isOrg ? { orgPath: nominee.orgPath } : { memberId: nominee.memberId! }) : Promise.resolve([]),
    rules.compliance.enabled && isOrg ? complianceRate({ ...deps, db }, { id: nominee.orgId!, path: nominee.orgPath }, c.year, today) : Promise.resolve(null),
    rules.red_card.enabled && isOrg ? repo.redCards(db, nominee.orgPath, c.year) : Promise.resolve([]),
  ]);
  return evaluateEligibility({ rules, target, year: c.year, periodFrom: c.period_from, periodTo: c.period_to, discipline, complianceRate: rate, redCards: cards });
}

function refuseIneligible(checks: EligibilityCheck[]) {
  const failed = bindingFailures(checks);
  if (failed.length) throw conflict(`不符合评选条件：${failed.map((c) => c.reason).join('；')}`, { eligibility: checks });
}

/** The nominee in the caller's nominating scope: an organisation, or a member in normal standing. */
async function findNominee(db: Kysely<DB>, scope: Scope, c: repo.CampaignRow, input: NominationInput): Promise<Nominee> {
  if (c.target === 'org') {
    if (!input.orgId) throw validation('该评选的对象是党组织，请选择被推荐的党组织', [{ field: 'orgId', message: '请选择被推荐的党组织' }]);
    const org = await db.selectFrom('org').select(['id', 'path', 'depth', 'dissolved_on']).where('id', '=', input.orgId).where((eb) => orgPathInScope(scope, eb.ref('path'))).executeTakeFirst();
    if (!org || org.dissolved_on) throw notFound('党组织');
    if (org.depth === 0) throw validation('不能推荐工委本身', [{ field: 'orgId', message: '不能推荐工委本身' }]);
    return { orgId: org.id, memberId: null, orgPath: org.path, countsForOrgId: org.id, depth: org.depth };
  }
  if (!input.memberId) throw validation('该评选的对象是党员，请选择被推荐的党员', [{ field: 'memberId', message: '请选择被推荐的党员' }]);
  const m = await db
    .selectFrom('member as m')
    .innerJoin('org as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.status', 'o.id as org_id', 'o.path', 'o.depth'])
    .where('m.id', '=', input.memberId)
    .where((eb) => orgPathInScope(scope, eb.ref('o.path')))
    .executeTakeFirst();
  if (!m) throw notFound('党员');
  if (m.status !== 'normal') throw conflict('只能推荐状态正常的党员');
  return { orgId: null, memberId: m.id, orgPath: m.path, countsForOrgId: m.org_id, depth: m.depth };
}

/**
 * 推荐 (HN-5): within the caller's subtree, while the campaign takes nominations, within the quota
 * of the nominee's unit-level organisation. The campaign row is locked for the count and the
 * insert, so concurrent nominations never exceed the quota; a nominee stands once per campaign.
 */
export async function nominate(deps: AppDeps, ctx: RequestContext, campaignId: number, input: NominationInput) {
  const scope = honourNominateScope(ctx.actor);
  const today = localDate(ctx.now);
  const id = await deps.db.transaction().execute(async (trx) => {
    const c = await findCampaign(trx, ctx, campaignId, true);
    if (!campaignMachine.allows('nominate', c.status)) throw conflict(campaignMachine.refusal('nominate', c.status));
    const nominee = await findNominee(trx, scope, c, input);
    const unitId = await repo.unitOf(trx, { id: nominee.countsForOrgId, path: nominee.orgPath, depth: nominee.depth });
    const dup = await trx
      .selectFrom('honour_nomination')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('status', 'in', STANDING)
      .where(nominee.orgId ? 'org_id' : 'member_id', '=', (nominee.orgId ?? nominee.memberId)!)
      .executeTakeFirst();
    if (dup) throw conflict('该对象已被推荐，不能重复推荐');
    const used = (await repo.quotaUsed(trx, campaignId, [unitId])).get(unitId) ?? 0;
    if (used >= c.quota) throw conflict(`名额已满：本评选每个单位限推荐${c.quota}名，已推荐${used}名`);
    const checks = await eligibilityOf(deps, trx, c, nominee, today);
    refuseIneligible(checks);
    const { id } = await trx
      .insertInto('honour_nomination')
      .values({
        campaign_id: campaignId,
        nominating_org_id: unitId,
        org_id: nominee.orgId,
        member_id: nominee.memberId,
        counts_for_org_id: nominee.countsForOrgId,
        deeds: input.deeds,
        eligibility: JSON.stringify(checks),
        eligible: isEligible(checks),
        created_by: ctx.actor.userId,
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'honour_nomination.create', entityType: 'honour_nomination', entityId: id, after: { campaignId, nominatingOrgId: unitId, orgId: nominee.orgId, memberId: nominee.memberId, eligible: isEligible(checks) } });
    return id;
  });
  return nominationOf(deps.db, scope, id);
}

async function nominationOf(db: Kysely<DB>, scope: Scope, id: number) {
  return nominationToDto(await repo.nominations(db, scope).where('n.id', '=', id).executeTakeFirstOrThrow());
}

async function lockNomination(trx: Kysely<DB>, scope: Scope, id: number) {
  const row = await repo.nominations(trx, scope).where('n.id', '=', id).forUpdate('n').executeTakeFirst();
  if (!row) throw notFound('推荐');
  return row;
}

/** 撤回: the nominating side takes a nomination back while the campaign still takes nominations. */
export async function withdrawNomination(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = honourNominateScope(ctx.actor);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockNomination(trx, scope, id);
    const c = await findCampaign(trx, ctx, row.campaign_id, true);
    if (c.status !== 'nominating') throw conflict('推荐已截止，不能撤回');
    if (!nominationMachine.allows('withdraw', row.status)) throw conflict(nominationMachine.refusal('withdraw', row.status));
    await repo.guardedUpdate(trx, 'honour_nomination', id, row.status, { status: 'withdrawn' }, nominationMachine.refusal('withdraw', row.status));
    await audit(trx, ctx, { action: 'honour_nomination.withdraw', entityType: 'honour_nomination', entityId: id, before: { status: row.status }, after: { status: 'withdrawn' } });
  });
  return nominationOf(deps.db, scope, id);
}

/**
 * 审核 (HN-7): the committee approves or rejects (with a reason) while the campaign is in review.
 * Approval recomputes eligibility from today's records: a binding rule that now fails refuses it.
 */
export async function reviewNomination(deps: AppDeps, ctx: RequestContext, id: number, input: NominationReviewInput) {
  requireHonourConfigure(ctx.actor);
  const scope = honourReadScope(ctx.actor);
  const event = input.decision;
  const today = localDate(ctx.now);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockNomination(trx, scope, id);
    const c = await findCampaign(trx, ctx, row.campaign_id);
    if (!campaignMachine.allows('review', c.status)) throw conflict(campaignMachine.refusal('review', c.status));
    const refusal = nominationMachine.refusal(event, row.status);
    if (!nominationMachine.allows(event, row.status)) throw conflict(refusal);
    const set: Record<string, unknown> = { status: nominationMachine.next(event, row.status as NominationStatus), review_reason: input.reason ?? null, reviewed_by: ctx.actor.userId, reviewed_at: ctx.now };
    if (event === 'approve') {
      const org = await trx.selectFrom('org').select(['path', 'depth']).where('id', '=', row.counts_for_org_id).executeTakeFirstOrThrow();
      const checks = await eligibilityOf(deps, trx, c, { orgId: row.org_id, memberId: row.member_id, orgPath: org.path, countsForOrgId: row.counts_for_org_id, depth: org.depth }, today);
      refuseIneligible(checks);
      set.eligibility = JSON.stringify(checks);
      set.eligible = isEligible(checks);
    }
    await repo.guardedUpdate(trx, 'honour_nomination', id, row.status, set, refusal);
    await audit(trx, ctx, { action: event === 'approve' ? 'honour_nomination.approve' : 'honour_nomination.reject', entityType: 'honour_nomination', entityId: id, before: { status: row.status }, after: { status: set.status, reason: input.reason ?? null } });
  });
  return nominationOf(deps.db, scope, id);
}

/** 公示异议 (HN-8): received by letter, phone or in person during 公示, against an approved nominee. */
export async function addObjection(deps: AppDeps, ctx: RequestContext, campaignId: number, input: ObjectionInput) {
  requireHonourConfigure(ctx.actor);
  const today = localDate(ctx.now);
  if (input.receivedOn > today) throw validation('受理日期不能晚于今天', [{ field: 'receivedOn', message: '受理日期不能晚于今天' }]);
  await deps.db.transaction().execute(async (trx) => {
    const c = await findCampaign(trx, ctx, campaignId, true);
    if (!campaignMachine.allows('object', c.status)) throw conflict(campaignMachine.refusal('object', c.status));
    const n = await trx.selectFrom('honour_nomination').select(['id', 'status']).where('id', '=', input.nominationId).where('campaign_id', '=', campaignId).executeTakeFirst();
    if (!n) throw notFound('推荐');
    if (n.status !== 'approved') throw conflict('只能对公示中的对象登记异议');
    const { id } = await trx
      .insertInto('honour_objection')
      .values({ campaign_id: campaignId, nomination_id: n.id, received_on: input.receivedOn, channel: input.channel, from_whom: input.fromWhom, content: input.content, created_by: ctx.actor.userId, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'honour_objection.create', entityType: 'honour_objection', entityId: id, after: { campaignId, ...input } });
  });
  return getCampaign(deps, ctx, campaignId);
}

/** 答复: each objection is answered; one found well-founded takes the nominee off the list (approved → rejected). */
export async function answerObjection(deps: AppDeps, ctx: RequestContext, id: number, input: ObjectionAnswerInput) {
  requireHonourConfigure(ctx.actor);
  const today = localDate(ctx.now);
  const campaignId = await deps.db.transaction().execute(async (trx) => {
    const j = await trx.selectFrom('honour_objection').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!j) throw notFound('异议');
    const refusal = objectionMachine.refusal('answer', j.status);
    if (!objectionMachine.allows('answer', j.status)) throw conflict(refusal);
    const c = await findCampaign(trx, ctx, j.campaign_id, true);
    if (c.status !== 'publicity') throw conflict(campaignMachine.refusal('object', c.status));
    await repo.guardedUpdate(trx, 'honour_objection', id, 'open', { status: 'answered', outcome: input.outcome, answer: input.answer, answered_on: today, answered_by: ctx.actor.userId }, refusal);
    if (input.outcome === 'upheld') {
      await repo.guardedUpdate(trx, 'honour_nomination', j.nomination_id, 'approved', { status: 'rejected', review_reason: `公示异议经核实成立：${input.answer}`, reviewed_by: ctx.actor.userId, reviewed_at: ctx.now }, nominationMachine.refusal('uphold', 'rejected'));
    }
    await audit(trx, ctx, { action: 'honour_objection.answer', entityType: 'honour_objection', entityId: id, before: { status: j.status }, after: { outcome: input.outcome, answer: input.answer } });
    return j.campaign_id;
  });
  return getCampaign(deps, ctx, campaignId);
}
