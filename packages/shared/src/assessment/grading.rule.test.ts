import { describe, expect, it } from 'vitest';
import { cappedScore, combinedScore, deductionScore, disciplineDeduction, gradeOf, gradeUnits, honoursBonus, rankWithTies, rateScore, vetoCapped } from './grading.rule.ts';
import { DEFAULT_BANDS, DEFAULT_FORMULA, DEFAULT_RULES, SEED_DEDUCTION_ROWS } from './scheme.contract.ts';

describe('AS-3 indicator score with its cap', () => {
  it.each([
    { raw: 8, maxScore: 10, cap: null, score: 8 },
    { raw: 12, maxScore: 10, cap: null, score: 10 },
    { raw: 9, maxScore: 10, cap: 6, score: 6 },
    { raw: -2, maxScore: 10, cap: null, score: 0 },
    { raw: 3.456, maxScore: 10, cap: null, score: 3.46 },
  ])('raw $raw of $maxScore (cap $cap) → $score', ({ raw, maxScore, cap, score }) => {
    expect(cappedScore(raw, { maxScore, cap })).toBe(score);
  });

  it.each([
    { rate: 100, score: 20 },
    { rate: 95, score: 20 },
    { rate: 77.5, score: 10 },
    { rate: 60, score: 0 },
    { rate: 30, score: 0 },
  ])('compliance rate $rate% (full at 95, zero at 60) → $score of 20', ({ rate, score }) => {
    expect(rateScore(20, rate, { fullAt: 95, zeroAt: 60 })).toBe(score);
  });
});

describe('AS-10 deduction per event, at most the cap', () => {
  const rows = SEED_DEDUCTION_ROWS;
  it.each([
    { events: [], cap: null, score: 10, deducted: 0 },
    { events: [{ event: 'meeting_not_recorded', count: 3 }], cap: null, score: 9.7, deducted: 0.3 },
    { events: [{ event: 'meeting_not_recorded', count: 3 }, { event: 'pointed_out', count: 2 }], cap: null, score: 8.7, deducted: 1.3 },
    { events: [{ event: 'pointed_out', count: 10 }], cap: 2, score: 8, deducted: 2 },
    { events: [{ event: 'pointed_out', count: 40 }], cap: null, score: 0, deducted: 10 },
  ])('$events.length kinds (cap $cap) → $score', ({ events, cap, score, deducted }) => {
    const r = deductionScore({ maxScore: 10, cap }, rows, events);
    expect(r.score).toBe(score);
    expect(r.deducted).toBe(deducted);
  });

  it('an event the table does not name deducts nothing and is reported', () => {
    const r = deductionScore({ maxScore: 10, cap: null }, rows, [{ event: 'unknown_kind', count: 5 }]);
    expect(r).toMatchObject({ score: 10, unknown: ['unknown_kind'] });
  });
});

describe('AS-8/AS-9 discipline deduction, each case once even across years', () => {
  const d = DEFAULT_FORMULA.discipline;
  it.each([
    { name: 'one case of each severity', cases: [{ caseId: 'a', severity: 'admonition' }, { caseId: 'b', severity: 'light' }, { caseId: 'c', severity: 'heavy' }, { caseId: 'd', severity: 'judicial' }], before: [], deduction: 17 },
    { name: 'a case named twice counts once', cases: [{ caseId: 'a', severity: 'heavy' }, { caseId: 'a', severity: 'heavy' }], before: [], deduction: 5 },
    { name: 'a case counted last year is not deducted again', cases: [{ caseId: 'a', severity: 'heavy' }, { caseId: 'b', severity: 'admonition' }], before: ['a'], deduction: 1 },
    { name: 'no cases', cases: [], before: [], deduction: 0 },
  ] as const)('$name → −$deduction', ({ cases, before, deduction }) => {
    expect(disciplineDeduction([...cases], d, new Set(before)).deduction).toBe(deduction);
  });

  it('without oncePerCase every record counts', () => {
    expect(disciplineDeduction([{ caseId: 'a', severity: 'light' }, { caseId: 'a', severity: 'light' }], { ...d, oncePerCase: false }, new Set(['a'])).deduction).toBe(6);
  });

  it('says why a case was skipped', () => {
    const r = disciplineDeduction([{ caseId: 'a', severity: 'light' }, { caseId: 'b', severity: 'light' }, { caseId: 'b', severity: 'light' }], d, new Set(['a']));
    expect(r.skipped).toEqual([{ caseId: 'a', reason: 'earlier_year' }, { caseId: 'b', reason: 'duplicate' }]);
  });
});

describe('AS-6/AS-7 「2+1-1」', () => {
  it.each([
    { name: 'full marks, nothing else', inspection: [60, 60], review: [100, 100], honours: [], cases: [], total: 100 },
    { name: 'weighted parts scaled to 100', inspection: [48, 60], review: [90, 100], honours: [], cases: [], total: 83 },
    { name: 'honours added, capped at 5', inspection: [48, 60], review: [90, 100], honours: ['national', 'provincial', 'municipal'], cases: [], total: 88 },
    { name: 'a heavy sanction deducted', inspection: [48, 60], review: [90, 100], honours: ['municipal'], cases: [{ caseId: 'x', severity: 'heavy' }], total: 79 },
    { name: 'never below 0', inspection: [0, 60], review: [0, 100], honours: [], cases: [{ caseId: 'x', severity: 'judicial' }], total: 0 },
  ] as const)('$name → $total', ({ inspection, review, honours, cases, total }) => {
    const r = combinedScore({ inspection: { score: inspection[0], max: inspection[1] }, review: { score: review[0], max: review[1] }, honours: [...honours], cases: [...cases] }, DEFAULT_FORMULA);
    expect(r.total).toBe(total);
  });

  it('the honours bonus alone', () => {
    expect(honoursBonus(['municipal', 'committee'], DEFAULT_FORMULA.honours)).toBe(1.5);
    expect(honoursBonus(['national', 'national'], DEFAULT_FORMULA.honours)).toBe(5);
  });
});

describe('AS-4/AS-5 grades, vetoes', () => {
  it.each([
    { score: 100, grade: '优秀' },
    { score: 90, grade: '优秀' },
    { score: 89.99, grade: '良好' },
    { score: 70, grade: '合格' },
    { score: 65, grade: '基本合格' },
    { score: 12, grade: '不合格' },
  ])('$score → $grade', ({ score, grade }) => expect(gradeOf(score, DEFAULT_BANDS)).toBe(grade));

  it.each([
    { grade: '优秀', caps: [], out: '优秀' },
    { grade: '优秀', caps: ['基本合格'], out: '基本合格' },
    { grade: '优秀', caps: ['基本合格', '不合格'], out: '不合格' },
    { grade: '不合格', caps: ['基本合格'], out: '不合格' },
  ])('$grade capped by $caps → $out', ({ grade, caps, out }) => expect(vetoCapped(grade, caps, DEFAULT_BANDS)).toBe(out));
});

describe('AS-11 ranking within a series, with ties', () => {
  it('equal scores share a rank and the next rank skips', () => {
    const r = rankWithTies([{ id: 'a', score: 80 }, { id: 'b', score: 95 }, { id: 'c', score: 80 }, { id: 'd', score: 70 }]);
    expect(r.map((x) => [x.id, x.rank])).toEqual([['b', 1], ['a', 2], ['c', 2], ['d', 4]]);
  });
});

describe('AS-4 series rules: last is never 优秀, the 优秀 quota', () => {
  const vetoes = [{ key: 'major_incident', name: '发生重大违纪事件', capsAt: '基本合格' as const }];
  const grade = (units: { orgId: number; series: string; score: number; vetoes?: string[] }[], rules = DEFAULT_RULES) =>
    Object.fromEntries(gradeUnits(units.map((u) => ({ vetoes: [], ...u })), { bands: DEFAULT_BANDS, rules, vetoes }).map((u) => [u.orgId, [u.rank, u.grade]]));

  it('the last of a series drops to 良好 even above 90; a series of one keeps 优秀', () => {
    expect(grade([{ orgId: 1, series: '机关', score: 98 }, { orgId: 2, series: '机关', score: 92 }, { orgId: 3, series: '事业单位', score: 91 }])).toEqual({
      1: [1, '优秀'],
      2: [2, '良好'],
      3: [1, '优秀'],
    });
  });

  it('units tied for last all lose 优秀; the rule switched off keeps it', () => {
    const units = [{ orgId: 1, series: '机关', score: 98 }, { orgId: 2, series: '机关', score: 92 }, { orgId: 3, series: '机关', score: 92 }];
    expect(grade(units)).toEqual({ 1: [1, '优秀'], 2: [2, '良好'], 3: [2, '良好'] });
    expect(grade(units, { lastInSeriesNotExcellent: false, excellentQuota: null })).toEqual({ 1: [1, '优秀'], 2: [2, '优秀'], 3: [2, '优秀'] });
  });

  it('a 30% quota of ten units: three 优秀; a tie across the line is not 优秀', () => {
    const scores = [99, 98, 97, 96, 95, 94, 93, 92, 91, 60];
    const g = grade(scores.map((score, i) => ({ orgId: i + 1, series: '机关', score })), { lastInSeriesNotExcellent: true, excellentQuota: 30 });
    expect(Object.values(g).filter(([, gr]) => gr === '优秀')).toHaveLength(3);
    const tied = [99, 98, 97, 97, 80, 80, 80, 80, 80, 70];
    const t = grade(tied.map((score, i) => ({ orgId: i + 1, series: '机关', score })), { lastInSeriesNotExcellent: true, excellentQuota: 30 });
    expect([1, 2, 3, 4].map((i) => t[i])).toEqual([[1, '优秀'], [2, '优秀'], [3, '良好'], [3, '良好']]);
  });

  it('a veto caps the grade whatever the score', () => {
    expect(grade([{ orgId: 1, series: '机关', score: 99, vetoes: ['major_incident'] }, { orgId: 2, series: '机关', score: 50 }])).toEqual({ 1: [1, '基本合格'], 2: [2, '不合格'] });
  });
});
