import type { Dayjs } from 'dayjs';
import { beijing } from '../../lib/dates.ts';

/**
 * Meetings happen on Beijing time, whatever zone the office PC is set to: the pickers show and take
 * Beijing wall-clock time (`beijing`, lib/dates.ts), and the API gets ISO 8601 with +08:00.
 */
export { beijing };

/** A picked wall-clock time as ISO 8601 in Beijing time. */
export const toBeijingIso = (d: Dayjs) => `${d.format('YYYY-MM-DDTHH:mm')}:00+08:00`;

/** The current Beijing wall-clock time. */
export const nowInBeijing = () => beijing(new Date())!;

export const formatTime = (iso: string | null | undefined) => beijing(iso)?.format('YYYY-MM-DD HH:mm') ?? '—';

/** "2026-05-10 09:00–11:00" (the end's date only when it differs). */
export function formatSpan(startsAt: string, endsAt: string) {
  const s = beijing(startsAt)!;
  const e = beijing(endsAt)!;
  return `${s.format('YYYY-MM-DD HH:mm')}–${e.isSame(s, 'day') ? e.format('HH:mm') : e.format('YYYY-MM-DD HH:mm')}`;
}
