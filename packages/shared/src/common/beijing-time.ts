import { APP_TIME_ZONE } from './local-date.ts';

/**
 * Every time the platform shows — the audit log, last logins, notices, Excel exports — is Beijing
 * wall-clock time, whatever zone the browser or the server runs in (an office PC set to another
 * zone, a server on UTC). One formatter, fixed to Asia/Shanghai.
 */
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: APP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 「2026-12-01 09:30:05」 (Beijing); `minutes` leaves the seconds off. An invalid value gives ''. */
export function beijingDateTime(at: Date | string | number, precision: 'seconds' | 'minutes' = 'seconds'): string {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  const hm = `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${precision === 'seconds' ? `${hm}:${p.second}` : hm}`;
}
