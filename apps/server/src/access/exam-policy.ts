import type { Actor } from './actor.ts';
import { hasPermission, requirePermission } from './actor.ts';
import { pathInScope, scopeFor, type Scope } from './scope.ts';

/**
 * 考试 (docs/SECURITY.md §'考试'): organisers hold exam.manage at an organisation. They read the
 * question banks of their subtree and the committee's (the root's, shared with every organiser,
 * EX-1) and write only their subtree's. A plain member, the 三员 and a manager of another branch
 * get 403 without the permission and 404 for a question outside their reach.
 */
export function examManageScope(actor: Actor): Scope {
  requirePermission(actor, 'exam.manage', '没有管理考试的权限');
  return scopeFor(actor, 'exam.manage');
}

/** May write (edit, archive, import into) the bank of the organisation at `orgPath`. */
export function canWriteBank(scope: Scope, orgPath: string): boolean {
  return pathInScope(scope, orgPath);
}

/**
 * The member record a caller takes exams as (EX-10): their account's member link, through
 * 'member.self'; null when the account is not a member's. Which exams are theirs (their
 * organisation in the exam organisation's subtree, in good standing) is decided in SQL.
 */
export function examTaker(actor: Actor): number | null {
  return actor.memberId && hasPermission(actor, 'member.self') ? actor.memberId : null;
}

/** May manage (edit, publish, close, cancel, see every attempt of) the exam of the organisation at `orgPath`. */
export function canManageExam(actor: Actor, orgPath: string): boolean {
  return hasPermission(actor, 'exam.manage') && pathInScope(scopeFor(actor, 'exam.manage'), orgPath);
}
