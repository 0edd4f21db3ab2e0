import { describe, expect, it } from 'vitest';
import { clockOffset, examPhase, formatRemaining, isAnswered, remainingMs, unansweredPositions } from './countdown.rule.ts';

describe('the taker’s countdown follows the server’s clock (EX-21)', () => {
  const deadline = '2026-11-23T02:20:00.000Z';
  const server = Date.parse('2026-11-23T02:00:00.000Z');

  it.each([
    ['phone clock right', 0],
    ['phone 7 minutes fast', 7 * 60_000],
    ['phone 3 minutes slow', -3 * 60_000],
  ])('%s: 20 minutes left either way', (_, skew) => {
    const sent = server + skew - 200;
    const received = server + skew + 200;
    const offset = clockOffset(new Date(server).toISOString(), sent, received);
    expect(offset).toBe(0 - skew);
    expect(remainingMs(deadline, offset, received)).toBe(20 * 60_000 - 200);
    expect(formatRemaining(remainingMs(deadline, offset, received))).toBe('20:00');
  });

  it('a fast phone trusted blindly would lose time: the offset keeps it', () => {
    const fastLocal = server + 5 * 60_000;
    expect(remainingMs(deadline, 0, fastLocal)).toBe(15 * 60_000);
    expect(remainingMs(deadline, clockOffset(new Date(server).toISOString(), fastLocal, fastLocal), fastLocal)).toBe(20 * 60_000);
  });

  it('never negative past the deadline', () => {
    expect(remainingMs(deadline, 0, Date.parse(deadline) + 5000)).toBe(0);
  });

  it.each([
    [0, '00:00'],
    [1, '00:01'],
    [999, '00:01'],
    [1000, '00:01'],
    [1001, '00:02'],
    [59_000, '00:59'],
    [60_000, '01:00'],
    [20 * 60_000, '20:00'],
    [3600_000, '1:00:00'],
    [2 * 3600_000 + 5 * 60_000 + 7000, '2:05:07'],
    [-5, '00:00'],
  ])('%i ms shows %s', (ms, text) => expect(formatRemaining(ms)).toBe(text));
});

describe('unanswered questions before 交卷', () => {
  it('blank text and empty choices count as unanswered', () => {
    expect(isAnswered(null)).toBe(false);
    expect(isAnswered([])).toBe(false);
    expect(isAnswered(['  '])).toBe(false);
    expect(isAnswered(['A'])).toBe(true);
    const qs = [1, 2, 3, 4, 5].map((position) => ({ position }));
    expect(unansweredPositions(qs, { 1: ['A'], 2: [], 3: ['正确'], 4: [' '] })).toEqual([2, 4, 5]);
  });
});

describe('the phone list’s sections', () => {
  const exam = { status: 'published', opensAt: '2026-11-23T01:00:00Z', closesAt: '2026-11-23T03:00:00Z' };
  it.each([
    ['before the window', '2026-11-23T00:59:59Z', 'upcoming'],
    ['at the opening', '2026-11-23T01:00:00Z', 'open'],
    ['at the close', '2026-11-23T03:00:00Z', 'finished'],
  ])('%s: %s', (_, at, phase) => expect(examPhase(exam, Date.parse(at))).toBe(phase));
  it('a closed exam is finished whatever the window', () => expect(examPhase({ ...exam, status: 'closed' }, Date.parse('2026-11-23T02:00:00Z'))).toBe('finished'));
});
