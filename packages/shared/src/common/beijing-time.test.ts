import { afterEach, describe, expect, it, vi } from 'vitest';
import { beijingDateTime } from './beijing-time.ts';
import { localDate } from './local-date.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('beijingDateTime', () => {
  it('shows Beijing wall-clock time while the process runs in New York', () => {
    vi.stubEnv('TZ', 'America/New_York');
    const at = new Date('2026-12-01T20:30:05Z');
    // The process zone really is New York: local hours are 15 (UTC-5 in December).
    expect(at.getHours()).toBe(15);
    expect(beijingDateTime(at)).toBe('2026-12-02 04:30:05');
    expect(beijingDateTime(at, 'minutes')).toBe('2026-12-02 04:30');
    expect(localDate(at)).toBe('2026-12-02');
  });

  it('takes ISO text and epoch milliseconds, from any zone; midnight is 00, not 24', () => {
    vi.stubEnv('TZ', 'Pacific/Honolulu');
    expect(beijingDateTime('2026-06-30T16:00:00.000Z')).toBe('2026-07-01 00:00:00');
    expect(beijingDateTime('2026-06-30T23:59:59+08:00')).toBe('2026-06-30 23:59:59');
    expect(beijingDateTime(Date.UTC(2027, 0, 1, 0, 0, 0))).toBe('2027-01-01 08:00:00');
  });

  it('gives nothing for something that is not a time', () => {
    expect(beijingDateTime('not a time')).toBe('');
  });
});
