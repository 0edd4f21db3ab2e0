import { describe, expect, it } from 'vitest';
import { aggregateBallots, DEFAULT_REVIEW_SCALE, gradeForScore, reviewMachine, reviewSetupInput, weightsSumToOne, type BallotFacts } from './review-campaign.contract.ts';

// 述职评议 aggregation (SZ-7…SZ-9), table-driven: per group the average, the weighted sum over
// the groups that voted (weights rescaled), the grade reached, the distribution and who has not voted.

const scale = DEFAULT_REVIEW_SCALE; // 好 100, 较好 85, 一般 70, 差 50
const groups = [
  { key: 'team', name: '班子', weight: 0.5 },
  { key: 'cttee', name: '工委', weight: 0.3 },
  { key: 'reps', name: '党员代表', weight: 0.2 },
];
const reviewers = [
  { userId: 1, groupKey: 'team' },
  { userId: 2, groupKey: 'team' },
  { userId: 3, groupKey: 'cttee' },
  { userId: 4, groupKey: 'reps' },
];
const facts = (ballots: BallotFacts['ballots'], reporters = [{ id: 10 }]): BallotFacts => ({ scale, groups, reviewers, reporters, ballots });
const b = (reviewerId: number, grade: string, reporterId = 10) => ({ reporterId, reviewerId, grade });

describe('aggregateBallots: one reporter', () => {
  it.each([
    {
      name: 'every group votes: Σ weight × average',
      ballots: [b(1, 'good'), b(2, 'fairly_good'), b(3, 'good'), b(4, 'average')],
      // team (100+85)/2 = 92.5; 0.5×92.5 + 0.3×100 + 0.2×70 = 46.25 + 30 + 14 = 90.25
      averages: [92.5, 100, 70],
      score: 90.25,
      grade: 'fairly_good',
    },
    {
      name: 'a group without ballots is left out and the others rescaled',
      ballots: [b(1, 'good'), b(2, 'good'), b(3, 'average')],
      // (0.5×100 + 0.3×70) / 0.8 = 71 / 0.8 = 88.75
      averages: [100, 70, null],
      score: 88.75,
      grade: 'fairly_good',
    },
    {
      name: 'only one group voted: its average',
      ballots: [b(4, 'poor')],
      averages: [null, null, 50],
      score: 50,
      grade: 'poor',
    },
    { name: 'nobody voted: no score, no grade', ballots: [], averages: [null, null, null], score: null, grade: null },
    {
      name: 'all 好: exactly 100, grade 好',
      ballots: [b(1, 'good'), b(2, 'good'), b(3, 'good'), b(4, 'good')],
      averages: [100, 100, 100],
      score: 100,
      grade: 'good',
    },
    {
      name: 'a ballot of an unknown reviewer or grade does not count',
      ballots: [b(1, 'good'), b(99, 'poor'), b(2, 'excellent')],
      averages: [100, null, null],
      score: 100,
      grade: 'good',
    },
  ])('$name', ({ ballots, averages, score, grade }) => {
    const r = aggregateBallots(facts(ballots)).reporters[0]!;
    expect(r.groups.map((g) => g.average)).toEqual(averages);
    expect(r.score).toBe(score);
    expect(r.grade).toBe(grade);
  });

  it('counts the grades in the scale order', () => {
    const r = aggregateBallots(facts([b(1, 'good'), b(2, 'average'), b(3, 'good'), b(4, 'poor')])).reporters[0]!;
    expect(r.distribution).toEqual([
      { grade: 'good', count: 2 },
      { grade: 'fairly_good', count: 0 },
      { grade: 'average', count: 1 },
      { grade: 'poor', count: 1 },
    ]);
    expect(r.ballots).toBe(4);
  });
});

describe('participation', () => {
  it('names the reviewers who have not graded every reporter', () => {
    const agg = aggregateBallots(facts([b(1, 'good', 10), b(1, 'good', 11), b(2, 'good', 10), b(3, 'poor', 11)], [{ id: 10 }, { id: 11 }]));
    expect(agg.participation).toEqual([
      { userId: 1, cast: 2, expected: 2 },
      { userId: 2, cast: 1, expected: 2 },
      { userId: 3, cast: 1, expected: 2 },
      { userId: 4, cast: 0, expected: 2 },
    ]);
    expect(agg.missing).toEqual([2, 3, 4]);
  });

  it('does not expect a reviewer to grade their own report, and ignores such a ballot (SZ-13)', () => {
    // Reviewer 2 is reporter 11's secretary: 1 of 1 is done; an old self-ballot of reviewer 3 on 10 is not counted.
    const agg = aggregateBallots({
      ...facts([b(1, 'good', 10), b(1, 'good', 11), b(2, 'good', 10), b(2, 'poor', 11), b(3, 'poor', 10), b(3, 'good', 11), b(4, 'good', 10), b(4, 'good', 11)], [{ id: 10 }, { id: 11 }]),
      selfPairs: [{ reviewerId: 2, reporterId: 11 }, { reviewerId: 3, reporterId: 10 }],
    });
    expect(agg.participation).toEqual([
      { userId: 1, cast: 2, expected: 2 },
      { userId: 2, cast: 1, expected: 1 },
      { userId: 3, cast: 1, expected: 1 },
      { userId: 4, cast: 2, expected: 2 },
    ]);
    expect(agg.missing).toEqual([]);
    // Reporter 10: team (100+100)/2, committee none (the self-ballot left out), reps 100 → 100; reporter 11: team 100 only from reviewer 1.
    expect(agg.reporters.map((r) => [r.ballots, r.score])).toEqual([[3, 100], [3, 100]]);
  });
});

describe('gradeForScore: the highest grade the score reaches', () => {
  it.each([
    [100, 'good'],
    [99.99, 'fairly_good'],
    [85, 'fairly_good'],
    [84.9, 'average'],
    [70, 'average'],
    [50, 'poor'],
    [30, 'poor'],
    [null, null],
  ] as const)('%s → %s', (score, grade) => {
    expect(gradeForScore(scale, score)).toBe(grade);
  });

  it('a configured scale (优秀/称职/基本称职/不称职) works the same, whatever its order', () => {
    const other = [
      { key: 'basic', label: '基本称职', score: 60 },
      { key: 'excellent', label: '优秀', score: 95 },
      { key: 'fail', label: '不称职', score: 40 },
      { key: 'competent', label: '称职', score: 80 },
    ];
    expect(gradeForScore(other, 96)).toBe('excellent');
    expect(gradeForScore(other, 81)).toBe('competent');
    expect(gradeForScore(other, 59)).toBe('fail');
  });
});

describe('set-up rules', () => {
  const base = { name: '2026年度述职评议', scale: [...scale], groups, reviewers: [{ userId: 1, groupKey: 'team' }], reporters: [{ orgId: 5 }] };
  it.each([
    [[0.5, 0.3, 0.2], true],
    [[0.4, 0.3, 0.3], true],
    [[0.5, 0.5, 0.1], false],
    [[0.3333, 0.3333, 0.3334], true],
  ])('weights %j sum to one: %s', (w, ok) => {
    expect(weightsSumToOne(w)).toBe(ok);
    const r = reviewSetupInput.safeParse({ ...base, groups: groups.map((g, i) => ({ ...g, weight: w[i] })) });
    expect(r.success).toBe(ok);
    if (!r.success) expect(r.error.issues[0]!.message).toBe('各评议组权重之和应为1');
  });

  it('refuses a reviewer in two groups and a reviewer of an unknown group', () => {
    const twice = reviewSetupInput.safeParse({ ...base, reviewers: [{ userId: 1, groupKey: 'team' }, { userId: 1, groupKey: 'reps' }] });
    expect(twice.success).toBe(false);
    expect(twice.error!.issues[0]!.message).toBe('评议人重复（每人只能属于一个评议组）');
    const unknown = reviewSetupInput.safeParse({ ...base, reviewers: [{ userId: 1, groupKey: 'nobody' }] });
    expect(unknown.error!.issues[0]!.message).toBe('评议人所属评议组不存在：nobody');
  });
});

describe('the campaign machine', () => {
  it.each([
    ['setup', 'draft', true],
    ['setup', 'open', false],
    ['ballot', 'open', false],
    ['ballot', 'voting', true],
    ['ballot', 'closed', false],
    ['comment', 'open', true],
    ['comment', 'closed', false],
    ['close', 'open', false],
    ['close', 'voting', true],
    ['report', 'voting', false],
  ] as const)('%s in %s: %s', (event, state, ok) => {
    expect(reviewMachine.allows(event, state)).toBe(ok);
  });
  it('refuses in Chinese', () => {
    expect(reviewMachine.refusal('close', 'closed')).toBe('该述职评议当前为“已结束”，不能结束评议（可能刚被他人处理），请刷新后重试');
  });
});
