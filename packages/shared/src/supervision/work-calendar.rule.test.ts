import { describe, expect, it } from 'vitest';
import { OFFICIAL_HOLIDAYS_2026, addWorkdays, isWorkday, workCalendarOf, workdaysBetween } from './work-calendar.rule.ts';

const cal = workCalendarOf(OFFICIAL_HOLIDAYS_2026);
const none = workCalendarOf([]);
const weekday = (day: string) => '日一二三四五六'[new Date(`${day}T00:00:00Z`).getUTCDay()];

describe('isWorkday', () => {
  it.each([
    ['2026-10-09', true, 'a Friday'],
    ['2026-10-05', false, 'a Monday in 国庆'],
    ['2026-10-10', true, 'a Saturday worked (国庆调休)'],
    ['2026-10-11', false, 'a Sunday'],
    ['2026-09-20', true, 'a Sunday worked'],
    ['2026-02-23', false, 'a Monday in 春节'],
    ['2026-11-30', true, 'an ordinary Monday'],
  ])('%s → %s (%s)', (day, expected) => {
    expect(isWorkday(day, cal)).toBe(expected);
  });

  it('without overrides Monday to Friday', () => {
    expect(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map((d) => isWorkday(d, none))).toEqual([true, false, false, true]);
  });
});

describe('addWorkdays', () => {
  it.each([
    ['across 国庆: the first working day after', '2026-09-30', 1, '2026-10-08'],
    ['across 国庆 onto the 调休 Saturday', '2026-09-30', 3, '2026-10-10'],
    ['past the 调休 Saturday, over the Sunday', '2026-09-30', 4, '2026-10-12'],
    ['backwards across 国庆', '2026-10-08', -1, '2026-09-30'],
    ['backwards over the 调休 Saturday', '2026-10-12', -2, '2026-10-09'],
    ['n = 0 in a holiday: the next working day', '2026-10-03', 0, '2026-10-08'],
    ['n = 0 on a 调休 Saturday: that day', '2026-10-10', 0, '2026-10-10'],
    ['n = 0 on a working day: that day', '2026-11-30', 0, '2026-11-30'],
    ['backwards from before 中秋 over the weekend of it', '2026-09-30', -3, '2026-09-24'],
  ])('%s: %s %+i → %s', (_, day, n, expected) => {
    expect(addWorkdays(day, n, cal)).toBe(expected);
  });

  it.each([
    ['Friday + 1 → Monday', '2026-11-27', 1, '2026-11-30'],
    ['Monday − 1 → Friday', '2026-11-30', -1, '2026-11-27'],
    ['Saturday + 0 → Monday', '2026-11-28', 0, '2026-11-30'],
    ['Wednesday + 5 → next Wednesday', '2026-11-25', 5, '2026-12-02'],
    ['Sunday − 1 → Friday', '2026-11-29', -1, '2026-11-27'],
  ])('across weekends: %s', (_, day, n, expected) => {
    expect(addWorkdays(day, n, none)).toBe(expected);
  });

  it('refuses a fractional count', () => {
    expect(() => addWorkdays('2026-11-27', 1.5, none)).toThrow(RangeError);
  });
});

describe('workdaysBetween (from, to]', () => {
  it.each([
    ['across 国庆 and the 调休 Saturday', '2026-09-30', '2026-10-12', 4],
    ['over a weekend', '2026-11-27', '2026-11-30', 1],
    ['the same day', '2026-11-27', '2026-11-27', 0],
    ['backwards: negative', '2026-10-12', '2026-09-30', -4],
    ['a whole ordinary week', '2026-11-22', '2026-11-29', 5],
  ])('%s: %s → %s = %i', (_, from, to, expected) => {
    expect(workdaysBetween(from, to, cal)).toBe(expected);
  });

  it('agrees with addWorkdays', () => {
    for (const n of [1, 3, 7, 20]) expect(workdaysBetween('2026-09-18', addWorkdays('2026-09-18', n, cal), cal)).toBe(n);
  });
});

describe('OFFICIAL_HOLIDAYS_2026 (国务院办公厅, 2025-11-04)', () => {
  it('33 days off in seven holidays and six 调休 working days, each day once, in order', () => {
    expect(OFFICIAL_HOLIDAYS_2026.filter((d) => !d.workday)).toHaveLength(33);
    expect(OFFICIAL_HOLIDAYS_2026.filter((d) => d.workday).map((d) => d.day)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    const days = OFFICIAL_HOLIDAYS_2026.map((d) => d.day);
    expect(new Set(days).size).toBe(days.length);
    expect([...days].sort()).toEqual(days);
  });

  it('every 调休 working day falls on a weekend', () => {
    for (const d of OFFICIAL_HOLIDAYS_2026.filter((x) => x.workday)) expect(['六', '日'], d.day).toContain(weekday(d.day));
  });

  it.each([
    ['2026-01-01', '四'], ['2026-01-03', '六'], ['2026-01-04', '日'], ['2026-02-14', '六'], ['2026-02-15', '日'], ['2026-02-23', '一'],
    ['2026-02-28', '六'], ['2026-04-04', '六'], ['2026-04-06', '一'], ['2026-05-01', '五'], ['2026-05-05', '二'], ['2026-05-09', '六'],
    ['2026-06-19', '五'], ['2026-06-21', '日'], ['2026-09-20', '日'], ['2026-09-25', '五'], ['2026-09-27', '日'], ['2026-10-01', '四'],
    ['2026-10-07', '三'], ['2026-10-10', '六'],
  ])('the notice names %s 周%s', (day, w) => {
    expect(weekday(day)).toBe(w);
    expect(OFFICIAL_HOLIDAYS_2026.some((d) => d.day === day)).toBe(true);
  });
});
