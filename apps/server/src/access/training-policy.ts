import type { Actor } from './actor.ts';
import { hasPermission, requirePermission } from './actor.ts';
import { isNone, pathInScope, scopeFor, type Scope } from './scope.ts';
import { forbidden } from '../http/errors.ts';

/**
 * 培训班 (docs/SECURITY.md §1.6): an organisation's admins keep the classes of their subtree
 * (study.manage) and read them (study.read); the committee also sets the 十百千万 targets
 * (study.configure). A trainee reads their own classes, evaluates and prints their certificate as
 * themselves (their account's member), never another's. A class outside the reader's subtree is 404.
 */
export function trainingReadScope(actor: Actor): Scope {
  requirePermission(actor, 'study.read', '没有查看培训班的权限');
  return scopeFor(actor, 'study.read');
}

export const canManageTraining = (actor: Actor) => !isNone(scopeFor(actor, 'study.manage'));
export const mayManageClassAt = (actor: Actor, orgPath: string) => pathInScope(scopeFor(actor, 'study.manage'), orgPath);

export function requireManageClassAt(actor: Actor, orgPath: string): void {
  if (!mayManageClassAt(actor, orgPath)) throw forbidden('只能管理本组织及下级组织的培训班');
}

export const canConfigurePlan = (actor: Actor) => hasPermission(actor, 'study.configure');
export function requirePlanConfigure(actor: Actor): void {
  requirePermission(actor, 'study.configure', '只有工委管理员可以设置十百千万计划目标');
}

/** The trainee acting as themselves: their account's member. */
export function selfMemberId(actor: Actor): number {
  if (!actor.memberId) throw forbidden('当前账户未关联党员，不能参加培训');
  return actor.memberId;
}
