import type { Actor } from './actor.ts';
import { hasPermission, requirePermission } from './actor.ts';
import { isNone, scopeFor, type Scope } from './scope.ts';

/**
 * 创先争优 (docs/SECURITY.md §1.4): campaigns are the committee's (honour.configure: create, review,
 * 公示, objections, naming); organisations' admins read and nominate within their subtree
 * (honour.read / honour.nominate). Nominations and honours are seen within the reader's subtree;
 * a sibling's nomination is 404. The public 公示 page needs no permission and shows only names,
 * organisations, the honour and the window.
 */
export function honourReadScope(actor: Actor): Scope {
  requirePermission(actor, 'honour.read', '没有查看创先争优的权限');
  return scopeFor(actor, 'honour.read');
}

export function honourNominateScope(actor: Actor): Scope {
  requirePermission(actor, 'honour.nominate', '没有推荐评选对象的权限');
  return scopeFor(actor, 'honour.nominate');
}

export function requireHonourConfigure(actor: Actor): void {
  requirePermission(actor, 'honour.configure', '只有工委管理员可以管理创先争优评选');
}

export const canConfigureHonours = (actor: Actor) => hasPermission(actor, 'honour.configure');
export const canNominateHonours = (actor: Actor) => !isNone(scopeFor(actor, 'honour.nominate'));
