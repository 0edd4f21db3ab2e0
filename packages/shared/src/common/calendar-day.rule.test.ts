import { describe, expect, it } from 'vitest';
import { DAY_FORMAT_MESSAGE, isRealDay, readTypedDay } from './calendar-day.rule.ts';
import { isoDate, isoDateTime } from './zod.ts';

const message = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? 'ok' : r.error!.issues.map((i) => i.message).join('；'));

describe('calendar days', () => {
  it.each([
    [2024, 2, 29, true],
    [2023, 2, 29, false],
    [2000, 2, 29, true],
    [1900, 2, 29, false],
    [2019, 2, 30, false],
    [2026, 4, 31, false],
    [2026, 12, 31, true],
    [2026, 13, 1, false],
    [2026, 0, 10, false],
    [2026, 1, 0, false],
  ])('%i-%i-%i is a real day: %s', (y, m, d, real) => {
    expect(isRealDay(y, m, d)).toBe(real);
  });

  it.each([
    ['2001-07-01', '2001-07-01'],
    ['2001/7/1', '2001-07-01'],
    ['2001.7.1', '2001-07-01'],
    ['2001年7月1日', '2001-07-01'],
    ['20010701', '2001-07-01'],
    [' 2024-02-29 ', '2024-02-29'],
  ])('a sheet cell %j reads as %s', (typed, day) => {
    expect(readTypedDay(typed)).toEqual({ ok: true, day });
  });

  it.each([
    ['2019-02-30', '日期不存在：2019-02-30'],
    ['2019/2/30', '日期不存在：2019/2/30'],
    ['2023年2月29日', '日期不存在：2023年2月29日'],
    ['20261301', '日期不存在：20261301'],
    ['2026-04-31', '日期不存在：2026-04-31'],
  ])('a sheet cell %j that the calendar lacks says so: %s', (typed, said) => {
    expect(readTypedDay(typed)).toEqual({ ok: false, message: said });
  });

  it.each(['2019-02', '三月五日', '19-02-03', '2019-02-03 上午', 'abc', '2019--02-03'])('a sheet cell %j is a format error', (typed) => {
    expect(readTypedDay(typed)).toEqual({ ok: false, message: DAY_FORMAT_MESSAGE });
  });
});

describe('the API’s day and time fields', () => {
  it('a real day passes; a day the calendar lacks is named; a wrong shape is a format error', () => {
    expect(message(isoDate.safeParse('2024-02-29'))).toBe('ok');
    expect(message(isoDate.safeParse('2019-02-30'))).toBe('日期不存在：2019-02-30');
    expect(message(isoDate.safeParse('2026-13-01'))).toBe('日期不存在：2026-13-01');
    expect(message(isoDate.safeParse('2019-2-3'))).toBe(DAY_FORMAT_MESSAGE);
    expect(message(isoDate.safeParse('2019/02/03'))).toBe(DAY_FORMAT_MESSAGE);
  });

  it('a meeting time on a day the calendar lacks is named; a malformed time is a format error', () => {
    expect(message(isoDateTime.safeParse('2024-02-29T09:00:00+08:00'))).toBe('ok');
    expect(message(isoDateTime.safeParse('2019-02-30T09:00:00+08:00'))).toBe('日期不存在：2019-02-30');
    expect(message(isoDateTime.safeParse('2019-02-28 09:00'))).toBe('时间格式应为 ISO 8601（含时区）');
    expect(message(isoDateTime.safeParse('2019-02-28T09:00:00'))).toBe('时间格式应为 ISO 8601（含时区）');
  });
});
