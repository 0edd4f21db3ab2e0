import type { Actor } from './actor.ts';
import { hasPermission, requirePermission } from './actor.ts';
import { forbidden } from '../http/errors.ts';
import { isNone, pathInScope, scopeFor, strictlyBelow, type Scope } from './scope.ts';

/**
 * 党员积分 (docs/SECURITY.md §'党员积分'): the committee keeps the rule sets (points.configure);
 * organisations' admins read the ledgers of their subtree (points.read) and record their members'
 * exemptions (points.write, at the member's organisation or above); a member reads their own ledger
 * through member.self and the account's member link. A member of another subtree is 404; the 三员 and
 * plain members without the link are refused (403).
 */
export function pointsReadScope(actor: Actor): Scope {
  requirePermission(actor, 'points.read', '没有查看党员积分的权限');
  return scopeFor(actor, 'points.read');
}

/** The ledger of one member: the caller's own (member.self) or one in the points.read subtree. */
export function pointsLedgerScope(actor: Actor, memberId: number): Scope {
  const read = scopeFor(actor, 'points.read');
  if (actor.memberId === memberId && hasPermission(actor, 'member.self')) {
    // The member's own record: with points.read over it the subtree serves; otherwise the self scope.
    const self = scopeFor(actor, 'member.read');
    return isNone(read) ? self : read;
  }
  if (isNone(read)) throw forbidden('只能查看本人的积分');
  return read;
}

export function pointsWriteScope(actor: Actor): Scope {
  requirePermission(actor, 'points.write', '没有登记党员积分事项的权限');
  return scopeFor(actor, 'points.write');
}

export function requirePointsConfigure(actor: Actor): void {
  requirePermission(actor, 'points.configure', '只有工委管理员可以维护积分规则');
}

export const canConfigurePoints = (actor: Actor) => hasPermission(actor, 'points.configure');

/**
 * Who may approve or return a branch's addition or deduction (PT-11): points.review at a proper
 * ancestor of the member's organisation (the level above, never the branch itself), and never the
 * account that entered it.
 */
export function pointsReviewScope(actor: Actor): Scope {
  requirePermission(actor, 'points.review', '没有审核党员积分登记的权限');
  return strictlyBelow(scopeFor(actor, 'points.review'));
}

export function mayReviewEntry(actor: Actor, entry: { orgPath: string; enteredBy: number | null }): boolean {
  return hasPermission(actor, 'points.review') && pathInScope(strictlyBelow(scopeFor(actor, 'points.review')), entry.orgPath) && entry.enteredBy !== actor.userId;
}

/** A member appeals lines of their own ledger only (member.self and the account's member link). */
export function requireOwnLedger(actor: Actor): number {
  if (!actor.memberId || !hasPermission(actor, 'member.self')) throw forbidden('只有党员本人可以对自己的积分提出申诉');
  return actor.memberId;
}

/** Appeals are answered by the branch (points.write over the member's organisation). */
export function pointsAnswerScope(actor: Actor): Scope {
  requirePermission(actor, 'points.write', '积分申诉由党员所在党组织答复');
  return scopeFor(actor, 'points.write');
}
