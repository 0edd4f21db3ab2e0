import { describe, expect, it } from 'vitest';
import { attemptDurationMs, averageScore, bestAttempt, compareEntries, contestPhase, countsForRanking, dailyLimitReached, impossibleSpeed, maskMemberName, participationRate, type FlagState } from './contest.rule.ts';
import { contestInput } from './contest.contract.ts';

const w = { practiceFrom: '2026-12-01', practiceTo: '2026-12-10', contestFrom: '2026-12-11', contestTo: '2026-12-20' };

describe('contestPhase (CT-2): the 灯塔 month, both ends inclusive', () => {
  it.each([
    ['2026-11-30', 'before'],
    ['2026-12-01', 'practice'],
    ['2026-12-10', 'practice'],
    ['2026-12-11', 'contest'],
    ['2026-12-20', 'contest'],
    ['2026-12-21', 'after'],
  ])('%s → %s', (day, phase) => expect(contestPhase(w, day)).toBe(phase));
  it('a gap between practice and contest is "between"', () => expect(contestPhase({ ...w, contestFrom: '2026-12-13' }, '2026-12-12')).toBe('between'));
});

describe('impossibleSpeed (CT-5): questions × minimum seconds', () => {
  it.each([
    [59_999, 30, 2, true],
    [60_000, 30, 2, false],
    [1_000, 30, 0, false], // 0 turns the flag off
    [0, 0, 2, false],
    // the two-phones finalist: 2,128 questions in 90 minutes is 2.5 s a question — flagged at 3 s a question
    [90 * 60_000, 2128, 3, true],
    [90 * 60_000, 2128, 2, false],
  ])('%i ms, %i questions, %i s → %s', (ms, q, min, flagged) => expect(impossibleSpeed(ms, q, min)).toBe(flagged));
});

describe('attemptDurationMs (CT-4)', () => {
  const s = new Date('2026-12-11T01:00:00Z');
  it('start to submission', () => expect(attemptDurationMs(s, new Date('2026-12-11T01:05:00Z'), new Date('2026-12-11T01:15:00Z'))).toBe(300_000));
  it('never past the deadline (closed late by the server)', () => expect(attemptDurationMs(s, new Date('2026-12-11T03:00:00Z'), new Date('2026-12-11T01:15:00Z'))).toBe(900_000));
});

describe('ranking (CT-6): score, then time, then the earlier submission', () => {
  const e = (score: number, durationMs: number, at: string) => ({ score, durationMs, submittedAt: `2026-12-11T${at}:00Z` });
  it.each([
    [e(90, 500, '01:00'), e(80, 100, '00:00'), -1],
    [e(90, 100, '01:00'), e(90, 200, '00:00'), -1],
    [e(90, 100, '00:00'), e(90, 100, '01:00'), -1],
    [e(90, 100, '01:00'), e(90, 100, '00:00'), 1],
    [e(70, 100, '00:00'), e(90, 900, '01:00'), 1],
  ])('%o vs %o', (a, b, sign) => expect(Math.sign(compareEntries(a, b))).toBe(sign));

  it.each<[FlagState, boolean]>([
    ['none', true],
    ['cleared', true],
    ['flagged', false],
    ['confirmed', false],
  ])('flag %s counts: %s', (flag, counts) => expect(countsForRanking(flag)).toBe(counts));

  it('the best counted attempt: a flagged 100 is passed over, an unmarked one too; none → null', () => {
    const a = (id: number, score: number | null, ms: number, flag: FlagState) => ({ id, score, durationMs: ms, submittedAt: '2026-12-11T01:00:00Z', flag });
    expect(bestAttempt([a(1, 80, 300, 'none'), a(2, 100, 10, 'flagged'), a(3, 80, 200, 'cleared'), a(4, null, 1, 'none')])?.id).toBe(3);
    expect(bestAttempt([a(2, 100, 10, 'confirmed')])).toBeNull();
  });
});

describe('daily limit and org figures (CT-3, CT-7)', () => {
  it.each([
    [0, 1, false],
    [1, 1, true],
    [4, 5, false],
    [5, 5, true],
  ])('%i started today, limit %i → reached %s', (n, limit, reached) => expect(dailyLimitReached(n, limit)).toBe(reached));
  it.each([
    [5, 8, 62.5],
    [1, 3, 33.3],
    [0, 0, 0],
    [3, 3, 100],
  ])('%i of %i → %f%%', (p, m, rate) => expect(participationRate(p, m)).toBe(rate));
  it('average with one decimal, null for nobody', () => {
    expect(averageScore(130, 5)).toBe(26);
    expect(averageScore(100, 3)).toBe(33.3);
    expect(averageScore(0, 0)).toBeNull();
  });
  it('names masked for other members', () => {
    expect(maskMemberName('张三')).toBe('张*');
    expect(maskMemberName('欧阳明日')).toBe('欧***');
    expect(maskMemberName('王')).toBe('王');
  });
});

describe('contestInput', () => {
  const ok = { orgId: 1, paperId: 1, title: '竞赛', ...w };
  it('defaults from the 灯塔 pattern', () => expect(contestInput.parse(ok)).toMatchObject({ dailyLimit: 1, timeLimitMinutes: 15, minSecondsPerQuestion: 2 }));
  it.each([
    [{ practiceTo: '2026-11-30' }, '练习结束日期不能早于开始日期'],
    [{ contestFrom: '2026-12-10' }, '竞赛应在练习结束后开始'],
    [{ contestTo: '2026-12-10', contestFrom: '2026-12-11' }, '竞赛结束日期不能早于开始日期'],
    [{ dailyLimit: 0 }, '每人每日作答次数至少为1'],
    [{ contestTo: '2027-06-01' }, '练习与竞赛合计不能超过3个月'],
  ])('%o → %s', (over, message) => {
    const r = contestInput.safeParse({ ...ok, ...over });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toContain(message);
  });
});
