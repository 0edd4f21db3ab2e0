import { DEFAULT_REQUIREMENTS, type Requirement, type RequirementsInput } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { hasPermission } from '../../access/actor.ts';
import { forbidden, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as repo from './compliance.repository.ts';
import { getReminderDays, setReminderDays } from './settings.repository.ts';

export async function getRequirements(deps: AppDeps, ctx: RequestContext, year: number) {
  if (!hasPermission(ctx.actor, 'compliance.read')) throw forbidden();
  const stored = await repo.requirementsFor(deps.db, year);
  return { year, ...stored, reminderDays: await getReminderDays(deps.db), canConfigure: hasPermission(ctx.actor, 'compliance.configure') };
}

/**
 * Saves a year's table: national items keep their text and citation (only on/off changes), local
 * items are the committee's own. Earlier years keep their tables, so past compliance is judged
 * by the rules of its time.
 */
export async function saveRequirements(deps: AppDeps, ctx: RequestContext, year: number, input: RequirementsInput) {
  if (!hasPermission(ctx.actor, 'compliance.configure')) throw forbidden('只有工委管理员可以设置考核要求');
  const unknown = Object.keys(input.national).filter((k) => !DEFAULT_REQUIREMENTS.some((r) => r.key === k));
  if (unknown.length) throw validation(`未知的全国性要求：${unknown.join('、')}`);
  const national: Requirement[] = DEFAULT_REQUIREMENTS.map((r) => ({ ...r, enabled: input.national[r.key] ?? r.enabled }));
  const local: Requirement[] = input.local.map((l, i) => ({
    key: l.key ?? `local-${i + 1}`,
    label: l.label,
    activityType: l.activityType,
    frequency: l.frequency,
    minCount: l.minCount,
    appliesTo: l.appliesTo,
    source: 'local',
    rule: l.rule,
    note: l.note,
    enabled: l.enabled,
  }));
  if (new Set(local.map((l) => l.key)).size !== local.length) throw validation('本地规定编号重复');
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.requirementsFor(trx, year);
    const beforeDays = await getReminderDays(trx);
    await repo.replaceRequirements(trx, year, [...national, ...local]);
    if (input.reminderDays !== undefined) await setReminderDays(trx, input.reminderDays);
    const after = await repo.requirementsFor(trx, year);
    await audit(trx, ctx, {
      action: 'compliance.requirements',
      entityType: 'compliance_requirement',
      entityId: year,
      before: { items: before.items, reminderDays: beforeDays },
      after: { items: after.items, reminderDays: input.reminderDays ?? beforeDays },
    });
    return { year, ...after, reminderDays: input.reminderDays ?? beforeDays, canConfigure: true };
  });
}
