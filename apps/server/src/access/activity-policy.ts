import { activityMachine, localDate } from '@xianfeng/shared';
import type { Actor } from './actor.ts';
import { pathInScope, scopeFor } from './scope.ts';

/**
 * Who may do what with an organisational-life record: the organisation records and submits
 * (activity.write over it); the level above reviews (activity.review over the parent); whoever
 * recorded or submitted a record never approves it (NK-1, docs/RULES.md).
 */

/** The organisation one level up reviews (the working committee reviews its own records). */
export function parentPath(path: string): string {
  const parent = path.replace(/\d+\/$/, '');
  return parent === '/' ? path : parent;
}

export function canWriteActivity(actor: Actor, orgPath: string): boolean {
  return pathInScope(scopeFor(actor, 'activity.write'), orgPath);
}

export function canReviewActivity(actor: Actor, orgPath: string): boolean {
  return pathInScope(scopeFor(actor, 'activity.review'), parentPath(orgPath));
}

/**
 * NK-1: whoever recorded or submitted a record does not approve it — nor the admin who created
 * or last reset the password of the account that did (`controllers`), who could have used it.
 */
export function isOwnRecord(actor: Actor, a: { created_by: number | null; submitted_by: number | null }, controllers: number[]): boolean {
  return a.created_by === actor.userId || a.submitted_by === actor.userId || controllers.includes(actor.userId);
}

type ActivityFacts = {
  org_path: string;
  status: string;
  held_on: string;
  created_by: number | null;
  submitted_by: number | null;
  pendingSignIns: number;
  controllers: number[];
  /** Why the record cannot be submitted as it stands (nobody expected or present, no committee). */
  submitProblem: string | null;
};

/** The buttons of a record, from the same rules the service applies (and the workflow's table). */
export function activityAbilities(actor: Actor, a: ActivityFacts, now: Date) {
  const editable = activityMachine.allows('edit', a.status);
  const write = canWriteActivity(actor, a.org_path);
  const review = canReviewActivity(actor, a.org_path);
  return {
    edit: write && editable,
    // Sign-ins waiting for confirmation are answered before the record goes up; an empty meeting never does.
    submit: write && editable && a.held_on <= localDate(now) && a.pendingSignIns === 0 && !a.submitProblem,
    approve: review && activityMachine.allows('approve', a.status) && !isOwnRecord(actor, a, a.controllers),
    return: review && activityMachine.allows('return', a.status),
    reopen: review && activityMachine.allows('reopen', a.status),
    delete: write && activityMachine.allows('delete', a.status),
    signInCode: write && editable,
  };
}
