import type { Actor } from './actor.ts';
import { hasPermission, requirePermission } from './actor.ts';
import { isNone, pathInScope, scopeFor, type Scope } from './scope.ts';
import { forbidden } from '../http/errors.ts';

/**
 * 述职评议 (docs/SECURITY.md §1, "述职评议"): the committee (review.configure) sets up campaigns,
 * moves them through their states and sees every reporter, comment, participation and result.
 * An organisation's admins (review.read) see the campaigns their organisations report in, only
 * those reporters, write their reports, and see their results after close. A reviewer is any
 * account named as one in the campaign — a member account too: being a reviewer (a row of
 * review_reviewer, read by the service and handed here) opens the ballot sheet, the comment box
 * and the ballot, for that campaign only. Nobody reads another reviewer's ballots.
 */

export type ReviewerRow = { user_id: number; group_key: string } | undefined;

export function canConfigureReview(actor: Actor): boolean {
  return hasPermission(actor, 'review.configure') && !isNone(scopeFor(actor, 'review.configure'));
}

/** Where the caller reads reporters (none for a plain member). */
export function reviewReadScope(actor: Actor): Scope {
  return scopeFor(actor, 'review.read');
}

/** The committee only; 403 otherwise. */
export function requireReviewConfigure(actor: Actor, message = '只有工委可以设置和推进述职评议'): Scope {
  requirePermission(actor, 'review.configure', message);
  const scope = scopeFor(actor, 'review.configure');
  if (isNone(scope)) throw forbidden(message);
  return scope;
}

/** The caller sees this reporter (its organisation is in the caller's review.read reach). */
export function maySeeReporter(actor: Actor, orgPath: string): boolean {
  return canConfigureReview(actor) || pathInScope(reviewReadScope(actor), orgPath);
}

/** The reporter's report is written by the admins of its organisation (or above) and by the committee. */
export function mayWriteReport(actor: Actor, orgPath: string): boolean {
  return maySeeReporter(actor, orgPath);
}

/** Reviewers read every reporter's report of their campaign (they comment and grade on it). */
export function mayReadReport(actor: Actor, orgPath: string, reviewer: ReviewerRow): boolean {
  return maySeeReporter(actor, orgPath) || reviewer !== undefined;
}

/** Ballot sheet, comments and ballots: only a reviewer of this campaign. */
export function requireReviewer(reviewer: ReviewerRow, message = '您不是本次述职评议的评议人'): NonNullable<ReviewerRow> {
  if (!reviewer) throw forbidden(message);
  return reviewer;
}
