import { sql, type Kysely } from 'kysely';
import {
  HONOUR_KIND_TARGET,
  addWorkdays,
  bindingFailures,
  campaignMachine,
  evaluateEligibility,
  isEligible,
  localDate,
  nominationMachine,
  objectionMachine,
  type CampaignInput,
  type CampaignStatus,
  type EligibilityCheck,
  type HonourKind,
  type HonourRules,
  type HonourTarget,
  type NominationInput,
  type NominationReviewInput,
  type NominationStatus,
  type ObjectionAnswerInput,
  type ObjectionInput,
  type campaignDto,
  type honourDto,
  type nominationDto,
  type objectionDto,
  type z,
} from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { Ctx, RequestContext } from '../../access/actor.ts';
import { canConfigureHonours, canNominateHonours, honourNominateScope, honourReadScope, requireHonourConfigure } from '../../access/honour-policy.ts';
import { inSubtree, orgPathInScope, systemScope, type Scope } from '../../access/scope.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { findOrg } from '../orgs/index.ts';
import { FACT_PROVIDERS } from '../inspections/index.ts';
import { loadWorkCalendar } from '../supervision-settings/index.ts';
import * as repo from './honours.repository.ts';

type CampaignDto = z.output<typeof campaignDto>;
type NominationDto = z.output<typeof nominationDto>;
type ObjectionDto = z.output<typeof objectionDto>;
type HonourDto = z.output<typeof honourDto>;

const STANDING: NominationStatus[] = ['submitted', 'approved', 'named'];

function campaignToDto(r: repo.CampaignRow, counts: CampaignDto['counts']): CampaignDto {
  return {
    id: r.id,
    year: r.year,
    kind: r.kind as HonourKind,
    target: r.target as HonourTarget,
    title: r.title,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    quota: r.quota,
    rules: r.rules,
    publicityDays: r.publicity_days,
    objectionContact: r.objection_contact,
    status: r.status as CampaignStatus,
    publicityFrom: r.publicity_from,
    publicityUntil: r.publicity_until,
    namedOn: r.named_on,
    counts,
    createdAt: r.created_at,
  };
}

function nominationToDto(r: repo.NominationRow): NominationDto {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    nominatingOrgId: r.nominating_org_id,
    nominatingOrgName: r.nominating_org_name,
    orgId: r.org_id,
    memberId: r.member_id,
    nomineeName: r.member_name ?? r.org_name,
    orgName: r.member_name ? r.org_name : r.nominating_org_name,
    deeds: r.deeds,
    eligibility: r.eligibility,
    eligible: r.eligible,
    status: r.status as NominationStatus,
    reviewReason: r.review_reason,
    reviewedAt: r.reviewed_at,
    createdAt: r.created_at,
  };
}

async function countsOf(db: Kysely<DB>, scope: Scope, campaignIds: number[]) {
  const out = new Map<number, CampaignDto['counts']>();
  for (const id of campaignIds) out.set(id, { submitted: 0, approved: 0, rejected: 0, named: 0 });
  if (!campaignIds.length) return out;
  const rows = await repo
    .nominations(db, scope)
    .where('n.campaign_id', 'in', campaignIds)
    .clearSelect()
    .select(['n.campaign_id', 'n.status', sql<number>`count(*)::int`.as('n')])
    .groupBy(['n.campaign_id', 'n.status'])
    .execute();
  for (const r of rows) {
    const c = out.get(r.campaign_id)!;
    if (r.status in c) c[r.status as keyof typeof c] = Number(r.n);
  }
  return out;
}

/** The campaigns of a year (drafts only for the committee), with their nominations counted within the caller's scope. */
export async function listCampaigns(deps: AppDeps, ctx: RequestContext, year?: number) {
  const scope = honourReadScope(ctx.actor);
  const configure = canConfigureHonours(ctx.actor);
  let q = repo.campaigns(deps.db);
  if (year) q = q.where('c.year', '=', year);
  if (!configure) q = q.where('c.status', '<>', 'draft');
  const rows = await q.orderBy('c.year', 'desc').orderBy('c.id').execute();
  const counts = await countsOf(deps.db, scope, rows.map((r) => r.id));
  return { items: rows.map((r) => campaignToDto(r, counts.get(r.id)!)), canConfigure: configure, canNominate: canNominateHonours(ctx.actor) };
}

async function findCampaign(db: Kysely<DB>, ctx: RequestContext, id: number, lock = false) {
  let q = repo.campaigns(db).where('c.id', '=', id);
  if (!canConfigureHonours(ctx.actor)) q = q.where('c.status', '<>', 'draft');
  const row = await (lock ? q.forUpdate() : q).executeTakeFirst();
  if (!row) throw notFound('评选活动');
  return row;
}

/** One campaign: its nominations within the caller's scope, objections (committee), the caller's quota left. */
export async function getCampaign(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = honourReadScope(ctx.actor);
  const row = await findCampaign(deps.db, ctx, id);
  const configure = canConfigureHonours(ctx.actor);
  const [noms, counts] = await Promise.all([
    repo.nominations(deps.db, scope).where('n.campaign_id', '=', id).orderBy('n.nominating_org_id').orderBy('n.id').execute(),
    countsOf(deps.db, scope, [id]),
  ]);
  const objections: ObjectionDto[] = configure ? await objectionsOf(deps.db, id) : [];
  return {
    ...campaignToDto(row, counts.get(id)!),
    nominations: noms.map(nominationToDto),
    objections,
    canNameFrom: row.publicity_until ? nextDay(row.publicity_until) : null,
    canConfigure: configure,
    canNominate: canNominateHonours(ctx.actor) && row.status === 'nominating',
    quotaLeft: row.status === 'nominating' && canNominateHonours(ctx.actor) ? await quotaLeft(deps.db, ctx, row) : [],
  };
}

function nextDay(d: string) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** The nominating organisations (unit level) the caller nominates for, with what is left of each quota. */
async function quotaLeft(db: Kysely<DB>, ctx: RequestContext, c: repo.CampaignRow) {
  const scope = honourNominateScope(ctx.actor);
  const ancestorUnits = ctx.actor.grants.map((g) => Number(g.orgPath.split('/')[2])).filter((n) => Number.isInteger(n) && n > 0);
  const units = await db
    .selectFrom('org as o')
    .where('o.depth', '=', 1)
    .where('o.dissolved_on', 'is', null)
    .where((eb) => eb.or([orgPathInScope(scope, eb.ref('o.path')), ...(ancestorUnits.length ? [eb('o.id', 'in', ancestorUnits)] : [])]))
    .select(['o.id', 'o.name'])
    .orderBy('o.path')
    .execute();
  const used = await repo.quotaUsed(db, c.id, units.map((u) => u.id));
  return units.map((u) => ({ orgId: u.id, orgName: u.name, left: Math.max(0, c.quota - (used.get(u.id) ?? 0)) }));
}

async function objectionsOf(db: Kysely<DB>, campaignId: number): Promise<ObjectionDto[]> {
  const rows = await db
    .selectFrom('honour_objection as j')
    .innerJoin('honour_nomination as n', 'n.id', 'j.nomination_id')
    .innerJoin('org as o', 'o.id', 'n.counts_for_org_id')
    .leftJoin('member as m', 'm.id', 'n.member_id')
    .where('j.campaign_id', '=', campaignId)
    .selectAll('j')
    .select(['o.name as org_name', 'm.name as member_name'])
    .orderBy('j.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    nominationId: r.nomination_id,
    nomineeName: r.member_name ?? r.org_name,
    receivedOn: r.received_on,
    channel: r.channel as ObjectionDto['channel'],
    fromWhom: r.from_whom,
    content: r.content,
    status: r.status as ObjectionDto['status'],
    outcome: r.outcome as ObjectionDto['outcome'],
    answer: r.answer,
    answeredOn: r.answered_on,
  }));
}

function columnsOf(input: CampaignInput) {
  if (input.periodFrom.slice(0, 4) > String(input.year) || input.periodTo.slice(0, 4) < String(input.year)) {
    throw validation('评选期间应包含评选年度', [{ field: 'periodFrom', message: '评选期间应包含评选年度' }]);
  }
  return {
    year: input.year,
    kind: input.kind,
    target: HONOUR_KIND_TARGET[input.kind],
    title: input.title,
    period_from: input.periodFrom,
    period_to: input.periodTo,
    quota: input.quota,
    rules: JSON.stringify(input.rules),
    publicity_days: input.publicityDays,
    objection_contact: input.objectionContact,
  };
}

export async function createCampaign(deps: AppDeps, ctx: Ctx, input: CampaignInput) {
  if (ctx.actor) requireHonourConfigure(ctx.actor);
  const columns = columnsOf(input);
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('honour_campaign')
      .values({ ...columns, created_by: ctx.actor?.userId ?? null, created_at: ctx.now, updated_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'honour_campaign.create', entityType: 'honour_campaign', entityId: id, after: { ...columns, rules: input.rules } });
    return id;
  });
  return id;
}

export async function updateCampaign(deps: AppDeps, ctx: RequestContext, id: number, input: CampaignInput) {
  requireHonourConfigure(ctx.actor);
  const columns = columnsOf(input);
  await deps.db.transaction().execute(async (trx) => {
    const row = await findCampaign(trx, ctx, id, true);
    if (!campaignMachine.allows('edit', row.status)) throw conflict(campaignMachine.refusal('edit', row.status));
    await repo.guardedUpdate(trx, 'honour_campaign', id, row.status, { ...columns, updated_at: ctx.now }, campaignMachine.refusal('edit', row.status));
    await audit(trx, ctx, { action: 'honour_campaign.update', entityType: 'honour_campaign', entityId: id, before: { ...row, rules: row.rules }, after: { ...columns, rules: input.rules } });
  });
  return getCampaign(deps, ctx, id);
}

/**
 * The campaign's transitions (HN-2): load it locked, check the machine and the event's own rule,
 * write guarded, audit — one transaction; the loser of a race gets 409.
 */
export async function transitionCampaign(deps: AppDeps, ctx: RequestContext, id: number, event: 'open' | 'close' | 'publicize' | 'name' | 'cancel') {
  requireHonourConfigure(ctx.actor);
  const today = localDate(ctx.now);
  const cal = event === 'publicize' ? await loadWorkCalendar(deps.db) : null;
  await deps.db.transaction().execute(async (trx) => {
    const row = await findCampaign(trx, ctx, id, true);
    const refusal = campaignMachine.refusal(event, row.status);
    if (!campaignMachine.allows(event, row.status)) throw conflict(refusal);
    const set: Record<string, unknown> = { status: campaignMachine.next(event, row.status as CampaignStatus), updated_at: ctx.now };
    const stand = (s: NominationStatus) => trx.selectFrom('honour_nomination').select('id').where('campaign_id', '=', id).where('status', '=', s);
    if (event === 'publicize') {
      if ((await stand('submitted').execute()).length) throw conflict('还有未审核的推荐，审核完毕后才能开始公示');
      if (!(await stand('approved').execute()).length) throw conflict('没有审核通过的推荐，不能开始公示');
      // HN-6: 公示 runs N working days from today (or the next working day), on the work calendar.
      const from = addWorkdays(today, 0, cal!);
      set.publicity_from = from;
      set.publicity_until = addWorkdays(from, row.publicity_days - 1, cal!);
    }
    if (event === 'name') {
      if (!row.publicity_until || today <= row.publicity_until) throw conflict(`公示期至${row.publicity_until}结束，公示期满后才能命名`);
      const open = await trx.selectFrom('honour_objection').select('id').where('campaign_id', '=', id).where('status', '=', 'open').execute();
      if (open.length) throw conflict(`还有${open.length}条公示异议未答复，答复后才能命名`);
      set.named_on = today;
    }
    await repo.guardedUpdate(trx, 'honour_campaign', id, row.status, set, refusal);
    if (event === 'name') {
      await trx.updateTable('honour_nomination').set({ status: 'named' }).where('campaign_id', '=', id).where('status', '=', 'approved').execute();
    }
    if (event === 'cancel') {
      await trx.updateTable('honour_nomination').set({ status: 'withdrawn' }).where('campaign_id', '=', id).where('status', 'in', ['submitted', 'approved']).execute();
    }
    await audit(trx, ctx, {
      action: event === 'open' ? 'honour_campaign.open' : event === 'close' ? 'honour_campaign.close' : event === 'publicize' ? 'honour_campaign.publicize' : event === 'name' ? 'honour_campaign.name' : 'honour_campaign.cancel',
      entityType: 'honour_campaign', entityId: id, before: { status: row.status }, after: set });
  });
  return getCampaign(deps, ctx, id);
}

// ── Eligibility ──────────────────────────────────────────────────────────────────────────────────

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

// ── The record ───────────────────────────────────────────────────────────────────────────────────

/**
 * 荣誉记录: the named honours (what the assessment's "+1" reads), within the caller's scope; by year,
 * by organisation (its own honours and its members', i.e. its subtree) or by member.
 */
export async function listHonours(deps: AppDeps, ctx: RequestContext, q: { year?: number; orgId?: number; memberId?: number }) {
  const scope = honourReadScope(ctx.actor);
  return { items: await honoursIn(deps, scope, q) };
}

export async function honoursIn(deps: AppDeps, scope: Scope, q: { year?: number; orgId?: number; memberId?: number }): Promise<HonourDto[]> {
  let query = repo
    .nominations(deps.db, scope)
    .innerJoin('honour_campaign as c', 'c.id', 'n.campaign_id')
    .where('n.status', '=', 'named')
    .where('c.status', '=', 'named')
    .select(['c.year', 'c.kind', 'c.target', 'c.title', 'c.named_on']);
  if (q.year) query = query.where('c.year', '=', q.year);
  if (q.orgId) {
    const org = await findOrg(deps.db, scope, q.orgId);
    if (!org) throw notFound('组织');
    query = query.where((eb) => inSubtree(eb.ref('co.path'), org.path));
  }
  if (q.memberId) {
    const m = await deps.db.selectFrom('member as m').innerJoin('org as o', 'o.id', 'm.org_id').select('m.id').where('m.id', '=', q.memberId).where((eb) => orgPathInScope(scope, eb.ref('o.path'))).executeTakeFirst();
    if (!m) throw notFound('党员');
    query = query.where('n.member_id', '=', q.memberId);
  }
  const rows = await query.orderBy('c.year', 'desc').orderBy('c.id').orderBy('n.id').execute();
  return rows.map((r) => ({
    nominationId: r.id,
    campaignId: r.campaign_id,
    year: r.year,
    kind: r.kind as HonourKind,
    target: r.target as HonourTarget,
    title: r.title,
    orgId: r.org_id,
    memberId: r.member_id,
    nomineeName: r.member_name ?? r.org_name,
    orgName: r.member_name ? r.org_name : r.nominating_org_name,
    countsForOrgId: r.counts_for_org_id,
    namedOn: r.named_on!,
  }));
}

/**
 * The public 公示 page (no login, HN-9): campaigns in 公示, each with its window, where to send
 * objections and the approved nominees' names and organisations — nothing else.
 */
export async function publicHonours(deps: AppDeps, now: Date) {
  const today = localDate(now);
  const cs = await repo.campaigns(deps.db).where('c.status', '=', 'publicity').where('c.publicity_from', '<=', today).orderBy('c.id').execute();
  if (!cs.length) return { items: [] };
  const noms = await repo
    .nominations(deps.db, systemScope('公示名单（公开页面）'))
    .where('n.campaign_id', 'in', cs.map((c) => c.id))
    .where('n.status', '=', 'approved')
    .orderBy('n.nominating_org_id')
    .orderBy('n.id')
    .execute();
  return {
    items: cs.map((c) => ({
      title: c.title,
      kind: c.kind as HonourKind,
      publicityFrom: c.publicity_from!,
      publicityUntil: c.publicity_until!,
      objectionContact: c.objection_contact,
      nominees: noms.filter((n) => n.campaign_id === c.id).map((n) => ({ name: n.member_name ?? n.org_name, orgName: n.member_name ? n.org_name : n.nominating_org_name })),
    })),
  };
}
