import {
  localDate,
  MEMBER_ORG_TYPES,
  nestingError,
  orgWarnings,
  typeChangeError,
  type CommitteeMemberInput,
  type CommitteePost,
  type OrgCreateInput,
  type OrgType,
  type OrgUpdateInput,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { requirePermission, type RequestContext } from '../../access/actor.ts';
import { isNone, scopeFor, subtreeOf, systemScope } from '../../access/scope.ts';
import { isOwnGrantRoot, orgAbilities, seesOrgPeople, withoutPeople } from '../../access/org-policy.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { invalidateMemberCounts } from '../members/index.ts';
import * as repo from './orgs.repository.ts';
import { goLiveOf } from './go-live.repository.ts';

const today = (ctx: RequestContext) => localDate(ctx.now);

export function toOrgDto(o: repo.OrgRecord & { member_count?: number | null }) {
  return {
    id: o.id,
    parentId: o.parent_id,
    path: o.path,
    name: o.name,
    type: o.type as OrgType,
    unitId: o.unit_id,
    unitName: o.unit_name,
    foundedOn: o.founded_on,
    goLiveOn: o.go_live_on,
    dissolvedOn: o.dissolved_on,
    termStart: o.term_start,
    termEnd: o.term_end,
    contact: o.contact,
    contactPhone: o.contact_phone,
    memberCount: o.member_count ?? 0,
  };
}

export async function listOrgs(deps: AppDeps, ctx: RequestContext, includeDissolved: boolean) {
  const scope = scopeFor(ctx.actor, 'org.read');
  if (isNone(scope)) throw forbidden();
  const rows = await repo.listOrgs(deps.db, scope, includeDissolved);
  return rows.map((o) => toOrgDto(seesOrgPeople(ctx.actor, o.path) ? o : withoutPeople(o)));
}

/** Loads an organisation the caller may see for `permission`, or answers 404 as if absent. */
async function orgFor(deps: AppDeps, ctx: RequestContext, id: number, permission: 'org.read' | 'org.write') {
  const org = await repo.findOrg(deps.db, scopeFor(ctx.actor, permission), id);
  if (!org) {
    // Visible but not writable: say so; invisible: 404, as if it did not exist.
    if (permission === 'org.write' && (await repo.findOrg(deps.db, scopeFor(ctx.actor, 'org.read'), id))) {
      throw forbidden('没有修改该组织的权限');
    }
    throw notFound('组织');
  }
  return org;
}

export async function getOrg(deps: AppDeps, ctx: RequestContext, id: number) {
  const org = await orgFor(deps, ctx, id, 'org.read');
  const asOf = today(ctx);
  const facts = await repo.orgFacts(deps.db, org, asOf);
  const people = seesOrgPeople(ctx.actor, org.path);
  return {
    ...toOrgDto(people ? org : withoutPeople(org)),
    facts,
    warnings: org.dissolved_on ? [] : orgWarnings({ type: org.type as OrgType, termEnd: org.term_end, ...facts }, asOf),
    goLive: await goLiveView(deps, org.path),
    committee: (people ? await repo.listCommittee(deps.db, org.id) : []).map((c) => ({
      id: c.id,
      memberId: c.member_id,
      memberName: c.member_name,
      post: c.post as CommitteePost,
      startedOn: c.started_on,
      endedOn: c.ended_on,
    })),
    abilities: orgAbilities(ctx.actor, org),
  };
}

/** The go-live date that applies to an organisation, named by where it comes from. */
async function goLiveView(deps: AppDeps, path: string) {
  const g = await goLiveOf(deps.db, path);
  if (!g) return null;
  const from = g.source === 'ancestor' && g.orgId ? await repo.findOrg(deps.db, systemScope('go-live source name'), g.orgId) : undefined;
  return { on: g.on, source: g.source, fromOrgName: from?.name ?? null };
}

/**
 * The rules of a new organisation under `parent` (ORG-2 … ORG-8). The API and the Excel import
 * apply exactly these — one validation path per entity.
 */
export function checkNewOrg(ctx: RequestContext, parent: { type: string; dissolved_on: string | null }, input: { type: OrgType; foundedOn?: string | null }) {
  if (parent.dissolved_on) throw validation('上级组织已撤销，不能在其下新建组织', { field: 'parentId' });
  const nesting = nestingError(parent.type as OrgType, input.type);
  if (nesting) throw validation(nesting, { field: 'type' });
  checkFoundedOn(ctx, input.foundedOn);
}

function checkFoundedOn(ctx: RequestContext, foundedOn: string | null | undefined) {
  if (foundedOn && foundedOn > today(ctx)) throw validation('成立日期不能晚于今天', { field: 'foundedOn' });
}

/**
 * What an Excel import will have changed besides this row: the types its other rows give existing
 * organisations, and the types of the new organisations it puts under each one. A row's checks
 * judge the tree as it will be, so two rows cannot each pass against the other's old type.
 */
export type PlannedTree = { typeAfter: Map<number, OrgType>; newChildTypes: Map<number, OrgType[]> };

/** The rules of a change to an existing organisation; the API and the Excel import apply exactly these. */
export async function checkOrgChange(db: Kysely<DB>, ctx: RequestContext, org: repo.OrgRecord, input: OrgUpdateInput, planned?: PlannedTree) {
  if (org.dissolved_on) throw validation('组织已撤销，不能修改', { field: 'id' });
  // Like moving or dissolving it: what an admin's own organisation is decides what its rules ask of
  // it (which meetings, since when), so its type, founding and go-live dates are changed by the
  // level above — else a secretary could move the go-live past a missed month.
  if (isOwnGrantRoot(ctx.actor, org.path)) {
    if (input.type && input.type !== org.type) throw validation('不能修改自己被授权组织的类别，请由上级组织修改', { field: 'type' });
    if (input.foundedOn !== undefined && input.foundedOn !== org.founded_on) throw validation('不能修改自己被授权组织的成立日期，请由上级组织修改', { field: 'foundedOn' });
    if (input.goLiveOn !== undefined && input.goLiveOn !== org.go_live_on) throw validation('不能修改自己被授权组织的启用日期，请由上级组织修改', { field: 'goLiveOn' });
  }
  checkFoundedOn(ctx, input.foundedOn);
  const typeChanged = !!input.type && input.type !== org.type;
  // A change of type is judged against the parent's and the children's types as they will be.
  if (typeChanged || planned) await checkTypeChange(db, org, input.type ?? (org.type as OrgType), planned);
  const termStart = input.termStart !== undefined ? input.termStart : org.term_start;
  const termEnd = input.termEnd !== undefined ? input.termEnd : org.term_end;
  if (termStart && termEnd && termEnd <= termStart) throw validation('届满日期应晚于任期开始日期', { field: 'termEnd' });
}

export async function createOrg(deps: AppDeps, ctx: RequestContext, input: OrgCreateInput) {
  const parent = await orgFor(deps, ctx, input.parentId, 'org.write');
  checkNewOrg(ctx, parent, input);
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertOrg(trx, {
      parent,
      name: input.name,
      type: input.type,
      unitId: input.unitId ?? parent.unit_id ?? null,
      // Unknown unless given: a founding date is asked for, never assumed to be today.
      foundedOn: input.foundedOn ?? null,
      goLiveOn: input.goLiveOn ?? null,
      termStart: input.termStart ?? null,
      termEnd: input.termEnd ?? null,
      contact: input.contact ?? null,
      contactPhone: input.contactPhone ?? null,
      now: ctx.now,
    });
    const created = (await repo.findOrg(trx, systemScope('just created'), id))!;
    await audit(trx, ctx, { action: 'org.create', entityType: 'org', entityId: id, after: toOrgDto(created) });
    return toOrgDto(created);
  });
}

export async function updateOrg(deps: AppDeps, ctx: RequestContext, id: number, input: OrgUpdateInput) {
  const org = await orgFor(deps, ctx, id, 'org.write');
  await checkOrgChange(deps.db, ctx, org, input);
  const set = orgColumnsOf(input);
  return deps.db.transaction().execute(async (trx) => {
    await repo.updateOrg(trx, id, set, ctx.now);
    const after = (await repo.findOrg(trx, systemScope('just updated'), id))!;
    await audit(trx, ctx, { action: 'org.update', entityType: 'org', entityId: id, before: toOrgDto(org), after: toOrgDto(after) });
    return toOrgDto(after);
  }).finally(invalidateMemberCounts);
}

/** The columns an update writes: only the fields it names (undefined leaves a column as it is). */
export function orgColumnsOf(input: OrgUpdateInput): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const map: Record<string, string> = { name: 'name', type: 'type', unitId: 'unit_id', foundedOn: 'founded_on', goLiveOn: 'go_live_on', termStart: 'term_start', termEnd: 'term_end', contact: 'contact', contactPhone: 'contact_phone' };
  for (const [k, col] of Object.entries(map)) if ((input as Record<string, unknown>)[k] !== undefined) set[col] = (input as Record<string, unknown>)[k];
  return set;
}

/** A type must fit under the parent, hold the children, and hold members if it has any (ORG-*). */
async function checkTypeChange(db: Kysely<DB>, org: repo.OrgRecord, type: OrgType, planned?: PlannedTree) {
  const after = (id: number, now: OrgType) => planned?.typeAfter.get(id) ?? now;
  const parent = org.parent_id ? await repo.findOrg(db, systemScope('type change'), org.parent_id) : undefined;
  const children = await repo.activeChildren(db, org.id);
  const childTypes = [...children.map((c) => after(c.id, c.type)), ...(planned?.newChildTypes.get(org.id) ?? [])];
  const hasMembers = (await repo.activeMemberIds(db, org.id)).length > 0;
  const parentType = parent ? after(parent.id, parent.type as OrgType) : null;
  if (org.parent_id === null && type === org.type) return;
  const error = typeChangeError({ parentType, next: type, childTypes, hasMembers, memberTypes: MEMBER_ORG_TYPES });
  if (error) throw validation(error, { field: 'type' });
}

export async function moveOrg(deps: AppDeps, ctx: RequestContext, id: number, newParentId: number) {
  const org = await orgFor(deps, ctx, id, 'org.write');
  const parent = await orgFor(deps, ctx, newParentId, 'org.write');
  if (org.parent_id === null) throw validation('根组织不能移动');
  if (isOwnGrantRoot(ctx.actor, org.path)) throw validation('不能移动自己被授权的组织');
  if (parent.path.startsWith(org.path)) throw validation('不能把组织移动到它自己或它的下级组织之下');
  if (parent.dissolved_on || org.dissolved_on) throw validation('已撤销的组织不能参与移动');
  const nesting = nestingError(parent.type as OrgType, org.type as OrgType);
  if (nesting) throw validation(nesting);
  return deps.db.transaction().execute(async (trx) => {
    await repo.moveSubtree(trx, org, parent, ctx.now);
    const after = (await repo.findOrg(trx, systemScope('just moved'), id))!;
    await audit(trx, ctx, { action: 'org.move', entityType: 'org', entityId: id, before: { parentId: org.parent_id, path: org.path }, after: { parentId: parent.id, path: after.path } });
    return toOrgDto(after);
  }).finally(invalidateMemberCounts);
}

/** ORG-12: members move only into a 党支部 (any kind) or a 党小组, as a member's own edit requires. */
function checkReceivesMembers(target: { type: string }) {
  if (!MEMBER_ORG_TYPES.includes(target.type as OrgType)) throw validation('党员须编入党支部或党小组：接收党员的组织应为党支部或党小组');
}

/** 合并: members of `id` move into `intoId` (history kept), then `id` is dissolved. */
export async function mergeOrg(deps: AppDeps, ctx: RequestContext, id: number, intoId: number) {
  const source = await orgFor(deps, ctx, id, 'org.write');
  const target = await orgFor(deps, ctx, intoId, 'org.write');
  if (source.id === target.id) throw validation('不能与自身合并');
  if (source.dissolved_on || target.dissolved_on) throw validation('已撤销的组织不能合并');
  if (isOwnGrantRoot(ctx.actor, source.path)) throw validation('不能合并自己被授权的组织');
  if (await repo.countActiveChildren(deps.db, source.id)) throw validation('该组织还有下级组织，请先移动或撤销下级组织');
  checkReceivesMembers(target);
  return deps.db.transaction().execute(async (trx) => {
    const memberIds = await repo.activeMemberIds(trx, source.id);
    await repo.moveMembers(trx, memberIds, source.id, target.id, today(ctx), `组织合并：${source.name} 并入 ${target.name}`, ctx.now);
    await repo.updateOrg(trx, source.id, { dissolved_on: today(ctx) }, ctx.now);
    await audit(trx, ctx, { action: 'org.merge', entityType: 'org', entityId: source.id, before: toOrgDto(source), after: { mergedInto: target.id, movedMembers: memberIds } });
    return { movedMembers: memberIds.length };
  }).finally(invalidateMemberCounts);
}

/** 撤销: only an empty organisation, or one whose members are moved in the same step. */
export async function dissolveOrg(deps: AppDeps, ctx: RequestContext, id: number, dissolvedOn: string, moveMembersTo?: number) {
  const org = await orgFor(deps, ctx, id, 'org.write');
  if (org.parent_id === null) throw validation('根组织不能撤销');
  if (org.dissolved_on) throw validation('该组织已撤销');
  if (dissolvedOn > today(ctx)) throw validation('撤销日期不能晚于今天');
  if (org.founded_on && dissolvedOn < org.founded_on) throw validation(`撤销日期不能早于成立日期（${org.founded_on}）`);
  if (isOwnGrantRoot(ctx.actor, org.path)) throw validation('不能撤销自己被授权的组织');
  if (await repo.countActiveChildren(deps.db, org.id)) throw validation('该组织还有下级组织，请先移动或撤销下级组织');
  const target = moveMembersTo ? await orgFor(deps, ctx, moveMembersTo, 'org.write') : null;
  if (target && (target.id === org.id || target.dissolved_on)) throw validation('接收党员的组织无效');
  if (target) checkReceivesMembers(target);
  return deps.db.transaction().execute(async (trx) => {
    const memberIds = await repo.activeMemberIds(trx, org.id);
    if (memberIds.length && !target) throw conflict(`该组织还有${memberIds.length}名党员，请先转移党员或指定接收组织`);
    if (target) await repo.moveMembers(trx, memberIds, org.id, target.id, dissolvedOn, `组织撤销：${org.name}`, ctx.now);
    await repo.updateOrg(trx, org.id, { dissolved_on: dissolvedOn }, ctx.now);
    await audit(trx, ctx, { action: 'org.dissolve', entityType: 'org', entityId: org.id, before: toOrgDto(org), after: { dissolvedOn, movedMembersTo: target?.id ?? null, movedMembers: memberIds } });
    return { movedMembers: memberIds.length };
  }).finally(invalidateMemberCounts);
}

export async function addCommitteeMember(deps: AppDeps, ctx: RequestContext, orgId: number, input: CommitteeMemberInput) {
  const org = await orgFor(deps, ctx, orgId, 'org.write');
  const member = await deps.db.selectFrom('member').select(['id', 'org_id', 'status']).where('id', '=', input.memberId).executeTakeFirst();
  // The committee is drawn from the organisation's own subtree.
  const memberOrg = member && (await repo.findOrg(deps.db, subtreeOf(org.path), member.org_id));
  if (!member || !memberOrg) throw validation('委员须为本组织（含下级）在册党员');
  return deps.db.transaction().execute(async (trx) => {
    // One serving seat per person: a second, overlapping assignment would count twice in the size rules.
    const serving = await trx
      .selectFrom('org_committee_member')
      .select('id')
      .where('org_id', '=', orgId)
      .where('member_id', '=', input.memberId)
      .where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', input.startedOn)]))
      .forUpdate()
      .executeTakeFirst();
    if (serving) throw conflict('该党员已在本组织委员会任职（任期有重叠），请先办理离任');
    const { id } = await trx
      .insertInto('org_committee_member')
      .values({ org_id: orgId, member_id: input.memberId, post: input.post, started_on: input.startedOn, ended_on: input.endedOn ?? null, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'org.committee_add', entityType: 'org', entityId: orgId, after: { id, ...input } });
    return { id };
  });
}

export async function endCommitteeMember(deps: AppDeps, ctx: RequestContext, orgId: number, id: number, endedOn: string) {
  await orgFor(deps, ctx, orgId, 'org.write');
  const row = await repo.findCommitteeMember(deps.db, orgId, id);
  if (!row) throw notFound('委员记录');
  if (endedOn < row.started_on) throw validation('离任日期不能早于任职日期');
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('org_committee_member').set({ ended_on: endedOn }).where('id', '=', id).execute();
    await audit(trx, ctx, { action: 'org.committee_end', entityType: 'org', entityId: orgId, before: row, after: { ...row, ended_on: endedOn } });
  });
}

export async function listUnits(deps: AppDeps, ctx: RequestContext) {
  requirePermission(ctx.actor, 'org.read');
  return (await repo.listUnits(deps.db)).map((u) => ({ id: u.id, name: u.name, type: u.type, creditCode: u.credit_code }));
}

export async function createUnit(deps: AppDeps, ctx: RequestContext, input: { name: string; type: string; creditCode?: string }) {
  requirePermission(ctx.actor, 'org.write');
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('unit')
      .values({ name: input.name, type: input.type, credit_code: input.creditCode ?? null, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, { action: 'unit.create', entityType: 'unit', entityId: id, after: input });
    return { id, name: input.name, type: input.type, creditCode: input.creditCode ?? null };
  });
}
