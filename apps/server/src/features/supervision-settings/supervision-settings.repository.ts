import type { Kysely } from 'kysely';
import { DEFAULT_LADDER, DEFAULT_LIGHT_THRESHOLDS, workCalendarOf, type LadderStep, type LightThresholds, type WorkCalendar } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

// Work calendar (WC-1) and the versioned supervision settings (LT-1, ES-1): SQL only.

/** Every exception day (holidays and 调休 working days): a few dozen a year, read whole. */
export async function loadWorkCalendar(db: Kysely<DB>): Promise<WorkCalendar> {
  return workCalendarOf(await db.selectFrom('work_calendar_day').select(['day', 'workday']).execute());
}

export async function calendarYear(db: Kysely<DB>, year: number) {
  return db
    .selectFrom('work_calendar_day as w')
    .leftJoin('app_user as u', 'u.id', 'w.updated_by')
    .where('w.day', '>=', `${year}-01-01`)
    .where('w.day', '<=', `${year}-12-31`)
    .select(['w.day', 'w.workday', 'w.note', 'u.display_name as updatedBy', 'w.updated_at as updatedAt'])
    .orderBy('w.day')
    .execute();
}

/** One day's entry, locked for the caller's transaction. */
export async function calendarDayForUpdate(db: Kysely<DB>, day: string) {
  return db.selectFrom('work_calendar_day').where('day', '=', day).select(['day', 'workday', 'note']).forUpdate().executeTakeFirst();
}

export async function upsertCalendarDay(db: Kysely<DB>, day: string, workday: boolean, note: string, userId: number, at: Date) {
  await db
    .insertInto('work_calendar_day')
    .values({ day, workday, note, updated_by: userId, updated_at: at })
    .onConflict((oc) => oc.column('day').doUpdateSet({ workday, note, updated_by: userId, updated_at: at }))
    .execute();
}

export async function deleteCalendarDay(db: Kysely<DB>, day: string): Promise<boolean> {
  const r = await db.deleteFrom('work_calendar_day').where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type SettingsVersion = {
  version: number | null;
  effectiveFrom: string | null;
  thresholds: LightThresholds;
  ladder: LadderStep[];
  createdAt: Date | null;
  createdBy: string | null;
};

/** A fresh copy each time: answers and callers never hold the shared default objects. */
export const defaultSettings = () => ({ thresholds: { ...DEFAULT_LIGHT_THRESHOLDS }, ladder: DEFAULT_LADDER.map((s) => ({ ...s })) });

function versionsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('supervision_setting as s')
    .leftJoin('app_user as u', 'u.id', 's.created_by')
    .select(['s.version', 's.effective_from', 's.thresholds', 's.ladder', 's.created_at', 'u.display_name'])
    .orderBy('s.effective_from', 'desc')
    .orderBy('s.version', 'desc');
}

function toVersion(r: { version: number; effective_from: string; thresholds: unknown; ladder: unknown; created_at: Date; display_name: string | null }): SettingsVersion {
  return {
    version: r.version,
    effectiveFrom: r.effective_from,
    // Written only through the validated contract; defaults fill a key a later version may add.
    thresholds: { ...DEFAULT_LIGHT_THRESHOLDS, ...(r.thresholds as Partial<LightThresholds>) },
    ladder: r.ladder as LadderStep[],
    createdAt: r.created_at,
    createdBy: r.display_name,
  };
}

/** The version in force on `day` (the latest effective on or before it; of two the same day, the later saved), else the defaults. */
export async function versionOn(db: Kysely<DB>, day: string): Promise<SettingsVersion> {
  const r = await versionsQuery(db).where('s.effective_from', '<=', day).limit(1).executeTakeFirst();
  return r ? toVersion(r) : { version: null, effectiveFrom: null, ...defaultSettings(), createdAt: null, createdBy: null };
}

/** Every saved version, the latest effective first. */
export async function allVersions(db: Kysely<DB>): Promise<SettingsVersion[]> {
  return (await versionsQuery(db).execute()).map(toVersion);
}

export async function insertVersion(db: Kysely<DB>, v: { effectiveFrom: string; thresholds: LightThresholds; ladder: LadderStep[]; userId: number; at: Date }): Promise<number> {
  const r = await db
    .insertInto('supervision_setting')
    .values({ effective_from: v.effectiveFrom, thresholds: JSON.stringify(v.thresholds), ladder: JSON.stringify(v.ladder), created_by: v.userId, created_at: v.at })
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

/** The thresholds and ladder in force on `day` (for other features: lights and escalations are judged by the settings of their day). */
export async function settingsOn(db: Kysely<DB>, day: string): Promise<{ version: number | null; thresholds: LightThresholds; ladder: LadderStep[] }> {
  const v = await versionOn(db, day);
  return { version: v.version, thresholds: v.thresholds, ladder: v.ladder };
}
