import { addDays } from '../activities/reminder.rule.ts';

/**
 * The work calendar (工作日历): Monday to Friday are working days unless the calendar says
 * otherwise. An entry `true` is a 调休 working day (a weekend day worked), `false` a public holiday.
 * Deadlines counted in working days (督办阶梯, R6) read it. Pure: the caller loads the overrides
 * (the table work_calendar_day, seeded with OFFICIAL_HOLIDAYS_2026).
 */
export type WorkCalendar = ReadonlyMap<string, boolean>;

/** A calendar of no overrides would loop forever only if it had no working day at all: stop there. */
const MAX_SCAN_DAYS = 3660;

function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The override for the day, else Monday to Friday. */
export function isWorkday(day: string, cal: WorkCalendar): boolean {
  const override = cal.get(day);
  if (override !== undefined) return override;
  const w = weekdayOf(day);
  return w >= 1 && w <= 5;
}

/**
 * The n-th working day after `day` (n > 0) or before it (n < 0); `day` itself is not counted.
 * n = 0: `day` if it is a working day, else the next working day.
 */
export function addWorkdays(day: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n)) throw new RangeError(`addWorkdays: n must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = day;
  if (left === 0) {
    for (let i = 0; !isWorkday(d, cal); i++) {
      if (i > MAX_SCAN_DAYS) throw new RangeError('工作日历中找不到工作日');
      d = addDays(d, 1);
    }
    return d;
  }
  for (let i = 0; left > 0; i++) {
    if (i > MAX_SCAN_DAYS + Math.abs(n) * 7) throw new RangeError('工作日历中找不到工作日');
    d = addDays(d, step);
    if (isWorkday(d, cal)) left--;
  }
  return d;
}

/** Working days in (from, to]; negative (the count in (to, from]) when `to` is before `from`. */
export function workdaysBetween(from: string, to: string, cal: WorkCalendar): number {
  if (to < from) return -workdaysBetween(to, from, cal);
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkday(d, cal)) n++;
  return n;
}

/**
 * 国务院办公厅关于2026年部分节假日安排的通知 (docs/RULES.md WC-1), dated 2025-11-04: every day off (weekend days inside a holiday included) and every 调休 working day.
 * Source: https://www.gov.cn/zhengce/content/202511/content_7047090.htm
 * (as reprinted by 新华社: https://politics.gmw.cn/2025-11/04/content_38391083.htm).
 */
const holiday = (from: string, to: string, note: string) => {
  const out: { day: string; workday: boolean; note: string }[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ day: d, workday: false, note });
  return out;
};
const worked = (day: string, note: string) => ({ day, workday: true, note });

export const OFFICIAL_HOLIDAYS_2026: readonly { day: string; workday: boolean; note: string }[] = Object.freeze([
  ...holiday('2026-01-01', '2026-01-03', '元旦'),
  worked('2026-01-04', '元旦调休上班'),
  worked('2026-02-14', '春节调休上班'),
  ...holiday('2026-02-15', '2026-02-23', '春节'),
  worked('2026-02-28', '春节调休上班'),
  ...holiday('2026-04-04', '2026-04-06', '清明节'),
  ...holiday('2026-05-01', '2026-05-05', '劳动节'),
  worked('2026-05-09', '劳动节调休上班'),
  ...holiday('2026-06-19', '2026-06-21', '端午节'),
  worked('2026-09-20', '国庆节调休上班'),
  ...holiday('2026-09-25', '2026-09-27', '中秋节'),
  ...holiday('2026-10-01', '2026-10-07', '国庆节'),
  worked('2026-10-10', '国庆节调休上班'),
]);

/** A WorkCalendar from rows of the table or of OFFICIAL_HOLIDAYS_2026. */
export function workCalendarOf(days: readonly { day: string; workday: boolean }[]): WorkCalendar {
  return new Map(days.map((d) => [d.day, d.workday]));
}
