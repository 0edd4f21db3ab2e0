import { isPrivilegedRole, SEPARATED_ADMIN_ROLES, type Role } from '@xianfeng/shared';
import type { Actor } from './actor.ts';
import { hasPermission } from './actor.ts';
import { pathInScope, scopeFor, scopeOfRole, strictlyBelow, type Scope } from './scope.ts';

/**
 * Who may see, manage and grant which accounts (docs/SECURITY.md, "who may manage whom"; 三员分立 is
 * DB-4 in docs/RULES.md).
 *
 * The one rule: an admin reaches an account only when every grant of that account is one the
 * admin could hand out itself — so resetting its password, disabling it or editing its grants can
 * never give the admin a right it does not already hold. Accounts holding a privileged role
 * (三员 or 工委管理员) are never reset, disabled or re-linked through the API at all: the operator does
 * it with `npm run account` on the server.
 */

/**
 * Where the actor may hand out each role:
 * - 党员: anywhere in its grant scope;
 * - 组织管理员: strictly below its own level — admins are appointed by the level above, so no admin
 *   reaches a peer (another admin of the same organisation) or itself;
 * - the privileged roles: only the security admin, in its subtree.
 */
export type GrantReach = Record<Role, Scope>;

export function grantReach(actor: Actor): GrantReach {
  const grantScope = scopeFor(actor, 'grant.write');
  const privileged = scopeOfRole(actor, 'security_admin');
  return {
    member: grantScope,
    org_admin: strictlyBelow(grantScope),
    committee_admin: privileged,
    system_admin: privileged,
    security_admin: privileged,
    audit_admin: privileged,
    discipline_officer: privileged,
  };
}

export function canGrant(actor: Actor, role: Role, orgPath: string): boolean {
  return pathInScope(grantReach(actor)[role], orgPath);
}

/** Does the actor reach a root organisation for this permission (and so see grant-less accounts)? */
export function coversRoot(actor: Actor, permission: 'user.read' | 'user.write'): boolean {
  const scope = scopeFor(actor, permission);
  return scope.kind === 'subtrees' && scope.paths.some((p) => /^\/\d+\/$/.test(p));
}

/** What the users repository needs to list exactly the accounts this actor may see. */
export type AccountVisibility = { reach: GrantReach; seesGrantless: boolean };

export function accountVisibility(actor: Actor): AccountVisibility {
  return { reach: grantReach(actor), seesGrantless: coversRoot(actor, 'user.read') };
}

export type AccountFacts = {
  id: number;
  grants: { role: Role; orgPath: string }[];
  /** The organisation path of the member the account is linked to, if any. */
  memberOrgPath: string | null;
  /** Whether anyone has ever logged in with it (a fresh account vs one in use). */
  usedBefore: boolean;
};

/** Seeing an account: every grant is one the actor could hand out (grant-less: admins of a root). */
export function canSeeAccount(actor: Actor, account: AccountFacts): boolean {
  if (!hasPermission(actor, 'user.read') && !hasPermission(actor, 'grant.write')) return false;
  if (!account.grants.length) return coversRoot(actor, 'user.read');
  return account.grants.every((g) => canGrant(actor, g.role, g.orgPath));
}

/** Why the actor may not reset, disable, edit or re-link this (visible) account, or null. */
export function accountWriteDenial(actor: Actor, account: AccountFacts): string | null {
  if (!hasPermission(actor, 'user.write')) return '没有管理账户的权限';
  if (account.id === actor.userId) return '不能在此修改自己的账户，请使用“修改密码”';
  if (account.grants.some((g) => isPrivilegedRole(g.role))) {
    return '管理员账户（工委管理员、纪检干部、系统管理员、安全管理员、审计管理员）只能由运维人员在服务器上用 npm run account 命令重置或停用';
  }
  if (!account.grants.length && !coversRoot(actor, 'user.write')) return '没有管理该账户的权限';
  // An account without grants is reached only while fresh: one in use whose grants were all taken
  // away (e.g. a former admin) would otherwise be reset by one admin and re-granted by another.
  if (!account.grants.length && account.usedBefore) return '该账户已使用过且当前没有任何授权，只能由运维人员在服务器上用 npm run account 命令处理';
  if (account.memberOrgPath && !canLinkMember(actor, account.memberOrgPath)) return '该账户关联的党员不在您的管理范围内';
  return null;
}

/** Why the actor may not change this account's grants, or null. */
export function grantsDenial(actor: Actor, account: AccountFacts): string | null {
  if (!hasPermission(actor, 'grant.write')) return '没有授权的权限';
  if (account.id === actor.userId) return '不能修改自己的授权';
  // A separated admin's grants are not changed through the web: a new appointment takes a new
  // account, and the old one is disabled on the server — no one admin silences another.
  if (account.grants.some((g) => SEPARATED_ADMIN_ROLES.includes(g.role))) {
    return '三员（系统、安全、审计管理员）账户的授权不能在此修改：新任命请新建账户授权，原账户由运维人员在服务器上停用';
  }
  return null;
}

/** Linking an account to a member needs the right to manage that member. */
export function canLinkMember(actor: Actor, memberOrgPath: string): boolean {
  return pathInScope(scopeFor(actor, 'member.write'), memberOrgPath);
}

/** The buttons of the accounts page, from the same rules the service applies. */
export function accountAbilities(actor: Actor, account: AccountFacts) {
  const write = accountWriteDenial(actor, account) === null;
  return { edit: write, resetPassword: write, disable: write, editGrants: grantsDenial(actor, account) === null };
}
