import { addDays, localDate, type SupervisionSettingsInput, type WorkCalendarDayInput } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { hasPermission, type RequestContext } from '../../access/actor.ts';
import { forbidden, notFound, validation } from '../../http/errors.ts';
import { audit } from '../audit/index.ts';
import * as repo from './supervision-settings.repository.ts';

const CALENDAR_FORBIDDEN = '只有工委管理员可以维护工作日历';
const SETTINGS_FORBIDDEN = '只有工委管理员可以修改督查设置';
/** How far ahead a new version may start: the committee plans the next year, not a distant one. */
const EFFECTIVE_AHEAD_DAYS = 366;

function requireRead(ctx: RequestContext) {
  if (!hasPermission(ctx.actor, 'supervision.read')) throw forbidden();
}

// 工作日历 (WC-1)

export async function getWorkCalendar(deps: AppDeps, ctx: RequestContext, year: number | undefined) {
  requireRead(ctx);
  const y = year ?? Number(localDate(ctx.now).slice(0, 4));
  return { year: y, days: await repo.calendarYear(deps.db, y), canConfigure: hasPermission(ctx.actor, 'supervision.configure') };
}

/** Marks a day as a holiday or a 调休 working day (replacing what the calendar said of it). */
export async function setWorkCalendarDay(deps: AppDeps, ctx: RequestContext, day: string, input: WorkCalendarDayInput) {
  if (!hasPermission(ctx.actor, 'supervision.configure')) throw forbidden(CALENDAR_FORBIDDEN);
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.calendarDayForUpdate(trx, day);
    await repo.upsertCalendarDay(trx, day, input.workday, input.note, ctx.actor.userId, ctx.now);
    await audit(trx, ctx, { action: 'work_calendar.set', entityType: 'work_calendar_day', entityId: day, before: before ?? null, after: { day, workday: input.workday, note: input.note } });
    return (await repo.calendarYear(trx, Number(day.slice(0, 4)))).find((d) => d.day === day)!;
  });
}

/** Removes a day's exception: it is a working day again if it falls Monday–Friday. */
export async function removeWorkCalendarDay(deps: AppDeps, ctx: RequestContext, day: string) {
  if (!hasPermission(ctx.actor, 'supervision.configure')) throw forbidden(CALENDAR_FORBIDDEN);
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.calendarDayForUpdate(trx, day);
    if (!before) throw notFound(`工作日历中${day}的安排`);
    await repo.deleteCalendarDay(trx, day);
    await audit(trx, ctx, { action: 'work_calendar.remove', entityType: 'work_calendar_day', entityId: day, before, after: null });
    return { ok: true };
  });
}

// 亮灯阈值与督办阶梯 (LT-1, ES-1)

export async function getSettings(deps: AppDeps, ctx: RequestContext) {
  requireRead(ctx);
  return settingsAnswer(deps, ctx);
}

async function settingsAnswer(deps: AppDeps, ctx: RequestContext) {
  const db = deps.db;
  return {
    current: await repo.versionOn(db, localDate(ctx.now)),
    history: await repo.allVersions(db),
    defaults: repo.defaultSettings(),
    canConfigure: hasPermission(ctx.actor, 'supervision.configure'),
  };
}

/**
 * Saves a new version in force from effectiveFrom (default today, Beijing). Never earlier than
 * today: lights already shown were judged by the version of their day, and stay so (R13).
 */
export async function saveSettings(deps: AppDeps, ctx: RequestContext, input: SupervisionSettingsInput) {
  if (!hasPermission(ctx.actor, 'supervision.configure')) throw forbidden(SETTINGS_FORBIDDEN);
  const today = localDate(ctx.now);
  const effectiveFrom = input.effectiveFrom ?? today;
  if (effectiveFrom < today) throw validation('生效日期不能早于今天（已亮的灯按当时的设置判断）', { field: 'effectiveFrom' });
  if (effectiveFrom > addDays(today, EFFECTIVE_AHEAD_DAYS)) throw validation('生效日期不能晚于一年以后', { field: 'effectiveFrom' });
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.settingsOn(trx, effectiveFrom);
    const version = await repo.insertVersion(trx, { effectiveFrom, thresholds: input.thresholds, ladder: input.ladder, userId: ctx.actor.userId, at: ctx.now });
    await audit(trx, ctx, {
      action: 'supervision.settings',
      entityType: 'supervision_setting',
      entityId: version,
      before,
      after: { version, effectiveFrom, thresholds: input.thresholds, ladder: input.ladder },
    });
  });
  return settingsAnswer(deps, ctx);
}
