import dayjs, { type Dayjs } from 'dayjs';
import { beijingDateTime, localDate } from '@xianfeng/shared';

/** The API speaks ISO dates (YYYY-MM-DD); antd pickers speak dayjs. */
export const toDay = (s: string | null | undefined): Dayjs | undefined => (s ? dayjs(s) : undefined);
export const fromDay = (d: Dayjs | null | undefined): string | undefined => (d ? d.format('YYYY-MM-DD') : undefined);
/** Today's Beijing date, as text and as a picker value (a PC set to another zone must not move it). */
export const today = () => localDate(new Date());
export const todayDay = () => dayjs(today());
/** Every instant shown is Beijing time (shared beijingDateTime), whatever zone the browser is in. */
export const formatDateTime = (s: string | null | undefined) => (s ? beijingDateTime(s) || '—' : '—');
export const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);

const BEIJING_OFFSET_MS = 8 * 3600_000; // China has no daylight saving time

/** A server instant as a dayjs of its Beijing wall-clock time (for pickers and `format`). */
export function beijing(iso: string | Date | null | undefined): Dayjs | undefined {
  if (!iso) return undefined;
  const shifted = new Date(new Date(iso).getTime() + BEIJING_OFFSET_MS);
  return dayjs(shifted.toISOString().slice(0, 19));
}
