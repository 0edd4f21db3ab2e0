import type { Actor } from './actor.ts';
import { requirePermission } from './actor.ts';
import { isNone, pathInScope, scopeFor } from './scope.ts';
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

/*
 * 年度考核 (AR-…, docs/SECURITY.md §1.5). The committee (assessment.configure) opens, recomputes,
 * reviews, sets vetoes, publishes, answers appeals and closes. A scoring department is an account
 * named on an indicator of the round's scheme: it scores that indicator (and sees only its own
 * indicators on the scoring page) for every unit. A unit speaks through an account holding
 * assessment.read at the unit's own organisation (its 组织管理员): it self-assesses, submits and
 * appeals; an admin further down the unit's tree reads nothing of it. Sheets are read by the
 * committee, by the scoring accounts and by whoever's assessment.read scope holds the unit. The
 * ranking is the committee's preview until published, then every assessment.read holder's.
 */

/** The units (organisation ids) the caller speaks for: grants carrying assessment.read at that organisation itself. */
export function unitsSpokenFor(actor: Actor): number[] {
  return [...new Set(actor.grants.filter((g) => SPEAKER_ROLES.includes(g.role as (typeof SPEAKER_ROLES)[number])).map((g) => g.orgId))];
}
const SPEAKER_ROLES = ['org_admin'] as const;

export function requireUnitSpeaker(actor: Actor, orgId: number, message = '只有本单位的组织管理员可以办理本单位的考核自评和申诉'): void {
  if (!unitsSpokenFor(actor).includes(orgId)) throw forbidden(message);
}

/** Whether the caller may read a unit's sheet: the committee, a scorer of the round, or assessment.read reaching the unit. */
export function mayReadUnitSheet(actor: Actor, unitPath: string, isScorer: boolean): boolean {
  return canConfigureSchemes(actor) || isScorer || pathInScope(scopeFor(actor, 'assessment.read'), unitPath);
}
