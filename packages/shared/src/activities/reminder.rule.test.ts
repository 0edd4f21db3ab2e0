import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUIREMENTS, evaluateCompliance, type ComplianceOrg } from './compliance.rule.ts';
import {
  addDays,
  birthdayReminders,
  dueReminders,
  overdueReminders,
  periodLabel,
  reminderCell,
  type BirthdayMember,
  type ReminderOrg,
} from './reminder.rule.ts';

const byKey = new Map(DEFAULT_REQUIREMENTS.map((r) => [r.key, r]));

/** A branch judged by the national defaults, with the given monthly counts. */
function org(asOf: string, over: Partial<ComplianceOrg> = {}, id = 9, name = '综合处党支部', ancestorIds = [4, 1]): ReminderOrg {
  const input: ComplianceOrg = { type: 'branch', foundedOn: '2020-01-01', goLiveOn: '2020-01-01', dissolvedOn: null, hasCommittee: true, monthly: {}, groups: [], talkPairs: { required: 0, covered: 0 }, ...over };
  const year = Number(asOf.slice(0, 4));
  const cells = [...evaluateCompliance(input, DEFAULT_REQUIREMENTS, year - 1, asOf), ...evaluateCompliance(input, DEFAULT_REQUIREMENTS, year, asOf)];
  return { orgId: id, name, ancestorIds, cells: cells.map((c) => reminderCell(c, byKey.get(c.requirementKey))) };
}

/** Every month met for a count key except the months listed. */
const allBut = (...missing: number[]) => Array.from({ length: 12 }, (_, m) => (missing.includes(m + 1) ? 0 : 1));

describe('labels and days', () => {
  it.each([
    ['2026-11', 2026, '11月'],
    ['2026-Q4', 2026, '第四季度'],
    ['2026', 2026, '2026年度'],
    ['2025-12', 2026, '2025年12月'],
    ['2025-Q1', 2026, '2025年第一季度'],
  ])('%s seen in %i is %s', (id, year, label) => expect(periodLabel(id, year)).toBe(label));

  it.each([
    ['2026-11-23', 7, '2026-11-30'],
    ['2026-12-28', 7, '2027-01-04'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-12-01', -31, '2026-10-31'],
  ])('%s + %i days = %s', (day, n, out) => expect(addDays(day, n)).toBe(out));
});

describe('due: secretaries hear reminderDays before a period ends', () => {
  const nov = (asOf: string, days = 7) => dueReminders([org(asOf)], asOf, days).filter((d) => d.dedupeKey === 'due:9:2026-11-30');

  it.each([
    ['2026-11-22', 7, 0], // 8 days before the end: not yet
    ['2026-11-23', 7, 1], // exactly 7 days before
    ['2026-11-30', 7, 1], // the last day itself
    ['2026-12-01', 7, 0], // ended: overdue now, not due
    ['2026-11-25', 5, 1],
    ['2026-11-24', 5, 0],
  ])('on %s with %i days: %i notice for November', (asOf, days, n) => {
    expect(nov(asOf, days)).toHaveLength(n);
  });

  it('lists what is missing, in Chinese, to the secretaries of the branch', () => {
    const [d] = dueReminders([org('2026-11-23')], '2026-11-23', 7);
    expect(d).toMatchObject({ to: { kind: 'secretaries', orgId: 9 }, kind: 'period_due', title: '综合处党支部：11月30日前还有2项组织生活未完成', link: '/compliance?orgId=9&year=2026' });
    expect(d.body).toBe('11月还未开展：支委会、主题党日。距截止还有7天，请抓紧开展并及时提交审核。');
    const [one] = dueReminders([org('2026-11-23', { monthly: { theme_day: allBut() } })], '2026-11-23', 7);
    expect(one.body).toBe('11月还未开展：支委会。距截止还有7天，请抓紧开展并及时提交审核。');
  });

  it('December, the fourth quarter and the year end together: one notice, shortest period first', () => {
    const ds = dueReminders([org('2026-12-28', { monthly: { committee_meeting: allBut(), theme_day: allBut(12), branch_assembly: [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0] } })], '2026-12-28', 7);
    expect(ds).toHaveLength(1);
    expect(ds[0].dedupeKey).toBe('due:9:2026-12-31');
    expect(ds[0].body).toBe(
      '12月还未开展：主题党日；第四季度还未开展：党员大会；2026年度还未开展：组织生活会、民主评议党员、书记讲党课。距截止还有3天，请抓紧开展并及时提交审核。',
    );
  });

  it('党小组 and 谈心谈话 say how many are missing; met and not-applicable items are left out', () => {
    const o = org('2026-12-31', { monthly: { committee_meeting: allBut(), theme_day: allBut(), branch_assembly: allBut(), life_meeting: allBut(), member_review: allBut(), party_lecture_by_secretary: allBut() }, groups: [allBut(), allBut(12), allBut(12)], talkPairs: { required: 10, covered: 7 } });
    const [d] = dueReminders([o], '2026-12-31', 7);
    expect(d.body).toBe('12月还未开展：党小组会（3个党小组中2个未开）；2026年度还未开展：谈心谈话（尚有3对未谈）。今天是截止日，请抓紧开展并及时提交审核。');
    expect(dueReminders([org('2026-11-23', { hasCommittee: false, monthly: { theme_day: allBut() } })], '2026-11-23', 7)).toEqual([]);
  });

  it('a period that has not begun is not reminded of, however long the window', () => {
    const ds = dueReminders([org('2026-01-25')], '2026-01-25', 40);
    expect(ds.map((d) => d.dedupeKey)).toEqual(['due:9:2026-01-31']);
  });

  it('a leap February ends on the 29th', () => {
    expect(dueReminders([org('2028-02-22')], '2028-02-22', 7).map((d) => d.dedupeKey)).toEqual(['due:9:2028-02-29']);
    expect(dueReminders([org('2028-02-21')], '2028-02-21', 7)).toEqual([]);
  });
});

describe('overdue: the level above hears of periods that ended', () => {
  const a1 = (asOf: string, over: Partial<ComplianceOrg> = {}) => org(asOf, over, 9, '综合处党支部', [4, 1]);
  const a2 = (asOf: string, over: Partial<ComplianceOrg> = {}) => org(asOf, over, 10, '业务处党支部', [4, 1]);
  const b1 = (asOf: string) => org(asOf, {}, 11, '办公室党支部', [5, 1]);
  const met = { committee_meeting: allBut(), theme_day: allBut(), branch_assembly: allBut(), life_meeting: allBut(), member_review: allBut(), party_lecture_by_secretary: allBut() };

  it('one notice per nearest ancestor with admins and period end, listing its branches by name', () => {
    const asOf = '2026-12-01';
    const ds = overdueReminders([a1(asOf, { monthly: { ...met, theme_day: allBut(11) } }), a2(asOf, { monthly: met }), b1(asOf)], asOf, new Set([4, 1]));
    expect(ds.map((d) => [d.to, d.dedupeKey])).toEqual([
      [{ kind: 'overseers', orgId: 4 }, 'overdue:4:2026-11-30'],
      [{ kind: 'overseers', orgId: 1 }, 'overdue:1:2026-10-31'], // 5 has no admins: the next one up; October ended 31 days ago
      [{ kind: 'overseers', orgId: 1 }, 'overdue:1:2026-11-30'],
    ]);
    expect(ds[0].title).toBe('逾期提醒：1个党组织11月30日到期的组织生活未完成');
    expect(ds[0].body).toBe('截至11月30日，以下党组织有逾期未完成的组织生活：综合处党支部（11月：主题党日）。请督促补正。');
    expect(ds[2].body).toContain('办公室党支部（11月：支委会、主题党日）');
  });

  it.each([
    ['2026-11-30', []], // not ended yet
    ['2026-12-01', ['overdue:4:2026-11-30']],
    ['2026-12-31', ['overdue:4:2026-11-30']], // 31 days after: still told (if never told)
    ['2027-01-01', ['overdue:4:2026-12-31']], // 32 days after November: dropped; December is new
  ])('主题党日 missed in November and December, judged on %s: %j', (asOf, keys) => {
    const ds = overdueReminders([a1(asOf, { monthly: { ...met, theme_day: allBut(11, 12) } })], asOf, new Set([4]));
    expect(ds.map((d) => d.dedupeKey)).toEqual(keys);
  });

  it('the new year reports the old year’s end with its year', () => {
    const [d] = overdueReminders([a1('2027-01-02')], '2027-01-02', new Set([4]));
    expect(d.title).toBe('逾期提醒：1个党组织2026年12月31日到期的组织生活未完成');
    expect(d.body).toContain('综合处党支部（2026年12月：支委会、主题党日；2026年第四季度：党员大会；2026年度：');
    expect(d.link).toBe('/compliance?orgId=4&year=2026');
  });

  it('no ancestor with admins: nobody to tell', () => {
    expect(overdueReminders([a1('2026-12-01')], '2026-12-01', new Set([9]))).toEqual([]);
  });
});

describe('political birthdays (入党纪念日)', () => {
  const m = (memberId: number, name: string, joinDate: string, over: Partial<BirthdayMember> = {}): BirthdayMember => ({
    memberId, name, joinDate, fullDate: null, branch: { orgId: 9, name: '综合处党支部' }, userIds: [], ...over,
  });

  it('the branch secretaries get this month’s list, by day; the anniversary counts from joining, 党龄 from 转正 (XZ-28)', () => {
    const ds = birthdayReminders([m(1, '赵一', '2005-12-20', { fullDate: '2006-12-20' }), m(2, '钱二', '2016-12-03', { fullDate: '2017-12-03' }), m(3, '孙三', '2010-07-01')], '2026-12-01');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ to: { kind: 'secretaries', orgId: 9 }, kind: 'political_birthday', title: '12月政治生日：综合处党支部2名党员', dedupeKey: 'birthday:9:2026-12' });
    // 钱二 became 正式 on 3 December 2017: 党龄 8 years until the 3rd, 9 after.
    expect(ds[0].body).toBe('本月过政治生日的党员：钱二（2016年12月3日入党，入党10周年，党龄8年）、赵一（2005年12月20日入党，入党21周年，党龄19年）。可在主题党日为他们过政治生日、重温入党誓词。');
  });

  it('members who joined this year have no anniversary yet; a 预备党员 has no 党龄', () => {
    const ds = birthdayReminders([m(1, '赵一', '2026-12-01'), m(2, '钱二', '2025-12-15')], '2026-12-20');
    expect(ds).toHaveLength(1);
    expect(ds[0].body).toContain('钱二（2025年12月15日入党，入党1周年）');
    expect(ds[0].body).not.toContain('赵一');
  });

  it('each member with an account gets a greeting once a year; branches are kept apart', () => {
    const ds = birthdayReminders(
      [m(1, '赵一', '2005-12-20', { userIds: [7, 7] }), m(2, '冯甲', '2012-12-01', { branch: { orgId: 10, name: '业务处党支部' }, userIds: [8] }), m(3, '陈乙', '2001-12-31', { branch: null })],
      '2026-12-01',
    );
    expect(ds.filter((d) => d.to.kind === 'secretaries').map((d) => d.dedupeKey).sort()).toEqual(['birthday:10:2026-12', 'birthday:9:2026-12']);
    const greetings = ds.filter((d) => d.to.kind === 'account');
    expect(greetings.map((d) => [d.to, d.dedupeKey])).toEqual([
      [{ kind: 'account', userId: 8 }, 'birthday-greeting:2:2026'],
      [{ kind: 'account', userId: 7 }, 'birthday-greeting:1:2026'],
    ]);
    expect(greetings[1].body).toBe('2005年12月20日是您的入党纪念日，今年是您入党21周年。不忘初心、牢记使命，继续发挥先锋模范作用。');
  });

  it('a member who joined on 29 February is listed in every February', () => {
    const ds = birthdayReminders([m(1, '赵一', '2012-02-29')], '2027-02-01');
    expect(ds[0].body).toContain('赵一（2012年2月29日入党，入党15周年）');
  });
});
