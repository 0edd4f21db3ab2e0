// Rule ids (R6, ES-1) refer to docs/RULES.md §9.1.
import { addDays } from '../activities/reminder.rule.ts';
import { addWorkdays, type WorkCalendar } from './work-calendar.rule.ts';

/**
 * The escalation ladder (督办阶梯) of a list item: dated steps counted from its deadline, in
 * working days (the work calendar) or calendar days. Practice R6 ("五书制": 提醒书 before the
 * deadline, then 告诫书, 约谈, 问责书) is local (L); the committee keeps its own ladder.
 */
export type LadderStep = { key: string; label: string; offset: number; unit: 'workday' | 'day' };

/** ES-1 (L): 提醒 3 working days before the deadline, then 催办, 告诫, 约谈 and 问责 after it. */
export const DEFAULT_LADDER: LadderStep[] = [
  { key: 'remind', label: '提醒', offset: -3, unit: 'workday' },
  { key: 'urge', label: '催办', offset: 1, unit: 'workday' },
  { key: 'warn', label: '告诫', offset: 5, unit: 'workday' },
  { key: 'interview', label: '约谈', offset: 10, unit: 'workday' },
  { key: 'accountability', label: '问责', offset: 20, unit: 'workday' },
];

export type EscalationDue = { key: string; label: string; dueOn: string };

/** The day of each step for an item due on `deadline`, in the ladder's order. */
export function escalationSchedule(deadline: string, ladder: readonly LadderStep[], cal: WorkCalendar): EscalationDue[] {
  return ladder.map((s) => ({
    key: s.key,
    label: s.label,
    dueOn: s.unit === 'workday' ? addWorkdays(deadline, s.offset, cal) : addDays(deadline, s.offset),
  }));
}

/** The steps whose day has come by asOf (dueOn ≤ asOf). */
export function dueEscalations(deadline: string, asOf: string, ladder: readonly LadderStep[], cal: WorkCalendar): EscalationDue[] {
  return escalationSchedule(deadline, ladder, cal).filter((s) => s.dueOn <= asOf);
}
