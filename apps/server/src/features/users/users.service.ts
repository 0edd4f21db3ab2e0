import { separationError, type GrantInput, type Role, type UserCreateInput, type UserUpdateInput } from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { hasPermission } from '../../access/actor.ts';
import {
  accountAbilities,
  accountVisibility,
  accountWriteDenial,
  canGrant,
  canLinkMember,
  grantsDenial,
  type AccountFacts,
} from '../../access/account-policy.ts';
import { forbidden, notFound, validation } from '../../http/errors.ts';
import { hashPassword } from '../../lib/password.ts';
import { audit } from '../audit/index.ts';
import { clearLoginFailures, deleteUserSessions, recordPassword } from '../auth/index.ts';
import { findOrg } from '../orgs/index.ts';
import { systemScope } from '../../access/scope.ts';
import * as repo from './users.repository.ts';

type UserRow = Awaited<ReturnType<typeof repo.listUsers>>['rows'][number];
type GrantRow = Awaited<ReturnType<typeof repo.grantsOf>>[number];

/** The facts the account policy judges: grants with their paths and the linked member's organisation. */
function factsOf(u: UserRow, grants: GrantRow[], memberPaths: Map<number, string>): AccountFacts {
  return {
    id: u.id,
    grants: grants.filter((g) => g.user_id === u.id).map((g) => ({ role: g.role as Role, orgPath: g.org_path })),
    memberOrgPath: u.member_id ? (memberPaths.get(u.member_id) ?? null) : null,
    usedBefore: u.last_login_at !== null,
  };
}

async function toUserDtos(db: Kysely<DB>, ctx: RequestContext, rows: UserRow[]) {
  const [grants, memberPaths, locked] = await Promise.all([
    repo.grantsOf(db, rows.map((r) => r.id)),
    repo.memberPathsOf(db, rows.flatMap((r) => (r.member_id ? [r.member_id] : []))),
    repo.lockedUsernames(db, rows.map((r) => r.username), ctx.now),
  ]);
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    memberId: u.member_id,
    disabled: u.disabled,
    mustChangePassword: u.must_change_password,
    locked: locked.has(u.username),
    lastLoginAt: u.last_login_at,
    grants: grants.filter((g) => g.user_id === u.id).map((g) => ({ orgId: g.org_id, orgName: g.org_name, role: g.role as Role })),
    abilities: accountAbilities(ctx.actor, factsOf(u, grants, memberPaths)),
  }));
}

const toUserDto = async (db: Kysely<DB>, ctx: RequestContext, row: UserRow) => (await toUserDtos(db, ctx, [row]))[0];

export async function listUsers(deps: AppDeps, ctx: RequestContext, q: { q?: string; page: number; pageSize: number }) {
  if (!hasPermission(ctx.actor, 'user.read')) throw forbidden();
  const { rows, total } = await repo.listUsers(deps.db, accountVisibility(ctx.actor), { q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: await toUserDtos(deps.db, ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** An account the caller may see, with the facts the policy needs; 404 as if absent otherwise. */
async function visibleAccount(db: Kysely<DB>, ctx: RequestContext, id: number) {
  if (!hasPermission(ctx.actor, 'user.read') && !hasPermission(ctx.actor, 'grant.write')) throw forbidden();
  const user = await repo.findUser(db, accountVisibility(ctx.actor), id);
  if (!user) throw notFound('账户');
  const [grants, memberPaths] = await Promise.all([repo.grantsOf(db, [id]), repo.memberPathsOf(db, user.member_id ? [user.member_id] : [])]);
  return { user, grants, facts: factsOf(user, grants, memberPaths) };
}

/**
 * Loads, inside the caller's transaction, an account the caller may manage: the row is locked
 * first, so a concurrent grant or link change cannot slip between the check and the write.
 */
async function manageableAccount(trx: Kysely<DB>, ctx: RequestContext, id: number) {
  await repo.lockUser(trx, id);
  const account = await visibleAccount(trx, ctx, id);
  const denial = accountWriteDenial(ctx.actor, account.facts);
  if (denial) throw forbidden(denial);
  return account;
}

export async function getUser(deps: AppDeps, ctx: RequestContext, id: number) {
  return toUserDto(deps.db, ctx, (await visibleAccount(deps.db, ctx, id)).user);
}

/** Every requested grant must be one the caller may hand out, and the set must keep 三员分立; all or nothing. */
async function checkGrants(db: Kysely<DB>, ctx: RequestContext, grants: GrantInput[]) {
  const errors: string[] = [];
  for (const g of grants) {
    const org = await findOrg(db, systemScope('grant check'), g.orgId);
    if (!org || org.dissolved_on || !canGrant(ctx.actor, g.role, org.path)) errors.push(`无权在组织 ${g.orgId} 授予该角色`);
  }
  if (errors.length) throw forbidden(errors.join('；'));
  const separation = separationError(grants);
  if (separation) throw validation(separation);
}

/** Linking an account to a member needs the right to manage that member (else: as if absent). */
async function checkMemberLink(db: Kysely<DB>, ctx: RequestContext, memberId: number | null | undefined) {
  if (!memberId) return;
  const path = (await repo.memberPathsOf(db, [memberId])).get(memberId);
  if (!path || !canLinkMember(ctx.actor, path)) throw notFound('党员');
}

export async function createUser(deps: AppDeps, ctx: RequestContext, input: UserCreateInput) {
  if (!hasPermission(ctx.actor, 'user.write')) throw forbidden();
  await checkGrants(deps.db, ctx, input.grants);
  await checkMemberLink(deps.db, ctx, input.memberId);
  const passwordHash = await hashPassword(input.password);
  const id = await deps.db.transaction().execute((trx) => insertAccount(trx, ctx, { ...input, memberId: input.memberId ?? null }, passwordHash));
  // An account created without grants would vanish from a non-root creator's list: show it by id.
  return toUserDto(deps.db, ctx, await repo.findUserById(deps.db, id));
}

export type NewAccount = { username: string; displayName?: string; memberId: number | null; grants: GrantInput[] };

/**
 * Writes a new account (must change its password at first login), its grants and password
 * history, and its audit record — never the password — inside the caller's transaction. The caller
 * has checked the account policy (checkGrants and checkMemberLink here; the setup guide's bulk
 * secretary accounts through access/setup-policy.ts, which applies the same rules).
 */
export async function insertAccount(trx: Kysely<DB>, ctx: RequestContext, input: NewAccount, passwordHash: string, source?: string) {
  const separation = separationError(input.grants);
  if (separation) throw validation(separation);
  const { id } = await trx
    .insertInto('app_user')
    .values({ username: input.username, display_name: input.displayName ?? null, password_hash: passwordHash, member_id: input.memberId, must_change_password: true, password_changed_at: null, last_login_at: null, created_at: ctx.now, created_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await repo.replaceGrants(trx, id, input.grants, ctx.now);
  await recordPassword(trx, id, passwordHash, ctx.now);
  await audit(trx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: { username: input.username, displayName: input.displayName, memberId: input.memberId, grants: input.grants, ...(source ? { source } : {}) } });
  return id;
}

export async function updateUser(deps: AppDeps, ctx: RequestContext, id: number, input: UserUpdateInput) {
  await deps.db.transaction().execute(async (trx) => {
    const { user } = await manageableAccount(trx, ctx, id);
    if (input.memberId !== undefined) await checkMemberLink(trx, ctx, input.memberId);
    await trx
      .updateTable('app_user')
      .set({
        ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(input.memberId !== undefined ? { member_id: input.memberId } : {}),
      })
      .where('id', '=', id)
      .execute();
    if (input.disabled) await deleteUserSessions(trx, id);
    await audit(trx, ctx, { action: 'user.update', entityType: 'user', entityId: id, before: { displayName: user.display_name, disabled: user.disabled, memberId: user.member_id }, after: input });
  });
  return getUser(deps, ctx, id);
}

export async function resetPassword(deps: AppDeps, ctx: RequestContext, id: number, password: string) {
  const hash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    const { user } = await manageableAccount(trx, ctx, id);
    await trx.updateTable('app_user').set({ password_hash: hash, must_change_password: true, password_set_by: ctx.actor.userId }).where('id', '=', id).execute();
    await recordPassword(trx, id, hash, ctx.now);
    await clearLoginFailures(trx, user.username);
    await deleteUserSessions(trx, id);
    await audit(trx, ctx, { action: 'user.password_reset', entityType: 'user', entityId: id, after: { username: user.username } });
  });
}

/** Replaces the account's grants. Only accounts whose every grant the caller could hand out are reached. */
export async function setGrants(deps: AppDeps, ctx: RequestContext, id: number, grants: GrantInput[]) {
  if (!hasPermission(ctx.actor, 'grant.write')) throw forbidden();
  await checkGrants(deps.db, ctx, grants);
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockUser(trx, id);
    const { facts, grants: existing } = await visibleAccount(trx, ctx, id);
    const denial = grantsDenial(ctx.actor, facts);
    if (denial) throw forbidden(denial);
    await repo.replaceGrants(trx, id, grants, ctx.now);
    await deleteUserSessions(trx, id);
    await audit(trx, ctx, { action: 'user.grants', entityType: 'user', entityId: id, before: existing.map((g) => ({ orgId: g.org_id, role: g.role })), after: grants });
  });
  // Read back by id: with every grant removed, a caller below the root would no longer "see" the
  // account it has just changed, and must not get a 404 for a change that committed.
  return toUserDto(deps.db, ctx, await repo.findUserById(deps.db, id));
}
