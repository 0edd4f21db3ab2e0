import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, dueEscalations, escalationSchedule, type LadderStep } from './escalation.rule.ts';
import { OFFICIAL_HOLIDAYS_2026, workCalendarOf } from './work-calendar.rule.ts';

const cal = workCalendarOf(OFFICIAL_HOLIDAYS_2026);
const none = workCalendarOf([]);

describe('escalationSchedule (R6, ES-1)', () => {
  it('the default ladder for an item due the day before 国庆 skips 中秋, 国庆 and its weekends, and counts the 调休 Saturday', () => {
    expect(escalationSchedule('2026-09-30', DEFAULT_LADDER, cal)).toEqual([
      { key: 'remind', label: '提醒', dueOn: '2026-09-24' },
      { key: 'urge', label: '催办', dueOn: '2026-10-08' },
      { key: 'warn', label: '告诫', dueOn: '2026-10-13' },
      { key: 'interview', label: '约谈', dueOn: '2026-10-20' },
      { key: 'accountability', label: '问责', dueOn: '2026-11-03' },
    ]);
  });

  it('an ordinary month: working days skip weekends only', () => {
    expect(escalationSchedule('2026-11-20', DEFAULT_LADDER, none).map((s) => s.dueOn)).toEqual(['2026-11-17', '2026-11-23', '2026-11-27', '2026-12-04', '2026-12-18']);
  });

  it('calendar-day steps ignore the work calendar; offset 0 in working days is the deadline or the next working day', () => {
    const ladder: LadderStep[] = [
      { key: 'notice', label: '通知', offset: -30, unit: 'day' },
      { key: 'due', label: '到期', offset: 0, unit: 'workday' },
      { key: 'late', label: '逾期', offset: 3, unit: 'day' },
    ];
    expect(escalationSchedule('2026-10-03', ladder, cal).map((s) => s.dueOn)).toEqual(['2026-09-03', '2026-10-08', '2026-10-06']);
  });
});

describe('dueEscalations', () => {
  it.each([
    ['before the first step', '2026-09-23', []],
    ['on the reminder day', '2026-09-24', ['remind']],
    ['on the first working day after the deadline', '2026-10-08', ['remind', 'urge']],
    ['a day before 告诫', '2026-10-12', ['remind', 'urge']],
    ['long after', '2027-01-01', ['remind', 'urge', 'warn', 'interview', 'accountability']],
  ])('%s (%s)', (_, asOf, keys) => {
    expect(dueEscalations('2026-09-30', asOf, DEFAULT_LADDER, cal).map((s) => s.key)).toEqual(keys);
  });
});
