import type { MemberCreateInput, MemberListQuery, MemberUpdateInput, OrgType } from '@xianfeng/shared';
import { localDate, memberStatuses } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { isNone, pathInScope, scopeFor, type Scope } from '../../access/scope.ts';
import { conflict, forbidden, notFound, validation } from '../../http/errors.ts';
import { guardedStatus } from '../../db/transition.ts';
import { canSeeSensitive, canWriteMember, memberAbilities } from '../../access/member-policy.ts';
import { audit } from '../audit/index.ts';
import { findOrg } from '../orgs/index.ts';
import * as repo from './members.repository.ts';
import { auditView, memberColumns, MEMBER_ORG_TYPES, toMemberDto } from './member-mapping.ts';
import { cachedCount, invalidateMemberCounts } from './member-count-cache.ts';

const today = (ctx: RequestContext) => localDate(ctx.now);

/** Resolves the optional orgId filter to a path the caller may read (404 otherwise). */
async function orgFilterPath(deps: AppDeps, scope: Scope, orgId?: number) {
  if (isNone(scope)) throw forbidden();
  if (!orgId) return undefined;
  // The path comes from memory (org-tree-cache.ts) and the scope is checked here: the list then
  // costs one query. An organisation outside the scope answers as if it did not exist.
  const path = scope.kind === 'self' ? undefined : await deps.caches.orgTree.pathOf(deps.db, orgId);
  if (!path || !pathInScope(scope, path)) throw notFound('组织');
  return path;
}

export async function listMembers(deps: AppDeps, ctx: RequestContext, q: MemberListQuery) {
  const scope = scopeFor(ctx.actor, 'member.read');
  const filter = { ...q, orgPath: await orgFilterPath(deps, scope, q.orgId) };
  const paging = { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
  const { page: _p, pageSize: _s, sort: _o, order: _d, ...countFilter } = filter;
  const countKey = JSON.stringify([scope, countFilter, today(ctx)]);
  // The total first (usually cached): it picks the page query's plan (see SORT_MATCHES_BELOW).
  const total = await cachedCount(countKey, Date.now(), () => repo.countMembers(deps.db, scope, filter, today(ctx)));
  const rows = await pageOf(deps, scope, filter, today(ctx), { ...paging, matches: total });
  return { items: rows.map(toMemberDto), total, page: q.page, pageSize: q.pageSize };
}

/** True when the scope holds every organisation (each root): the whole city can be paged without a per-row check. */
export async function coversEveryOrg(deps: AppDeps, scope: Scope) {
  if (scope.kind === 'system') return true;
  return scope.kind === 'subtrees' && (await deps.caches.orgTree.rootPaths(deps.db)).every((root) => pathInScope(scope, root));
}

// A page among few matches is read by organisation ids when the subtree has at most this many.
const MAX_ORG_IDS = 300;

/** One page, by the cheapest plan for its shape (see SORT_MATCHES_BELOW, pageInOrgs, wholeCityPage). */
async function pageOf(deps: AppDeps, scope: Scope, filter: MemberListQuery & { orgPath?: string }, asOf: string, paging: { limit: number; offset: number; matches: number }) {
  const { sort } = filter;
  if (paging.matches < repo.SORT_MATCHES_BELOW && scope.kind === 'subtrees') {
    const within = filter.orgPath ? [scope.paths, [filter.orgPath]] : [scope.paths];
    const orgIds = await deps.caches.orgTree.idsUnder(deps.db, within, MAX_ORG_IDS);
    if (orgIds) return repo.pageInOrgs(deps.db, scope, orgIds, filter, asOf, paging);
  }
  if (paging.matches >= repo.SORT_MATCHES_BELOW && !filter.orgPath && sort !== 'orgName' && (await coversEveryOrg(deps, scope))) {
    return repo.wholeCityPage(deps.db, scope, { ...filter, sort }, asOf, paging);
  }
  return repo.listMembers(deps.db, scope, filter, asOf, paging);
}

/** Every row of a filtered list, for the Excel export (bounded by the city's size). */
export async function allMembers(deps: AppDeps, ctx: RequestContext, q: MemberListQuery) {
  const scope = scopeFor(ctx.actor, 'member.read');
  const filter = { ...q, orgPath: await orgFilterPath(deps, scope, q.orgId) };
  return repo.listMembers(deps.db, scope, filter, today(ctx), { limit: 200_000, offset: 0 });
}

async function memberFor(deps: AppDeps, ctx: RequestContext, id: number) {
  const member = await repo.findMember(deps.db, scopeFor(ctx.actor, 'member.read'), id);
  if (!member) throw notFound('党员');
  return member;
}

const canWrite = (ctx: RequestContext, orgPath: string) => canWriteMember(ctx.actor, orgPath);

export async function getMember(deps: AppDeps, ctx: RequestContext, id: number) {
  const member = await memberFor(deps, ctx, id);
  const [statusHistory, orgHistory] = await Promise.all([repo.statusHistory(deps.db, id), repo.orgHistory(deps.db, id)]);
  return {
    ...toMemberDto(member),
    hasAddress: member.address_enc !== null,
    statusHistory: statusHistory.map((h) => ({ id: h.id, fromStatus: h.from_status, toStatus: h.to_status, changedOn: h.changed_on, reason: h.reason })),
    orgHistory: orgHistory.map((h) => ({ id: h.id, movedOn: h.moved_on, reason: h.reason, fromOrgName: h.from_org_name, toOrgName: h.to_org_name })),
    abilities: memberAbilities(ctx.actor, member),
  };
}

/** The whole ID number, phone and address: needs member.sensitive (or is one's own) and is audited. */
export async function getSensitive(deps: AppDeps, ctx: RequestContext, id: number) {
  const member = await memberFor(deps, ctx, id);
  if (!canSeeSensitive(ctx.actor, member)) throw forbidden('没有查看完整个人信息的权限');
  const result = {
    idNumber: deps.cipher.decrypt(member.id_number_enc),
    phone: member.phone_enc ? deps.cipher.decrypt(member.phone_enc) : null,
    address: member.address_enc ? deps.cipher.decrypt(member.address_enc) : null,
  };
  await deps.db.transaction().execute((trx) =>
    audit(trx, ctx, { action: 'member.sensitive_read', entityType: 'member', entityId: id, after: { fields: ['idNumber', 'phone', 'address'], name: member.name } }),
  );
  return result;
}

async function writableMemberOrg(deps: AppDeps, ctx: RequestContext, orgId: number) {
  const org = await findOrg(deps.db, scopeFor(ctx.actor, 'member.write'), orgId);
  if (!org) throw notFound('组织');
  if (org.dissolved_on) throw validation('该组织已撤销，不能添加党员');
  if (!MEMBER_ORG_TYPES.includes(org.type as OrgType)) throw validation('党员须编入党支部或党小组');
  return org;
}

export async function createMember(deps: AppDeps, ctx: RequestContext, input: MemberCreateInput) {
  await writableMemberOrg(deps, ctx, input.orgId);
  const columns = memberColumns(input, deps.cipher, ctx.now);
  if (await repo.findMemberIdByIdHash(deps.db, columns.id_number_hmac)) throw validation('该公民身份号码已登记');
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertMember(trx, { ...columns, created_at: ctx.now });
    await audit(trx, ctx, { action: 'member.create', entityType: 'member', entityId: id, after: auditView(columns) });
    return { id };
  }).finally(invalidateMemberCounts);
}

export async function updateMember(deps: AppDeps, ctx: RequestContext, id: number, input: MemberUpdateInput) {
  const member = await memberFor(deps, ctx, id);
  if (!canWrite(ctx, member.org_path)) throw forbidden('没有修改该党员信息的权限');
  const orgId = input.orgId ?? member.org_id;
  if (orgId !== member.org_id) await writableMemberOrg(deps, ctx, orgId);
  const columns = memberColumns({ ...input, orgId }, deps.cipher, ctx.now);
  const other = await repo.findMemberIdByIdHash(deps.db, columns.id_number_hmac);
  if (other && other.id !== id) throw validation('该公民身份号码已登记在其他党员名下');
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateMember(trx, id, columns);
    if (orgId !== member.org_id) {
      await trx.insertInto('member_org_history').values({ member_id: id, from_org_id: member.org_id, to_org_id: orgId, moved_on: today(ctx), reason: '调整所在组织', created_at: ctx.now }).execute();
    }
    await audit(trx, ctx, { action: 'member.update', entityType: 'member', entityId: id, before: toMemberDto(member), after: auditView(columns) });
  }).finally(invalidateMemberCounts);
  return getMember(deps, ctx, id);
}

/**
 * 党籍/在册状态 changes are facts recorded with a date and reason; any status may follow any other
 * (corrections included), but each change is atomic: the row is locked, and a change whose
 * starting status is no longer the member's (someone changed it meanwhile) answers 409.
 */
export async function changeStatus(deps: AppDeps, ctx: RequestContext, id: number, input: { status: string; fromStatus?: string; changedOn: string; reason: string }) {
  if (input.changedOn > today(ctx)) throw validation('变更日期不能晚于今天');
  await deps.db.transaction().execute(async (trx) => {
    const member = await repo.lockMember(trx, scopeFor(ctx.actor, 'member.read'), id);
    if (!member) throw notFound('党员');
    if (!canWrite(ctx, member.org_path)) throw forbidden('没有修改该党员信息的权限');
    const label = (s: string) => memberStatuses.label(s as never);
    if (input.fromStatus && input.fromStatus !== member.status) throw conflict(`该党员的状态已被改为“${label(member.status)}”，请刷新后重试`);
    if (member.status === input.status) throw conflict(`该党员已是“${label(input.status)}”状态`);
    const { fromStatus: _f, ...change } = input;
    await recordStatusChange(trx, ctx, member, change);
  }).finally(invalidateMemberCounts);
  return getMember(deps, ctx, id);
}

/**
 * The write of a status change, inside the caller's transaction, on a member row the caller has
 * locked: the guarded update, the dated history row and the audit record. Also used where another
 * record decides the status (开除党籍 in the discipline register); the caller then calls
 * invalidateMemberCounts after its commit.
 */
export async function recordStatusChange(
  trx: Parameters<typeof audit>[0],
  ctx: RequestContext,
  member: { id: number; status: string; org_id: number },
  change: { status: string; changedOn: string; reason: string },
) {
  await guardedStatus(trx, 'member', member.id, member.status, { status: change.status, updated_at: ctx.now }, `该党员的状态已被他人修改，请刷新后重试`);
  await trx
    .insertInto('member_status_history')
    .values({ member_id: member.id, from_status: member.status, to_status: change.status, changed_on: change.changedOn, reason: change.reason, org_id: member.org_id, created_at: ctx.now })
    .execute();
  await audit(trx, ctx, { action: 'member.status_change', entityType: 'member', entityId: member.id, before: { status: member.status }, after: change });
}
