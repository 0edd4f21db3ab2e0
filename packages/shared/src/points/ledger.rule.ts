import { localDate } from '../common/local-date.ts';
import type { ActivityType } from '../activities/activity.contract.ts';
import type { PointCapReason, PointItem, PointItemKind, PointLine, PointMemberClass, PointSourceRef } from './points.contract.ts';

/**
 * The ledger rule (PT-4 … PT-9): a pure function from a member's verified events and the year's
 * published rule set versions to the lines of the ledger. No database, no clock: the server's
 * sources read the records, this decides what each is worth.
 *
 * - An event's day is its Beijing calendar day (an instant is converted; a date is taken as is).
 * - The version in force on that day scores it (the published version with the latest
 *   `effectiveFrom` on or before the day); no version yet → the line shows, worth 0.
 * - The first item of that version whose kind (and, for attendance, meeting type) matches scores it.
 * - Caps are kept per item key across versions: a day cap per Beijing day, a year cap per year.
 * - The floor: a deduction never takes the running total (base + lines so far, in date order) below it.
 */
export type PointEvent = {
  kind: PointItemKind;
  /** An instant (ISO with time, or a Date) or a calendar day `YYYY-MM-DD` already in Beijing time. */
  at: Date | string;
  source: PointSourceRef;
  /** attendance_present: the meeting's types. */
  activityTypes?: readonly ActivityType[];
  /** manual entries: the points entered (a category item's points when absent). */
  points?: number;
};

export type ScoringVersion = { version: number; effectiveFrom: string; basePoints: number; floor: number | null; items: PointItem[] };

export type ScoredLedger = { basePoints: number; additions: number; deductions: number; total: number; lines: PointLine[] };

export function beijingDay(at: Date | string): string {
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  return localDate(at instanceof Date ? at : new Date(at));
}

const matches = (item: PointItem, e: PointEvent) =>
  item.kind === e.kind && (item.kind !== 'attendance_present' || !item.activityTypes.length || (e.activityTypes ?? []).some((t) => item.activityTypes.includes(t)));

export function scoreLedger(input: { year: number; versions: ScoringVersion[]; events: PointEvent[]; memberClass: PointMemberClass; exempt: boolean }): ScoredLedger {
  const versions = [...input.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
  const inForce = (d: string) => [...versions].reverse().find((v) => v.effectiveFrom <= d);
  // The year's base and floor are those of the first version (the year's opening rule set).
  const opening = versions[0];
  const basePoints = input.exempt || !opening ? 0 : opening.basePoints;
  const events = input.events
    .map((e, i) => ({ e, i, d: beijingDay(e.at), t: e.at instanceof Date ? e.at.getTime() : Date.parse(e.at) }))
    .filter((x) => x.d.startsWith(`${input.year}-`))
    .sort((a, b) => a.d.localeCompare(b.d) || a.t - b.t || a.i - b.i);

  const dayUsed = new Map<string, number>();
  const yearUsed = new Map<string, number>();
  let running = basePoints;
  let additions = 0;
  let deductions = 0;
  const lines: PointLine[] = [];
  for (const { e, d } of events) {
    const v = inForce(d);
    const item = v?.items.find((it) => matches(it, e));
    const nominal = e.points ?? item?.points ?? 0;
    const line = (points: number, cut: PointCapReason | null): PointLine => ({
      day: d,
      kind: e.kind,
      source: e.source,
      itemKey: item?.key ?? null,
      itemName: item?.name ?? null,
      ruleSetVersion: v?.version ?? null,
      nominal,
      points,
      cut,
    });
    if (input.exempt) {
      lines.push(line(0, 'exempt'));
      continue;
    }
    if (!v || !item) {
      lines.push(line(0, 'no_rule'));
      continue;
    }
    if (!item.memberClasses.includes(input.memberClass)) {
      lines.push(line(0, 'class'));
      continue;
    }
    let points = nominal;
    let cut: PointCapReason | null = null;
    if (points > 0) {
      const dk = `${item.key}|${d}`;
      if (item.dayCap !== null) {
        const left = Math.max(0, item.dayCap - (dayUsed.get(dk) ?? 0));
        if (points > left) (points = left), (cut = 'day');
      }
      if (item.yearCap !== null) {
        const left = Math.max(0, item.yearCap - (yearUsed.get(item.key) ?? 0));
        if (points > left) (points = left), (cut = 'year');
      }
      dayUsed.set(dk, (dayUsed.get(dk) ?? 0) + points);
      yearUsed.set(item.key, (yearUsed.get(item.key) ?? 0) + points);
      additions += points;
    } else if (points < 0) {
      const floor = opening?.floor ?? null;
      if (floor !== null && running + points < floor) (points = Math.min(0, floor - running)), (cut = 'floor');
      deductions += points;
    }
    running += points;
    lines.push(line(points, cut));
  }
  return { basePoints, additions, deductions, total: running, lines };
}
