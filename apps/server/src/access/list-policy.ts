import { itemMachine, type ItemStatus } from '@xianfeng/shared';
import type { Actor } from './actor.ts';
import { parentPath } from './activity-policy.ts';
import { pathInScope, scopeFor } from './scope.ts';

/**
 * Who may do what with a list item (清单事项, issue 10). The lead organisation (主办) keeps its
 * plan, claims progress, asks for adjustments and 销号 (supervision.write over it); the level above
 * accepts progress, decides adjustments and closings, and reopens (supervision.review over the
 * parent, as for organisational life). Co-operating organisations (协办) only read. Whoever
 * claimed or requested something never decides it (NK-1, docs/RULES.md).
 */
export function canWriteItem(actor: Actor, orgPath: string): boolean {
  return pathInScope(scopeFor(actor, 'supervision.write'), orgPath);
}

/**
 * The level above reviews an item; a finding of an inspection (source 'inspection') is verified by
 * whoever inspects — the committee (supervision.configure over the unit), not the unit's parent.
 */
export function canReviewItem(actor: Actor, orgPath: string, source = 'own'): boolean {
  if (source === 'inspection') return pathInScope(scopeFor(actor, 'supervision.configure'), orgPath);
  return pathInScope(scopeFor(actor, 'supervision.review'), parentPath(orgPath));
}

/** The committee hands down key tasks (重点任务), as it plans inspections. */
export { canConfigureSupervision } from './inspection-policy.ts';

type ItemFacts = { org_path: string; source: string; status: string; pendingAdjustment: boolean; claimedMilestones: number };

/** The buttons of an item: the same rules the service applies. */
export function itemAbilities(actor: Actor, item: ItemFacts) {
  const write = canWriteItem(actor, item.org_path);
  const review = canReviewItem(actor, item.org_path, item.source);
  const status = item.status as ItemStatus;
  return {
    plan: write && itemMachine.allows('plan', status),
    claim: write && itemMachine.allows('claim', status),
    review,
    adjust: write && itemMachine.allows('adjust', status) && !item.pendingAdjustment,
    close: write && itemMachine.allows('close', status) && !item.pendingAdjustment && item.claimedMilestones === 0,
    reopen: review && itemMachine.allows('reopen', status),
  };
}
