import { describe, expect, it } from 'vitest';
import { activityHours, countStudyHours, DEFAULT_ACTIVITY_HOURS, isCadre, studyDayOf, targetOf } from './study-hours.rule.ts';

// 学时 counting (SH-9 … SH-11), table-driven: which Beijing day a line falls on, which year it counts
// for, how a meeting of several types counts, who is 书记/班子成员.

describe('the Beijing day of an activity', () => {
  it.each([
    ['an evening meeting in Beijing, 20:00 on 23 Nov', '2026-11-23T12:00:00Z', '2026-11-23'],
    ['a meeting starting 23:30 Beijing (15:30 UTC) that runs past midnight counts on its first day', '2026-11-23T15:30:00Z', '2026-11-23'],
    ['00:30 Beijing on 24 Nov is still 23 Nov in UTC', '2026-11-23T16:30:00Z', '2026-11-24'],
    ['23:59 Beijing on 31 Dec', '2026-12-31T15:59:00Z', '2026-12-31'],
    ['00:00 Beijing on 1 Jan (16:00 UTC on 31 Dec)', '2026-12-31T16:00:00Z', '2027-01-01'],
  ])('%s', (_what, instant, day) => {
    expect(studyDayOf(instant)).toBe(day);
  });
});

describe('a member\'s 学时 in a year', () => {
  const line = (day: string, hours: number) => ({ day, hours });
  it.each([
    ['no lines', [], 2026, 0],
    ['one 党课 and online study', [line('2026-03-01', 2), line('2026-03-02', 0.5)], 2026, 2.5],
    ['tenths add up without drift', [line('2026-01-01', 0.1), line('2026-01-02', 0.2)], 2026, 0.3],
    ['31 Dec counts for the year, 1 Jan for the next', [line('2026-12-31', 2), line('2027-01-01', 1)], 2026, 2],
    ['the next year sees only its own', [line('2026-12-31', 2), line('2027-01-01', 1)], 2027, 1],
    ['a meeting across Beijing midnight on New Year\'s Eve counts for the old year', [line(studyDayOf('2026-12-31T15:30:00Z'), 2)], 2026, 2],
    ['one starting at 00:30 Beijing on 1 Jan counts for the new year', [line(studyDayOf('2026-12-31T16:30:00Z'), 2)], 2026, 0],
  ] as const)('%s', (_what, lines, year, total) => {
    expect(countStudyHours(lines, year)).toBe(total);
  });
});

describe('a meeting of study types', () => {
  it.each([
    [['party_lecture'], 2],
    [['weekly_study'], 1],
    [['party_lecture', 'theme_day'], 2],
    [['branch_assembly'], 0],
    [['branch_assembly', 'weekly_study'], 1],
  ] as const)('%j counts %d 学时', (types, hours) => {
    expect(activityHours(types, DEFAULT_ACTIVITY_HOURS)).toBe(hours);
  });
});

describe('书记和班子成员 (target 56, others 32)', () => {
  it.each([
    [null, false, false, 32],
    ['党支部书记', false, true, 56],
    ['组织委员', false, true, 56],
    ['党员', false, false, 32],
    [null, true, true, 56],
  ] as const)('post %s, committee seat %s → cadre %s, target %d', (post, seat, cadre, target) => {
    expect(isCadre(post, seat)).toBe(cadre);
    expect(targetOf(cadre, { member: 32, cadre: 56 })).toBe(target);
  });
});
