import type { Actor } from './actor.ts';
import { requirePermission } from './actor.ts';
import { forbidden } from '../http/errors.ts';
import { isNone, pathInScope, scopeFor, type Scope } from './scope.ts';

/**
 * 学习 (docs/RULES.md §学习与学时): the committee and organisations publish study topics to their
 * subtree (study.manage) and read their subtree's topics (study.read). A topic of another branch is
 * 404. The three separated admins and plain members hold neither: 403 (a member reads the topics
 * addressed to them through the mobile pages, by their own member link).
 */
export function studyReadScope(actor: Actor): Scope {
  requirePermission(actor, 'study.read', '没有查看学习资料的权限');
  return scopeFor(actor, 'study.read');
}

export function studyManageScope(actor: Actor): Scope {
  requirePermission(actor, 'study.manage', '没有管理学习资料的权限');
  return scopeFor(actor, 'study.manage');
}

/** May the actor publish or edit topics of this organisation (its own or one below)? */
export const canManageStudyAt = (actor: Actor, orgPath: string) => pathInScope(scopeFor(actor, 'study.manage'), orgPath);
export const canManageStudy = (actor: Actor) => !isNone(scopeFor(actor, 'study.manage'));

/** A member studies as themself: the account's member link (SH-5). Accounts without one (the 三员, pure admins) get 403. */
export function studySelf(actor: Actor): number {
  if (!actor.memberId) throw forbidden('账号未关联党员信息，不能在线学习');
  return actor.memberId;
}

export function requireStudyConfigure(actor: Actor): void {
  requirePermission(actor, 'study.configure', '只有工委管理员可以修改学习设置');
}
