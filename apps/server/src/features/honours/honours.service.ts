import { sql, type Kysely } from 'kysely';
import {
  HONOUR_KIND_TARGET,
  addWorkdays,
  campaignMachine,
  localDate,
  type CampaignInput,
  type CampaignStatus,
  type HonourKind,
  type HonourTarget,
  type NominationStatus,
  type campaignDto,
  type honourDto,
  type nominationDto,
  type objectionDto,
  type z,
} from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { Ctx, RequestContext } from '../../access/actor.ts';
import {
  canConfigureHonours,
  canNominateHonours,
  honourNominateScope,
  honourReadScope,
  requireHonourConfigure,
} from '../../access/honour-policy.ts';
import { orgPathInScope, type Scope } from '../../access/scope.ts';
import { conflict, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import { loadWorkCalendar } from '../supervision-settings/index.ts';
import * as repo from './honours.repository.ts';

type CampaignDto = z.output<typeof campaignDto>;
type NominationDto = z.output<typeof nominationDto>;
type ObjectionDto = z.output<typeof objectionDto>;
export type HonourDto = z.output<typeof honourDto>;

export const STANDING: NominationStatus[] = ['submitted', 'approved', 'named'];

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

export function nominationToDto(r: repo.NominationRow): NominationDto {
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

export async function findCampaign(db: Kysely<DB>, ctx: RequestContext, id: number, lock = false) {
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
