import { describe, expect, it } from 'vitest';
import { scoreLedger, type PointEvent, type ScoringVersion } from './ledger.rule.ts';
import type { PointItem } from './points.contract.ts';

// The ledger rule, table-driven: caps per Beijing day and per year, across midnight and year end,
// rule set versions in force by date, the floor under deductions, member classes and exemptions.

const ALL = ['regular', 'flowing', 'retired'] as const;
const meeting: PointItem = { key: 'meet', name: '参加“三会一课”', kind: 'attendance_present', activityTypes: ['branch_assembly', 'party_lecture'], points: 1, dayCap: 1, yearCap: 3, memberClasses: [...ALL] };
const deduction: PointItem = { key: 'ded', name: '扣分', kind: 'manual_deduction', activityTypes: [], points: -2, dayCap: null, yearCap: null, memberClasses: [...ALL] };
const v1: ScoringVersion = { version: 1, effectiveFrom: '2026-01-01', basePoints: 5, floor: 0, items: [meeting, deduction] };
const v2: ScoringVersion = { version: 2, effectiveFrom: '2026-07-01', basePoints: 5, floor: 0, items: [{ ...meeting, points: 2, dayCap: 2, yearCap: 5 }, deduction] };

let n = 0;
const attend = (at: string, types: PointEvent['activityTypes'] = ['branch_assembly']): PointEvent => ({ kind: 'attendance_present', at, activityTypes: types, source: { type: 'activity', id: ++n, title: `会议${n}`, link: `/activities/${n}` } });
const deduct = (at: string, points = -2): PointEvent => ({ kind: 'manual_deduction', at, points, source: { type: 'point_entry', id: ++n, title: '扣分', link: null } });
const score = (events: PointEvent[], versions = [v1], extra: Partial<Parameters<typeof scoreLedger>[0]> = {}) => scoreLedger({ year: 2026, versions, events, memberClass: 'regular', exempt: false, ...extra });
const brief = (r: ReturnType<typeof score>) => r.lines.map((l) => [l.day, l.points, l.cut]);

describe('scoreLedger', () => {
  const cases: [string, PointEvent[], ScoringVersion[], (string | number | null)[][], number][] = [
    ['two meetings the same day with a day cap of 1: the second is cut', [attend('2026-03-02T09:00:00+08:00'), attend('2026-03-02T15:00:00+08:00')], [v1], [['2026-03-02', 1, null], ['2026-03-02', 0, 'day']], 6],
    ['23:59 and 00:01 Beijing are two days (though the same UTC day)', [attend('2026-03-02T23:59:00+08:00'), attend('2026-03-03T00:01:00+08:00')], [v1], [['2026-03-02', 1, null], ['2026-03-03', 1, null]], 7],
    ['00:30 Beijing on 1 Jan is the new year: last year ends at 23:59 Beijing on 31 Dec', [attend('2026-12-31T23:59:00+08:00'), attend('2026-12-31T16:30:00Z')], [v1], [['2026-12-31', 1, null]], 6],
    ['the year cap of 3 stops the fourth meeting', [1, 2, 3, 4].map((d) => attend(`2026-03-0${d}T10:00:00+08:00`)), [v1], [['2026-03-01', 1, null], ['2026-03-02', 1, null], ['2026-03-03', 1, null], ['2026-03-04', 0, 'year']], 8],
    ['a version change mid-year: each event by the version in force; the year cap carries over', [attend('2026-06-30T10:00:00+08:00'), attend('2026-07-01T10:00:00+08:00'), attend('2026-07-02T10:00:00+08:00'), attend('2026-07-03T10:00:00+08:00')], [v1, v2], [['2026-06-30', 1, null], ['2026-07-01', 2, null], ['2026-07-02', 2, null], ['2026-07-03', 0, 'year']], 10],
    ['a deduction below the floor is cut at the floor', [deduct('2026-04-01', -4), deduct('2026-04-02', -4)], [v1], [['2026-04-01', -4, null], ['2026-04-02', -1, 'floor']], 0],
    ['a meeting of a type no item names scores 0, and says so', [attend('2026-03-02T10:00:00+08:00', ['heart_talk'])], [v1], [['2026-03-02', 0, 'no_rule']], 5],
    ['before the first version is in force: 0', [attend('2026-03-02T10:00:00+08:00')], [{ ...v1, effectiveFrom: '2026-04-01' }], [['2026-03-02', 0, 'no_rule']], 5],
    ['events out of order are scored in date order', [attend('2026-03-02T15:00:00+08:00'), attend('2026-03-02T09:00:00+08:00')], [v1], [['2026-03-02', 1, null], ['2026-03-02', 0, 'day']], 6],
  ];
  it.each(cases)('%s', (_name, events, versions, lines, total) => {
    const r = score(events, versions);
    expect(brief(r)).toEqual(lines);
    expect(r.total).toBe(total);
  });

  it('the earlier of two same-day meetings keeps its point; the cut line names its source', () => {
    const a = attend('2026-05-05T15:00:00+08:00');
    const b = attend('2026-05-05T09:00:00+08:00');
    const r = score([a, b]);
    expect(r.lines.map((l) => [l.source.id, l.points, l.itemName, l.ruleSetVersion])).toEqual([
      [b.source.id, 1, '参加“三会一课”', 1],
      [a.source.id, 0, '参加“三会一课”', 1],
    ]);
  });

  it('a class the item does not apply to scores 0; an exempt member has no base and no points', () => {
    const only = { ...v1, items: [{ ...meeting, memberClasses: ['regular' as const] }] };
    expect(brief(score([attend('2026-03-02T10:00:00+08:00')], [only], { memberClass: 'retired' }))).toEqual([['2026-03-02', 0, 'class']]);
    const ex = score([attend('2026-03-02T10:00:00+08:00')], [v1], { exempt: true });
    expect([ex.total, ex.basePoints, brief(ex)]).toEqual([0, 0, [['2026-03-02', 0, 'exempt']]]);
  });

  it('totals: base + additions + deductions', () => {
    const r = score([attend('2026-03-02T10:00:00+08:00'), attend('2026-03-03T10:00:00+08:00'), deduct('2026-03-04')]);
    expect([r.basePoints, r.additions, r.deductions, r.total]).toEqual([5, 2, -2, 5]);
  });
});
