import { SEPARATED_ADMIN_ROLES, type Role } from '@xianfeng/shared';
import type { Actor } from '../../access/actor.ts';
import { pathInScope, scopeFor } from '../../access/scope.ts';

/**
 * Who may grant what (三员分立, DB-4 in docs/RULES.md): only the security admin hands out the separated admin roles and
 * 工委管理员; committee and organisation admins hand out 组织管理员 and 党员 inside their subtree.
 */
export function canGrant(actor: Actor, role: Role, orgPath: string): boolean {
  const scope = scopeFor(actor, 'grant.write');
  if (!pathInScope(scope, orgPath)) return false;
  const isSecurityAdmin = actor.grants.some((g) => g.role === 'security_admin' && orgPath.startsWith(g.orgPath));
  if (SEPARATED_ADMIN_ROLES.includes(role) || role === 'committee_admin') return isSecurityAdmin;
  return true;
}

/** Does the actor reach a root organisation for this permission (and so see grant-less accounts)? */
export function coversRoot(actor: Actor, permission: 'user.read' | 'user.write'): boolean {
  const scope = scopeFor(actor, permission);
  return scope.kind === 'subtrees' && scope.paths.some((p) => /^\/\d+\/$/.test(p));
}
