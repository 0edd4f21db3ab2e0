import type { Actor } from './actor.ts';
import { hasPermission, requirePermission } from './actor.ts';
import { canGrant, canLinkMember } from './account-policy.ts';
import { scopeFor, type Scope } from './scope.ts';

/**
 * 上线准备 (the setup guide). Who sees it: whoever builds the tree and keeps the roster — the
 * 工委管理员 and the 组织管理员 (org.write and member.read) — each for its own subtree. The three
 * separated admins hold neither and are refused: the guide counts members.
 */
export function setupScope(actor: Actor): Scope {
  requirePermission(actor, 'org.write', '没有查看上线准备的权限');
  requirePermission(actor, 'member.read', '没有查看上线准备的权限');
  return scopeFor(actor, 'member.read');
}

/** Generating secretaries' accounts takes the rights of creating an account and granting. */
export function canGenerateSecretaryAccounts(actor: Actor): boolean {
  return hasPermission(actor, 'org.write') && hasPermission(actor, 'user.write') && hasPermission(actor, 'grant.write');
}

/**
 * Why the actor may not open an account for this secretary, or null. The account gets 组织管理员 and
 * 党员 at the branch and is linked to the member, so the actor must be able to hand out both
 * (account-policy.ts: 组织管理员 strictly below its own level) and to manage that member — exactly
 * what creating the account by hand on the accounts page requires. No account gains a right the
 * actor does not hold.
 */
export function secretaryAccountDenial(actor: Actor, branchPath: string, memberOrgPath: string): string | null {
  if (!canGrant(actor, 'org_admin', branchPath) || !canGrant(actor, 'member', branchPath)) {
    return '组织管理员由上级任命：只能为本级以下党支部的书记开通账户';
  }
  if (!canLinkMember(actor, memberOrgPath)) return '该党员不在您的管理范围内';
  return null;
}
