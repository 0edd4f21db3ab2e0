import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REQUIREMENTS,
  addToMonths,
  countByMonth,
  emptySummary,
  evaluateCompliance,
  periodsOf,
  summaryStatus,
  tallyCompliance,
  type ComplianceOrg,
  type CountedActivity,
  type Requirement,
} from './compliance.rule.ts';

const req = (key: string) => DEFAULT_REQUIREMENTS.find((r) => r.key === key)!;

function branch(activities: CountedActivity[] = [], over: Partial<ComplianceOrg> = {}, year = 2026): ComplianceOrg {
  return {
    type: 'branch',
    goLiveOn: '2020-01-01',
    foundedOn: '2020-01-01',
    dissolvedOn: null,
    hasCommittee: true,
    monthly: countByMonth(activities, year),
    groups: [],
    talkPairs: { required: 0, covered: 0 },
    ...over,
  };
}

const statusOf = (org: ComplianceOrg, key: string, periodId: string, asOf: string, year = 2026) =>
  evaluateCompliance(org, [req(key)], year, asOf).find((c) => c.periodId === periodId)?.status;

describe('periods', () => {
  it.each([
    [2026, 'month', 12, '2026-01-01', '2026-01-31', '2026-12-31'],
    [2026, 'quarter', 4, '2026-01-01', '2026-03-31', '2026-12-31'],
    [2026, 'year', 1, '2026-01-01', '2026-12-31', '2026-12-31'],
  ] as const)('%i %s: %i periods, first %s–%s, last ends %s', (year, f, n, start, end, lastEnd) => {
    const ps = periodsOf(year, f);
    expect(ps).toHaveLength(n);
    expect([ps[0].start, ps[0].end, ps[n - 1].end]).toEqual([start, end, lastEnd]);
  });

  it.each([
    [2028, '2028-02-29'],
    [2026, '2026-02-28'],
    [2100, '2100-02-28'],
    [2000, '2000-02-29'],
  ])('February %i ends on %s (leap years)', (year, end) => {
    expect(periodsOf(year, 'month')[1].end).toBe(end);
  });
});

describe('compliance status', () => {
  const q1Assembly = (day: string): CountedActivity => ({ heldOn: day, types: ['branch_assembly'], lecturerIsSecretary: false });

  it.each([
    // activity, asOf, period, expected
    ['2026-03-31', '2026-04-01', '2026-Q1', 'met'], // on the last day of the quarter
    ['2026-04-01', '2026-04-02', '2026-Q1', 'overdue'], // one day late counts for Q2, not Q1
    ['2026-04-01', '2026-04-02', '2026-Q2', 'met'],
    [null, '2026-03-31', '2026-Q1', 'due'], // the last day itself is still in time
    [null, '2026-04-01', '2026-Q1', 'overdue'],
    [null, '2026-01-15', '2026-Q4', 'due'], // a future period is due, not overdue
  ] as const)('党员大会 held %s, judged on %s: %s is %s', (held, asOf, periodId, expected) => {
    const org = branch(held ? [q1Assembly(held)] : []);
    expect(statusOf(org, 'branch_assembly', periodId, asOf)).toBe(expected);
  });

  it.each([
    ['2026-04', 'na'], // before founding
    ['2026-05', 'na'], // founded on 15 May: mid-period
    ['2026-06', 'overdue'],
    ['2026-Q2', 'na'],
    ['2026-Q3', 'overdue'],
  ])('a branch founded on 15 May 2026: %s is %s', (periodId, expected) => {
    const org = branch([], { foundedOn: '2026-05-15' });
    const key = periodId.includes('Q') ? 'branch_assembly' : 'theme_day';
    expect(statusOf(org, key, periodId, '2026-11-23')).toBe(expected);
  });

  it('a branch founded on the first day of a period owes that period', () => {
    expect(statusOf(branch([], { foundedOn: '2026-05-01' }), 'theme_day', '2026-05', '2026-11-23')).toBe('overdue');
  });

  it.each([
    ['2026-08', 'overdue'],
    ['2026-09', 'na'], // dissolved on 10 September
    ['2026-10', 'na'],
    ['2026', 'na'], // the yearly items of a dissolved branch
  ])('a branch dissolved on 10 September: %s is %s', (periodId, expected) => {
    const org = branch([], { dissolvedOn: '2026-09-10' });
    const key = periodId.length === 4 ? 'life_meeting' : 'theme_day';
    expect(statusOf(org, key, periodId, '2026-11-23')).toBe(expected);
  });

  it('a meeting held before dissolution still counts as met', () => {
    const org = branch([{ heldOn: '2026-09-05', types: ['theme_day'], lecturerIsSecretary: false }], { dissolvedOn: '2026-09-10' });
    expect(statusOf(org, 'theme_day', '2026-09', '2026-11-23')).toBe('met');
  });

  it('an activity counting for two types meets both (主题党日 with a 党课)', () => {
    const org = branch([{ heldOn: '2026-07-01', types: ['theme_day', 'party_lecture'], lecturerIsSecretary: true }]);
    expect(statusOf(org, 'theme_day', '2026-07', '2026-11-23')).toBe('met');
    expect(statusOf(org, 'secretary_lecture', '2026', '2026-11-23')).toBe('met');
  });

  it('a 党课 by someone other than the secretary does not meet 书记讲党课', () => {
    const org = branch([{ heldOn: '2026-07-01', types: ['party_lecture'], lecturerIsSecretary: false }]);
    expect(statusOf(org, 'secretary_lecture', '2026', '2026-12-31')).toBe('due');
    expect(statusOf(org, 'secretary_lecture', '2026', '2027-01-01')).toBe('overdue');
  });

  it('支委会 does not apply to a branch without a committee (ZB-22)', () => {
    expect(statusOf(branch([], { hasCommittee: false }), 'committee_meeting', '2026-03', '2026-11-23')).toBe('na');
    expect(statusOf(branch([], { hasCommittee: true }), 'committee_meeting', '2026-03', '2026-11-23')).toBe('overdue');
  });

  it('党小组会: na without 党小组; met only when every 党小组 met', () => {
    const jan = (n: number) => [n, ...Array(11).fill(0)];
    expect(statusOf(branch([], { groups: [] }), 'group_meeting', '2026-01', '2026-11-23')).toBe('na');
    expect(statusOf(branch([], { groups: [jan(1), jan(0)] }), 'group_meeting', '2026-01', '2026-11-23')).toBe('overdue');
    expect(statusOf(branch([], { groups: [jan(1), jan(2)] }), 'group_meeting', '2026-01', '2026-11-23')).toBe('met');
  });

  it('谈心谈话 is met when every required pair has talked (ZB-19)', () => {
    expect(statusOf(branch([], { talkPairs: { required: 10, covered: 9 } }), 'heart_talk', '2026', '2027-01-05')).toBe('overdue');
    expect(statusOf(branch([], { talkPairs: { required: 10, covered: 10 } }), 'heart_talk', '2026', '2026-06-01')).toBe('met');
    expect(statusOf(branch([], { talkPairs: { required: 0, covered: 0 } }), 'heart_talk', '2026', '2027-01-05')).toBe('na');
  });

  it('leap day: a 主题党日 on 29 February 2028 meets February', () => {
    const org = branch([{ heldOn: '2028-02-29', types: ['theme_day'], lecturerIsSecretary: false }], {}, 2028);
    expect(statusOf(org, 'theme_day', '2028-02', '2028-03-01', 2028)).toBe('met');
  });

  it('activities of another year do not count', () => {
    const org = branch([{ heldOn: '2025-12-31', types: ['life_meeting'], lecturerIsSecretary: false }]);
    expect(statusOf(org, 'life_meeting', '2026', '2027-01-01')).toBe('overdue');
  });

  it('disabled requirements and other organisation types produce nothing', () => {
    const off: Requirement = { ...req('theme_day'), enabled: false };
    expect(evaluateCompliance(branch(), [off], 2026, '2026-11-23')).toEqual([]);
    expect(evaluateCompliance({ ...branch(), type: 'organ_committee' }, [req('theme_day')], 2026, '2026-11-23')).toEqual([]);
  });

  it('a local item with a higher count (党课 each quarter, twice) needs both', () => {
    const local: Requirement = { ...req('theme_day'), key: 'local-1', activityType: 'party_lecture', frequency: 'quarter', minCount: 2, source: 'local' };
    const once = branch([{ heldOn: '2026-02-01', types: ['party_lecture'], lecturerIsSecretary: false }]);
    const twice = branch([
      { heldOn: '2026-02-01', types: ['party_lecture'], lecturerIsSecretary: false },
      { heldOn: '2026-03-01', types: ['party_lecture'], lecturerIsSecretary: false },
    ]);
    expect(evaluateCompliance(once, [local], 2026, '2026-11-23')[0]).toMatchObject({ status: 'overdue', done: 1, needed: 2 });
    expect(evaluateCompliance(twice, [local], 2026, '2026-11-23')[0]).toMatchObject({ status: 'met', done: 2, needed: 2 });
  });
});

describe('heatmap months', () => {
  it('monthly items land in their month, quarterly at quarter end, yearly in December; worst status wins', () => {
    const org = branch([{ heldOn: '2026-01-10', types: ['theme_day'], lecturerIsSecretary: false }]);
    const cells = evaluateCompliance(org, [req('theme_day'), req('branch_assembly'), req('life_meeting')], 2026, '2026-02-15');
    const months = Array.from({ length: 12 }, emptySummary);
    addToMonths(months, cells);
    expect(months[0]).toEqual({ met: 1, due: 0, overdue: 0, inactive: 0, na: 0 });
    expect(months[1]).toEqual({ met: 0, due: 1, overdue: 0, inactive: 0, na: 0 });
    expect(months[2]).toEqual({ met: 0, due: 2, overdue: 0, inactive: 0, na: 0 }); // theme day + Q1 assembly
    expect(months[11]).toEqual({ met: 0, due: 3, overdue: 0, inactive: 0, na: 0 }); // theme day, Q4, yearly
    expect(summaryStatus(months[0])).toBe('met');
    expect(summaryStatus({ met: 5, due: 1, overdue: 1, inactive: 0, na: 0 })).toBe('overdue');
    expect(summaryStatus(emptySummary())).toBe('na');
  });

  it('tallyCompliance (the heatmap of a whole city) equals adding up the cells', () => {
    const orgs: ComplianceOrg[] = [
      branch([{ heldOn: '2026-01-10', types: ['theme_day', 'party_lecture'], lecturerIsSecretary: true }, { heldOn: '2026-03-02', types: ['branch_assembly'], lecturerIsSecretary: false }]),
      branch([], { hasCommittee: false, foundedOn: '2026-05-15', groups: [[1, 0, 0], []], talkPairs: { required: 3, covered: 3 } }),
      branch([{ heldOn: '2026-02-10', types: ['committee_meeting'], lecturerIsSecretary: false }], { dissolvedOn: '2026-08-01', groups: [[0, 1]], talkPairs: { required: 4, covered: 1 } }),
      { ...branch(), type: 'general_branch' },
    ];
    for (const asOf of ['2026-02-15', '2026-11-23', '2027-01-05']) {
      const byCells = Array.from({ length: 12 }, emptySummary);
      const tallied = Array.from({ length: 12 }, emptySummary);
      for (const org of orgs) {
        addToMonths(byCells, evaluateCompliance(org, DEFAULT_REQUIREMENTS, 2026, asOf));
        tallyCompliance(tallied, org, DEFAULT_REQUIREMENTS, 2026, asOf);
      }
      expect(tallied).toEqual(byCells);
    }
  });
});

describe('go-live (GO-1)', () => {
  const meeting = (day: string): CountedActivity => ({ heldOn: day, types: ['committee_meeting'], lecturerIsSecretary: false });
  const live = (goLiveOn: string | null, activities: CountedActivity[] = []) => branch(activities, { goLiveOn });

  it.each([
    // go-live, period, asOf, expected
    ['2026-07-01', '2026-06', '2026-12-01', 'inactive'], // ended the day before go-live
    ['2026-07-01', '2026-07', '2026-12-01', 'overdue'], // begins on go-live
    ['2026-07-15', '2026-07', '2026-12-01', 'overdue'], // go-live mid-month: the month is judged
    ['2026-07-31', '2026-07', '2026-12-01', 'overdue'], // go-live on the period's last day
    ['2026-08-01', '2026-07', '2026-12-01', 'inactive'],
    ['2026-07-01', '2026-12', '2026-12-01', 'due'],
    ['2027-01-01', '2026-12', '2026-12-01', 'inactive'], // go-live ahead: this month is not judged
  ])('go-live %s: %s is %s (asOf %s)', (goLiveOn, periodId, asOf, expected) => {
    expect(statusOf(live(goLiveOn), 'committee_meeting', periodId, asOf)).toBe(expected);
  });

  it('not live at all (no go-live date): nothing is judged, records still count', () => {
    const org = live(null, [meeting('2026-03-10')]);
    expect(statusOf(org, 'committee_meeting', '2026-02', '2026-12-01')).toBe('inactive');
    expect(statusOf(org, 'committee_meeting', '2026-03', '2026-12-01')).toBe('met');
  });

  it('a record before go-live still counts: the period is 已完成', () => {
    expect(statusOf(live('2026-07-01', [meeting('2026-05-20')]), 'committee_meeting', '2026-05', '2026-12-01')).toBe('met');
  });

  it('a record before go-live that is not enough leaves the period 未启用, never red', () => {
    const org = branch([], { goLiveOn: '2026-07-01', groups: [[0, 0, 0, 1], [0, 0, 0, 0]] });
    const cell = evaluateCompliance(org, [req('group_meeting')], 2026, '2026-12-01').find((c) => c.periodId === '2026-04')!;
    expect([cell.status, cell.done, cell.needed]).toEqual(['inactive', 1, 2]);
  });

  it('a quarter or year that ends after go-live is judged as a whole', () => {
    const org = live('2026-08-01');
    expect(statusOf(org, 'branch_assembly', '2026-Q3', '2026-12-01')).toBe('overdue');
    expect(statusOf(org, 'branch_assembly', '2026-Q2', '2026-12-01')).toBe('inactive');
    expect(statusOf(org, 'life_meeting', '2026', '2026-12-01')).toBe('due');
  });

  it('does not apply stays 不适用 before go-live (no committee)', () => {
    expect(statusOf(branch([], { goLiveOn: '2026-07-01', hasCommittee: false }), 'committee_meeting', '2026-03', '2026-12-01')).toBe('na');
  });

  it('the heatmap: months before go-live are 未启用, not red; a partly entered month stays 未启用', () => {
    const months = Array.from({ length: 12 }, emptySummary);
    tallyCompliance(months, live('2026-07-01', [meeting('2026-05-20')]), [req('committee_meeting'), req('theme_day')], 2026, '2026-12-01');
    expect(months.map(summaryStatus)).toEqual([...Array(6).fill('inactive'), ...Array(5).fill('overdue'), 'due']);
    expect(months[4]).toMatchObject({ met: 1, inactive: 1, overdue: 0 });
    const full = Array.from({ length: 12 }, emptySummary);
    tallyCompliance(full, live('2026-07-01', [meeting('2026-05-20')]), [req('committee_meeting')], 2026, '2026-12-01');
    expect(summaryStatus(full[4])).toBe('met');
  });
});
