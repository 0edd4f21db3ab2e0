// Rule ids (R11–R13, LT-1) refer to docs/RULES.md §9.1.
import { defineOptions } from '../common/options.ts';
import { addDays } from '../activities/reminder.rule.ts';

/**
 * 序时进度 and the lights of a list item (清单事项). Pure: the caller supplies the item's days,
 * its milestones with their weights and acceptance days, the day to judge by (asOf, a Beijing
 * calendar day) and the thresholds in force (local practice, configurable: supervision_setting).
 *
 * Lights are computed, never typed in (practice R11–R13): 蓝灯 near the deadline, 黄灯 behind
 * schedule, 红灯 far behind, not started for months, or overdue. A light that was red turns
 * yellow or clears once the work catches up; lightTimeline keeps the history (R13).
 */

export const lights = defineOptions({ none: '正常', blue: '蓝灯', yellow: '黄灯', red: '红灯' });
export type Light = (typeof lights.values)[number];

export const progressStates = defineOptions({ on_time: '按序时推进', behind: '滞后', overdue: '逾期', done: '已完成' });
export type ProgressState = (typeof progressStates.values)[number];

/** A milestone (时间节点): due day, weight, and the day its progress was accepted (null: not yet). ISO days. */
export type MilestoneFact = { dueOn: string; weight: number; acceptedOn: string | null };
export type ItemFacts = { startOn: string; deadline: string; closedOn: string | null; milestones: MilestoneFact[] };

/**
 * LT-1 (L, configurable). yellowGap/redGap: percentage points behind 序时进度 (R11: 10–30 behind
 * yellow, more behind red); blueDays: calendar days before the deadline (R12 "deadline near");
 * idleRedDays: nothing accepted this long after the start (R11 "3 months not started", taken as 90 days).
 */
export type LightThresholds = { blueDays: number; yellowGap: number; redGap: number; idleRedDays: number };
export const DEFAULT_LIGHT_THRESHOLDS: LightThresholds = { blueDays: 7, yellowGap: 10, redGap: 30, idleRedDays: 90 };

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The milestones to judge by, with weights as shares of 1. No milestones: one of weight 100 due
 * on the deadline, accepted when the item is closed. Weights summing to 0 count equally.
 */
function normalised(item: ItemFacts): { dueOn: string; share: number; acceptedOn: string | null }[] {
  const ms = item.milestones.length ? item.milestones : [{ dueOn: item.deadline, weight: 100, acceptedOn: item.closedOn }];
  const total = ms.reduce((s, m) => s + Math.max(0, m.weight), 0);
  return ms.map((m) => ({ dueOn: m.dueOn, acceptedOn: m.acceptedOn, share: total > 0 ? Math.max(0, m.weight) / total : 1 / ms.length }));
}

/** 序时进度 without rounding: 0..100. */
function expectedExact(item: ItemFacts, asOf: string): number {
  if (asOf < item.startOn) return 0;
  const ms = normalised(item);
  // Cumulative share at each due day after the start; due days on or before the start count from the start.
  let base = 0;
  const points = new Map<string, number>();
  for (const m of ms) {
    if (m.dueOn <= item.startOn) base += m.share;
    else points.set(m.dueOn, (points.get(m.dueOn) ?? 0) + m.share);
  }
  let prevDay = item.startOn;
  let prevValue = base;
  for (const day of [...points.keys()].sort()) {
    const value = prevValue + points.get(day)!;
    if (asOf <= day) return 100 * (prevValue + ((value - prevValue) * daysBetween(prevDay, asOf)) / daysBetween(prevDay, day));
    [prevDay, prevValue] = [day, value];
  }
  return 100;
}

/** 序时进度 on asOf: the share of the work that should be done by then, 0..100, rounded to an integer. */
export function expectedProgress(item: ItemFacts, asOf: string): number {
  return Math.round(expectedExact(item, asOf));
}

/** Accepted progress on asOf: the weight of milestones accepted by then (100 once closed), 0..100. */
export function acceptedProgress(item: ItemFacts, asOf: string): number {
  if (item.closedOn && item.closedOn <= asOf) return 100;
  const done = normalised(item).reduce((s, m) => s + (m.acceptedOn && m.acceptedOn <= asOf ? m.share : 0), 0);
  return Math.round(100 * done);
}

export type ItemAssessment = {
  expected: number;
  actual: number;
  /** Percentage points behind 序时进度 (0 when on or ahead of it). */
  gap: number;
  state: ProgressState;
  light: Light;
};

/** The item's state and light on asOf (precedence: closed, overdue, far behind, idle, behind, deadline near). */
export function assessItem(item: ItemFacts, asOf: string, t: LightThresholds): ItemAssessment {
  const expected = expectedProgress(item, asOf);
  const actual = acceptedProgress(item, asOf);
  const gap = Math.max(0, expected - actual);
  const out = (state: ProgressState, light: Light): ItemAssessment => ({ expected, actual, gap, state, light });
  if (item.closedOn && item.closedOn <= asOf) return out('done', 'none');
  if (asOf > item.deadline) return out('overdue', 'red');
  if (gap >= t.redGap) return out('behind', 'red');
  if (actual === 0 && expected > 0 && asOf >= addDays(item.startOn, t.idleRedDays)) return out('behind', 'red');
  if (gap >= t.yellowGap) return out('behind', 'yellow');
  if (daysBetween(asOf, item.deadline) <= t.blueDays) return out('on_time', 'blue');
  return out('on_time', 'none');
}

/** The light on `from` and on every day in (from, to] when it changes: the history of an item's lights (R13). */
export function lightTimeline(item: ItemFacts, from: string, to: string, t: LightThresholds): { day: string; light: Light }[] {
  const out: { day: string; light: Light }[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const light = assessItem(item, day, t).light;
    if (out.at(-1)?.light !== light) out.push({ day, light });
  }
  return out;
}
