import type { Actor } from './actor.ts';
import { requirePermission } from './actor.ts';
import { isNone, pathInScope, scopeFor, type Scope } from './scope.ts';

/**
 * 党纪政务处分台账 (docs/SECURITY.md §1.2): only the 纪检干部 role holds discipline.read/write — not the
 * committee admin, not an organisation's admins, not the 三员. It is a privileged role: only the
 * security admin hands it out, and no admin resets or re-links such an account through the API,
 * so nobody reaches the register by taking over its keeper. Within the role, the grant's subtree
 * bounds what is seen: a unit's 纪检干部 never sees a sibling unit's records (404).
 */
export function disciplineReadScope(actor: Actor): Scope {
  requirePermission(actor, 'discipline.read', '没有查看处分台账的权限');
  return scopeFor(actor, 'discipline.read');
}

export function disciplineWriteScope(actor: Actor): Scope {
  requirePermission(actor, 'discipline.write', '没有登记处分的权限');
  return scopeFor(actor, 'discipline.write');
}

export function canWriteDiscipline(actor: Actor, orgPath?: string): boolean {
  const scope = scopeFor(actor, 'discipline.write');
  return orgPath === undefined ? !isNone(scope) : pathInScope(scope, orgPath);
}
