import type { GrantInput, Role, UserCreateInput } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { hasPermission } from '../../access/actor.ts';
import { pathInScope, scopeFor } from '../../access/scope.ts';
import { forbidden, notFound, validation } from '../../http/errors.ts';
import { hashPassword } from '../../lib/password.ts';
import { audit } from '../audit/audit.service.ts';
import { deleteUserSessions } from '../auth/auth.repository.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { canGrant, coversRoot } from './grant-policy.ts';
import * as repo from './users.repository.ts';

type UserRow = Awaited<ReturnType<typeof repo.listUsers>>['rows'][number];
type GrantRow = Awaited<ReturnType<typeof repo.grantsOf>>[number];

function toUserDto(u: UserRow, grants: GrantRow[], now: Date) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    memberId: u.member_id,
    disabled: u.disabled,
    mustChangePassword: u.must_change_password,
    locked: !!u.locked_until && new Date(u.locked_until) > now,
    lastLoginAt: u.last_login_at,
    grants: grants.filter((g) => g.user_id === u.id).map((g) => ({ orgId: g.org_id, orgName: g.org_name, role: g.role as Role })),
  };
}

export async function listUsers(deps: AppDeps, ctx: RequestContext, q: { q?: string; page: number; pageSize: number }) {
  if (!hasPermission(ctx.actor, 'user.read')) throw forbidden();
  const { rows, total } = await repo.listUsers(deps.db, scopeFor(ctx.actor, 'user.read'), coversRoot(ctx.actor, 'user.read'), {
    q: q.q,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const grants = await repo.grantsOf(deps.db, rows.map((r) => r.id));
  return { items: rows.map((u) => toUserDto(u, grants, ctx.now)), total, page: q.page, pageSize: q.pageSize };
}

async function userFor(deps: AppDeps, ctx: RequestContext, id: number, permission: 'user.read' | 'user.write') {
  if (!hasPermission(ctx.actor, permission)) throw forbidden();
  const user = await repo.findUser(deps.db, scopeFor(ctx.actor, permission), coversRoot(ctx.actor, permission), id);
  if (!user) throw notFound('账户');
  return user;
}

export async function getUser(deps: AppDeps, ctx: RequestContext, id: number) {
  const user = await userFor(deps, ctx, id, 'user.read');
  return toUserDto(user, await repo.grantsOf(deps.db, [id]), ctx.now);
}

/** Checks every requested grant; all or nothing. */
async function checkGrants(deps: AppDeps, ctx: RequestContext, grants: GrantInput[]) {
  const errors: string[] = [];
  for (const g of grants) {
    const org = await findOrg(deps.db, { kind: 'system', reason: 'grant check' }, g.orgId);
    if (!org || org.dissolved_on || !canGrant(ctx.actor, g.role, org.path)) {
      errors.push(`无权在组织 ${g.orgId} 授予该角色`);
    }
  }
  if (errors.length) throw forbidden(errors.join('；'));
}

async function checkMemberLink(deps: AppDeps, ctx: RequestContext, memberId: number | null | undefined) {
  if (!memberId) return;
  const m = await deps.db.selectFrom('member').innerJoin('org', 'org.id', 'member.org_id').select('org.path').where('member.id', '=', memberId).executeTakeFirst();
  if (!m || !pathInScope(scopeFor(ctx.actor, 'user.write'), m.path)) throw notFound('党员');
}

export async function createUser(deps: AppDeps, ctx: RequestContext, input: UserCreateInput) {
  if (!hasPermission(ctx.actor, 'user.write')) throw forbidden();
  await checkGrants(deps, ctx, input.grants);
  await checkMemberLink(deps, ctx, input.memberId);
  const passwordHash = await hashPassword(input.password);
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('app_user')
      .values({ username: input.username, display_name: input.displayName ?? null, password_hash: passwordHash, member_id: input.memberId ?? null, must_change_password: true, locked_until: null, password_changed_at: null, last_login_at: null, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.replaceGrants(trx, id, input.grants, ctx.now);
    await audit(trx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: { username: input.username, displayName: input.displayName, memberId: input.memberId ?? null, grants: input.grants } });
    return id;
  });
  // An account with no grant in the creator's reach would vanish from their list: show it by id.
  const user = await deps.db.selectFrom('app_user as u').select(['u.id', 'u.username', 'u.display_name', 'u.member_id', 'u.disabled', 'u.must_change_password', 'u.locked_until', 'u.last_login_at', 'u.created_at']).where('u.id', '=', id).executeTakeFirstOrThrow();
  return toUserDto(user, await repo.grantsOf(deps.db, [id]), ctx.now);
}

export async function updateUser(deps: AppDeps, ctx: RequestContext, id: number, input: { displayName?: string; disabled?: boolean; memberId?: number | null }) {
  const user = await userFor(deps, ctx, id, 'user.write');
  if (input.disabled && id === ctx.actor.userId) throw validation('不能停用自己的账户');
  if (input.memberId !== undefined) await checkMemberLink(deps, ctx, input.memberId);
  await deps.db.transaction().execute(async (trx) => {
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
  await userFor(deps, ctx, id, 'user.write');
  const hash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
    await deleteUserSessions(trx, id);
    await audit(trx, ctx, { action: 'user.password_reset', entityType: 'user', entityId: id });
  });
}

/** Replaces the grants the caller controls; grants outside the caller's reach stay as they are. */
export async function setGrants(deps: AppDeps, ctx: RequestContext, id: number, grants: GrantInput[]) {
  if (!hasPermission(ctx.actor, 'grant.write')) throw forbidden();
  await userFor(deps, ctx, id, 'user.read');
  await checkGrants(deps, ctx, grants);
  const existing = await repo.grantsOf(deps.db, [id]);
  const kept = existing.filter((g) => !canGrant(ctx.actor, g.role as Role, g.org_path)).map((g) => ({ orgId: g.org_id, role: g.role }));
  const next = [...kept, ...grants.filter((g) => !kept.some((k) => k.orgId === g.orgId && k.role === g.role))];
  await deps.db.transaction().execute(async (trx) => {
    await repo.replaceGrants(trx, id, next, ctx.now);
    await deleteUserSessions(trx, id);
    await audit(trx, ctx, { action: 'user.grants', entityType: 'user', entityId: id, before: existing.map((g) => ({ orgId: g.org_id, role: g.role })), after: next });
  });
  return getUser(deps, ctx, id);
}
