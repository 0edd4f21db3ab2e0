import type { Actor } from './actor.ts';
import { requirePermission } from './actor.ts';
import { isNone, scopeFor } from './scope.ts';
import { forbidden } from '../http/errors.ts';

/**
 * 考核方案 (docs/SECURITY.md §1, docs/RULES.md AS-1): the scheme is the committee's, one per year
 * for the whole city. The committee (assessment.configure) reads every version, drafts included,
 * and creates, edits, publishes and revises them. An organisation's admins (assessment.read) read
 * the published versions only — a draft answers 404 to them. Members and the three separated
 * admins: 403.
 */

export type SchemeReader = { drafts: boolean };

/** 403 without assessment.read; whether the caller may see drafts. */
export function schemeReader(actor: Actor): SchemeReader {
  requirePermission(actor, 'assessment.read', '没有查看考核方案的权限');
  return { drafts: canConfigureSchemes(actor) };
}

/** 403 unless the caller configures the scheme (the committee). */
export function requireSchemeConfigure(actor: Actor, message = '只有工委可以制定和发布考核方案'): void {
  requirePermission(actor, 'assessment.configure', message);
  if (isNone(scopeFor(actor, 'assessment.configure'))) throw forbidden(message);
}

export function canConfigureSchemes(actor: Actor): boolean {
  return !isNone(scopeFor(actor, 'assessment.configure'));
}

/**
 * AS-12: who may be named as a scorer of an indicator (评分部门的评分人员): an enabled account
 * holding 工委管理员 or 组织管理员 at a root organisation (the working committee itself).
 */
export const SCORER_ROLES = ['committee_admin', 'org_admin'] as const;
