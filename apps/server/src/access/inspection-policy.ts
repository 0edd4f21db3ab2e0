import type { Actor } from './actor.ts';
import { requirePermission } from './actor.ts';
import { isNone, pathInScope, scopeFor, type Scope } from './scope.ts';
import { forbidden } from '../http/errors.ts';

/**
 * 督查 and cards (docs/SECURITY.md §1): the committee (supervision.configure) plans inspections,
 * records checklists, keeps templates and the card catalogue, issues and withdraws cards. An
 * organisation's admins (supervision.read) see what concerns their subtree: the inspections that
 * target it (only those targets), its coverage row, the cards issued to it or below it — never a
 * sibling's. Out-of-scope objects answer 404; a caller without the permission 403.
 */

/** Where the caller reads inspections, coverage and cards; 403 without supervision.read. */
export function supervisionReadScope(actor: Actor): Scope {
  requirePermission(actor, 'supervision.read', '没有查看督查信息的权限');
  return scopeFor(actor, 'supervision.read');
}

/** Where the caller plans and records inspections and issues cards; 403 without supervision.configure. */
export function supervisionConfigureScope(actor: Actor, message = '只有工委可以安排督查、登记检查结果和亮牌'): Scope {
  requirePermission(actor, 'supervision.configure', message);
  const scope = scopeFor(actor, 'supervision.configure');
  if (isNone(scope)) throw forbidden(message);
  return scope;
}

export function canConfigureSupervision(actor: Actor): boolean {
  return !isNone(scopeFor(actor, 'supervision.configure'));
}

/** The committee's reach covers this organisation (a target, a card's organisation). */
export function mayConfigureAt(actor: Actor, orgPath: string): boolean {
  return pathInScope(scopeFor(actor, 'supervision.configure'), orgPath);
}
