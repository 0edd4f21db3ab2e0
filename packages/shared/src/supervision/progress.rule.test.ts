import { describe, expect, it } from 'vitest';
import { DEFAULT_LIGHT_THRESHOLDS as T, acceptedProgress, assessItem, expectedProgress, lightTimeline, type ItemFacts, type LightThresholds } from './progress.rule.ts';

const ms = (dueOn: string, weight: number, acceptedOn: string | null = null) => ({ dueOn, weight, acceptedOn });

/** A year's item: 30 by the end of March, 60 by the end of June, 100 by the deadline. */
const year: ItemFacts = {
  startOn: '2026-01-01',
  deadline: '2026-12-31',
  closedOn: null,
  milestones: [ms('2026-03-31', 30, '2026-03-20'), ms('2026-06-30', 30), ms('2026-12-31', 40)],
};

describe('序时进度 (expectedProgress)', () => {
  it.each([
    ['before the start', '2025-12-31', 0],
    ['on the start day', '2026-01-01', 0],
    ['between the start and the first due day (45 of 89 days × 30)', '2026-02-15', 15],
    ['on the first due day', '2026-03-31', 30],
    ['between two due days (30 + 45 of 91 days × 30)', '2026-05-15', 45],
    ['on the second due day', '2026-06-30', 60],
    ['on the deadline', '2026-12-31', 100],
    ['after the last due day', '2027-02-01', 100],
  ])('%s: %s → %i', (_, asOf, expected) => {
    expect(expectedProgress(year, asOf)).toBe(expected);
  });

  it.each([
    ['weights are shares of their sum (1 : 3)', [ms('2026-01-11', 1), ms('2026-01-21', 3)], '2026-01-11', 25],
    ['two milestones due on one day add up', [ms('2026-01-11', 20), ms('2026-01-11', 30), ms('2026-01-21', 50)], '2026-01-11', 50],
    ['a milestone due before the start counts from the start', [ms('2025-12-01', 40), ms('2026-01-11', 60)], '2026-01-01', 40],
    ['weights of zero count equally', [ms('2026-01-11', 0), ms('2026-01-21', 0)], '2026-01-11', 50],
    ['no milestones: one of weight 100 due on the deadline (day 10 of 20)', [], '2026-01-11', 50],
  ])('%s', (_, milestones, asOf, expected) => {
    expect(expectedProgress({ startOn: '2026-01-01', deadline: '2026-01-21', closedOn: null, milestones }, asOf)).toBe(expected);
  });
});

describe('accepted progress', () => {
  it.each([
    ['nothing accepted yet', '2026-03-19', 0],
    ['the first milestone accepted (early)', '2026-03-20', 30],
    ['accepted counts only up to asOf', '2026-12-31', 30],
  ])('%s: %s → %i', (_, asOf, expected) => {
    expect(acceptedProgress(year, asOf)).toBe(expected);
  });

  it('a closed item is 100 from the day it closed; without milestones 0 before', () => {
    const item: ItemFacts = { startOn: '2026-01-01', deadline: '2026-01-21', closedOn: '2026-01-15', milestones: [] };
    expect([acceptedProgress(item, '2026-01-14'), acceptedProgress(item, '2026-01-15')]).toEqual([0, 100]);
    expect(acceptedProgress({ ...year, closedOn: '2026-07-01' }, '2026-07-01')).toBe(100);
  });
});

describe('lights (R11–R13, thresholds LT-1)', () => {
  // Expected progress equals the day number k from 2026-01-11 on (10 accepted early): gap = k − 10.
  const paced: ItemFacts = { startOn: '2026-01-01', deadline: '2026-04-11', closedOn: null, milestones: [ms('2026-01-11', 10, '2026-01-05'), ms('2026-04-11', 90)] };
  // Nearly done: 95 accepted, the deadline 2026-04-11 comes near.
  const nearlyDone: ItemFacts = { ...paced, milestones: [ms('2026-01-11', 95, '2026-01-05'), ms('2026-04-11', 5)] };
  // Nothing accepted on a year's item without milestones: idle.
  const idle: ItemFacts = { startOn: '2026-01-01', deadline: '2026-12-31', closedOn: null, milestones: [] };

  it.each([
    ['gap 9, just below yellow', paced, '2026-01-20', T, { gap: 9, state: 'on_time', light: 'none' }],
    ['gap 10, at yellow', paced, '2026-01-21', T, { gap: 10, state: 'behind', light: 'yellow' }],
    ['gap 29, just below red', paced, '2026-02-09', T, { gap: 29, state: 'behind', light: 'yellow' }],
    ['gap 30, at red', paced, '2026-02-10', T, { gap: 30, state: 'behind', light: 'red' }],
    ['8 days before the deadline, just outside blue', nearlyDone, '2026-04-03', T, { gap: 5, state: 'on_time', light: 'none' }],
    ['7 days before the deadline, blue', nearlyDone, '2026-04-04', T, { state: 'on_time', light: 'blue' }],
    ['on the deadline, still blue', nearlyDone, '2026-04-11', T, { state: 'on_time', light: 'blue' }],
    ['the day after the deadline, overdue', nearlyDone, '2026-04-12', T, { state: 'overdue', light: 'red' }],
    ['not started for 89 days: yellow by the gap only', idle, '2026-03-31', T, { actual: 0, gap: 24, light: 'yellow' }],
    ['not started for 90 days: red (R11)', idle, '2026-04-01', T, { actual: 0, gap: 25, state: 'behind', light: 'red' }],
    ['not started for 90 days is red whatever the gap thresholds', idle, '2026-04-01', { ...T, yellowGap: 50, redGap: 60 }, { gap: 25, light: 'red' }],
    ['overdue beats far behind', paced, '2026-05-01', T, { state: 'overdue', light: 'red' }],
    ['closed on the deadline: done', { ...paced, closedOn: '2026-04-11' }, '2026-04-11', T, { actual: 100, gap: 0, state: 'done', light: 'none' }],
    ['closed late: done, not overdue, after closing', { ...paced, closedOn: '2026-04-20' }, '2026-05-01', T, { state: 'done', light: 'none' }],
    ['closed later than asOf: still judged', { ...paced, closedOn: '2026-04-20' }, '2026-04-15', T, { state: 'overdue', light: 'red' }],
  ] as [string, ItemFacts, string, LightThresholds, object][])('%s', (_, item, asOf, t, expected) => {
    expect(assessItem(item, asOf, t)).toMatchObject(expected);
  });

  it('no red for idleness before anything is expected: an item not yet started is not idle', () => {
    const future: ItemFacts = { startOn: '2026-06-01', deadline: '2026-12-31', closedOn: null, milestones: [] };
    expect(assessItem(future, '2026-05-01', T)).toMatchObject({ expected: 0, actual: 0, light: 'none' });
  });

  it('thresholds are settings: a committee with yellow at 5 and red at 20', () => {
    expect(assessItem(paced, '2026-01-16', { ...T, yellowGap: 5, redGap: 20 }).light).toBe('yellow');
    expect(assessItem(paced, '2026-01-31', { ...T, yellowGap: 5, redGap: 20 }).light).toBe('red');
  });
});

describe('light history (lightTimeline, R13)', () => {
  const late: ItemFacts = {
    startOn: '2026-01-01',
    deadline: '2026-12-31',
    closedOn: null,
    milestones: [ms('2026-02-28', 50, '2026-05-10'), ms('2026-12-31', 50)],
  };

  it('a red caught up turns yellow, and the earlier colours stay on record', () => {
    expect(lightTimeline(late, '2026-01-01', '2026-06-30', T)).toEqual([
      { day: '2026-01-01', light: 'none' },
      { day: '2026-01-13', light: 'yellow' },
      { day: '2026-02-05', light: 'red' },
      { day: '2026-05-10', light: 'yellow' },
    ]);
  });

  it('a red fully caught up clears; closing keeps it clear', () => {
    const caughtUp: ItemFacts = { ...late, milestones: [ms('2026-02-28', 50, '2026-05-10'), ms('2026-12-31', 50, '2026-05-10')] };
    expect(lightTimeline(caughtUp, '2026-04-01', '2026-06-30', T)).toEqual([
      { day: '2026-04-01', light: 'red' },
      { day: '2026-05-10', light: 'none' },
    ]);
    expect(lightTimeline({ ...late, closedOn: '2026-05-10' }, '2026-05-09', '2027-01-31', T)).toEqual([
      { day: '2026-05-09', light: 'red' },
      { day: '2026-05-10', light: 'none' },
    ]);
  });

  it('the first day only when nothing changes; nothing for an empty range', () => {
    expect(lightTimeline(late, '2026-01-01', '2026-01-05', T)).toEqual([{ day: '2026-01-01', light: 'none' }]);
    expect(lightTimeline(late, '2026-02-01', '2026-01-01', T)).toEqual([]);
  });
});
