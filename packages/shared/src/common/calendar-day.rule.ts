/**
 * Reading a calendar day someone typed. Two different mistakes get two different messages: a day
 * written in the wrong shape (「2019-2-30」 in a form, 「三月五日」 in a sheet) is a format error; a day
 * written correctly that the calendar does not have (2019-02-30, 2023-02-29, 2026-13-01) is
 * reported as not existing, naming it, so the person looks at the number rather than the format.
 */

export const DAY_FORMAT_MESSAGE = '日期格式应为 YYYY-MM-DD';

/** 「日期不存在：2019-02-30」, with the day as it was written. */
export const dayDoesNotExist = (written: string) => `日期不存在：${written}`;

/** Whether year-month-day is a day of the Gregorian calendar (leap years included). */
export function isRealDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` naming a real day (the API's form of a day). Anything else is false. */
export function isRealIsoDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  return !!m && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

export type DayReading = { ok: true; day: string } | { ok: false; message: string };

/**
 * A day as people type it in a spreadsheet: 2001-07-01, 2001/7/1, 2001.7.1, 2001年7月1日 or 20010701.
 * Gives the day as `YYYY-MM-DD`, or the message for the cell (format vs. a day that does not exist).
 */
export function readTypedDay(text: string): DayReading {
  const t = text.trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return { ok: false, message: DAY_FORMAT_MESSAGE };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDay(year, month, day)) return { ok: false, message: dayDoesNotExist(t) };
  return { ok: true, day: `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` };
}
