/**
 * The calendar day in China (UTC+8), where every user of the platform lives: "today", ages and
 * deadlines are counted by it, not by the server's UTC clock (00:00–08:00 Beijing is still
 * yesterday in UTC).
 */
export const APP_TIME_ZONE = 'Asia/Shanghai';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function localDate(at: Date): string {
  return dayFormat.format(at);
}
