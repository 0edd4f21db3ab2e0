import { addDays, DEFAULT_REQUIREMENTS, localDate, type Requirement, type RequirementsInput } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { hasPermission } from '../../access/actor.ts';
import { forbidden, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as repo from './compliance.repository.ts';
import { getReminderDays, setReminderDays } from './settings.repository.ts';
import { getCityGoLive, setCityGoLive } from '../orgs/index.ts';

export async function getRequirements(deps: AppDeps, ctx: RequestContext, year: number) {
  if (!hasPermission(ctx.actor, 'compliance.read')) throw forbidden();
  const stored = await repo.requirementsFor(deps.db, year);
  return { year, ...stored, reminderDays: await getReminderDays(deps.db), goLiveOn: await getCityGoLive(deps.db), canConfigure: hasPermission(ctx.actor, 'compliance.configure') };
}

/** How far ahead the go-live date may be set: the committee plans a start, not a distant one. */
const GO_LIVE_AHEAD_DAYS = 366;

/**
 * Sets the city's go-live date (GO-1). Periods that ended before it are 未启用, not judged;
 * organisations with their own date keep it.
 */
export async function setGoLive(deps: AppDeps, ctx: RequestContext, goLiveOn: string | null) {
  if (!hasPermission(ctx.actor, 'compliance.configure')) throw forbidden('只有工委管理员可以设置启用日期');
  if (goLiveOn && goLiveOn > addDays(localDate(ctx.now), GO_LIVE_AHEAD_DAYS)) throw validation('启用日期不能晚于一年以后', { field: 'goLiveOn' });
  return deps.db.transaction().execute(async (trx) => {
    const before = await getCityGoLive(trx);
    if (before !== goLiveOn) {
      await setCityGoLive(trx, goLiveOn);
      await audit(trx, ctx, { action: 'compliance.go_live', entityType: 'setting', before: { goLiveOn: before }, after: { goLiveOn } });
    }
    return { goLiveOn };
  });
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
    return { year, ...after, reminderDays: input.reminderDays ?? beforeDays, goLiveOn: await getCityGoLive(trx), canConfigure: true };
  });
}
