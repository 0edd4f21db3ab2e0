import { localDate } from '../common/local-date.ts';
import type { ActivityType } from '../activities/activity.contract.ts';

/**
 * 学时 (SH-9 … SH-12). A member's year is the sum of dated lines from several sources — online study
 * (SH-7), attendance at approved study-type activities (SH-10), later training classes — each line
 * with its Beijing day, its hours and the record it comes from. The server computes the same sum in
 * SQL for whole organisations; this is the rule both follow, tested on its own.
 */
export type StudySourceKind = 'online' | 'activity' | 'training';
export type StudyLine = { day: string; hours: number; source: StudySourceKind; refId: number; title: string };

/** JY-7 (A): 32 学时 a year for every member; JY-9 (B, 2019–2023 plan): 56 for 基层党组织书记和班子成员. JY-10 (U): set per year. */
export const DEFAULT_TARGETS = { member: 32, cadre: 56 } as const;
export type StudyTargets = { member: number; cadre: number };

/** SH-10 (L): the activity types that count as study, and the 学时 of one attended meeting. */
export const DEFAULT_ACTIVITY_HOURS: Partial<Record<ActivityType, number>> = {
  party_lecture: 2,
  collective_study: 2,
  central_group_study: 2,
  weekly_study: 1,
  theme_day: 1,
};

/** The Beijing day an instant falls on: an activity counts on the day it starts (across midnight too). */
export const studyDayOf = (instant: Date | string) => localDate(typeof instant === 'string' ? new Date(instant) : instant);

/** An activity's 学时: the largest of its types' hours (a meeting of two study types is still one meeting); 0 when none counts. */
export function activityHours(types: readonly ActivityType[], table: Partial<Record<ActivityType, number>>): number {
  return types.reduce((max, t) => Math.max(max, table[t] ?? 0), 0);
}

/** Hours to one decimal, without binary drift (0.1 + 0.2 is 0.3). */
export const roundHours = (h: number) => Math.round(h * 10) / 10;

/** A member's 学时 in a year: the lines whose Beijing day lies in it, summed. */
export function countStudyHours(lines: readonly Pick<StudyLine, 'day' | 'hours'>[], year: number): number {
  const y = String(year);
  return roundHours(lines.filter((l) => l.day.slice(0, 4) === y).reduce((s, l) => s + l.hours, 0));
}

/** SH-11: 书记和班子成员 — a party post naming 书记 or 委员, or a seat on an organisation's committee in the year. */
export const CADRE_POST = /书记|委员/;
export function isCadre(partyPost: string | null, onCommitteeInYear: boolean): boolean {
  return onCommitteeInYear || (!!partyPost && CADRE_POST.test(partyPost));
}

export const targetOf = (cadre: boolean, targets: StudyTargets) => (cadre ? targets.cadre : targets.member);
