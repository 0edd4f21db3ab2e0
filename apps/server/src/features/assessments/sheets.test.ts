import { describe, expect, it } from 'vitest';
import type { SchemeContent, ScoreEvent } from '@xianfeng/shared';
import { buildSheet, rankUnits, type StoredScore, type UnitData } from './sheets.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// A unit's score sheet and the ranking from stored data, no database (AR-3, AS-4/5/6/10/11, AR-7):
// what a sheet shows for each kind of indicator, and who must explain at the bottom of a series.

const at = new Date('2026-11-20T02:00:00Z');
const content = () => demoSchemeContent(1);
const full = { org_life: 20, key_tasks: 15, rectification: 15, cards: 10, honours: 0, discipline_cases: 0 };

function unit(orgId: number, o: { review?: number | null; ideology?: number | null; computed?: Partial<typeof full>; scores?: StoredScore[]; series?: UnitData['series']; vetoes?: UnitData['vetoes']; raw?: Record<string, number>; events?: Record<string, ScoreEvent[]>; deductions?: UnitData['deductions'] } = {}): UnitData {
  // The system-found deduction events are stored like a computation: score 0, their count in raw.
  const c: Record<string, number> = { ...full, ...o.computed, ...Object.fromEntries(Object.keys(o.raw ?? {}).filter((k) => !(k in full)).map((k) => [k, 0])) };
  const dept = (key: string, score: number): StoredScore => ({ indicatorKey: key, kind: 'department', score, note: '评语', evidence: '依据', by: '宣传部', at });
  const scores: StoredScore[] = [...(o.scores ?? [])];
  if (o.ideology !== null) scores.push(dept('ideology', o.ideology ?? 10));
  if (o.review !== null) scores.push(dept('review_result', o.review ?? 100));
  scores.push(dept('brand', 10));
  return {
    orgId,
    series: o.series ?? 'organ',
    computed: Object.fromEntries(Object.entries(c).map(([k, score]) => [k, { score, summary: `${k}的计算结果`, raw: o.raw?.[k] ?? null, moreEvents: 0 }])),
    events: o.events ?? {},
    scores,
    deductions: o.deductions ?? [],
    changes: [],
    vetoes: o.vetoes ?? [],
  };
}
const ind = (s: ReturnType<typeof buildSheet>, key: string) => s.categories.flatMap((c) => c.indicators).find((i) => i.key === key)!;

describe('buildSheet', () => {
  it('a manual indicator nobody scored is pending, its score null, its category counts it as 0', () => {
    const s = buildSheet(content(), unit(1, { ideology: null, review: null }));
    expect(s.pending).toBe(2);
    expect(ind(s, 'ideology')).toMatchObject({ score: null, originalScore: null, summary: '待宣传部评分', events: [], scoredBy: null });
    expect(ind(s, 'review_result')).toMatchObject({ score: null, summary: '待组织部评分' });
    // 党建重点督查: 20 + 15 + 15 + (ideology unscored) = 50
    expect(s.categories.find((c) => c.key === 'key_inspection')!.score).toBe(50);
    expect(s.parts.review).toMatchObject({ score: 0, max: 100, weighted: 0 });
    const scored = buildSheet(content(), unit(1));
    expect(scored.pending).toBe(0);
    expect(ind(scored, 'ideology')).toMatchObject({ score: 10, originalScore: 10, summary: '宣传部评分10分', comment: '评语', evidence: '依据', scoredBy: '宣传部' });
    expect(ind(scored, 'ideology').events).toEqual([{ label: '宣传部评分：评语；依据：依据', date: null, points: 10, ref: null }]);
  });

  it('an upheld appeal overrides the score; the original stays beside it', () => {
    const appeal: StoredScore = { indicatorKey: 'ideology', kind: 'appeal', score: 9.5, note: '材料属实', evidence: '', by: 'admin', at };
    const s = buildSheet(content(), unit(1, { ideology: 8, scores: [appeal] }));
    expect(ind(s, 'ideology')).toMatchObject({ score: 9.5, originalScore: 8, summary: '宣传部评分8分；经申诉调整为9.5分', scoredBy: 'admin' });
    // An appeal on a computed indicator too.
    const k = buildSheet(content(), unit(1, { computed: { key_tasks: 5 }, scores: [{ ...appeal, indicatorKey: 'key_tasks', score: 12 }] }));
    expect(ind(k, 'key_tasks')).toMatchObject({ score: 12, originalScore: 5, summary: 'key_tasks的计算结果；经申诉调整为12分' });
    expect(k.categories.find((c) => c.key === 'key_inspection')!.score).toBe(20 + 12 + 15 + 10);
  });

  it('a deduction indicator: the system’s late records (computed.raw) plus the recorded events, each listed', () => {
    const late: ScoreEvent[] = [{ label: 'A1：“支部党员大会”（2026-03-10召开）2026-04-03才录入平台', date: '2026-03-10', points: -0.1, ref: { type: 'activity', id: 77 } }];
    const s = buildSheet(content(), unit(1, { raw: { platform_records: 4 }, events: { platform_records: late }, deductions: [{ id: 5, indicatorKey: 'platform_records', event: 'dues_unpaid', occurredOn: '2026-05-01', count: 3, note: '5月党费未足额缴纳', by: 'admin' }] }));
    const p = ind(s, 'platform_records');
    expect(p.score).toBe(9.3);
    expect(p.originalScore).toBe(9.3);
    expect(p.summary).toBe('三会一课、主题党日未在月末前录入平台，每次4次，扣0.4分；党费未按月足额缴纳，每人每次3次，扣0.3分');
    expect(p.events).toEqual([late[0], { label: '党费未按月足额缴纳，每人每次：5月党费未足额缴纳（3次）', date: '2026-05-01', points: -0.3, ref: { type: 'deduction', id: 5 } }]);
    expect(ind(buildSheet(content(), unit(1)), 'platform_records')).toMatchObject({ score: 10, summary: '无扣分事项', events: [] });
  });

  it('a deduction indicator’s deduction stops at its cap', () => {
    const s = buildSheet(content(), unit(1, { deductions: [{ id: 1, indicatorKey: 'supervision_issues', event: 'pointed_out', occurredOn: '2026-04-01', count: 20, note: '点名', by: 'admin' }] }));
    // 20 × 0.5 = 10 points, cap 6
    expect(ind(s, 'supervision_issues')).toMatchObject({ score: 4, summary: '被工委或纪检组点名指出问题，每次20次，扣10分（扣分以6分为限）' });
  });

  it('the bonus counts at most the formula’s cap; the deduction part comes off the total', () => {
    const c = content();
    c.formula.honours.cap = 2;
    const s = buildSheet(c, unit(1, { computed: { honours: 5, discipline_cases: 3 } }));
    expect(s.categories.find((x) => x.key === 'excellence')!.score).toBe(5);
    expect(s.parts).toMatchObject({ bonus: 2, deduction: 3, inspection: { score: 100, max: 100, weighted: 70 }, review: { weighted: 30 } });
    expect(s.parts.total).toBe(99);
    // With the default cap 5 the whole bonus counts.
    expect(buildSheet(content(), unit(1, { computed: { honours: 5 } })).parts).toMatchObject({ bonus: 5, total: 105 });
  });
});

describe('rankUnits', () => {
  // Totals: 70 + 0.3 × review — 97, 94, 91, 91.
  const four = () => [unit(1, { review: 90 }), unit(2, { review: 80 }), unit(3, { review: 70 }), unit(4, { review: 70 })];
  const explain = (units: UnitData[], bottom: number, c: SchemeContent = content()) => Object.fromEntries(rankUnits(c, units, bottom).map((u) => [u.orgId, u.mustExplain]));

  it('ranks within the series with ties; every unit tied for the last places explains', () => {
    const r = rankUnits(content(), four(), 1);
    expect(r.map((u) => [u.orgId, u.score, u.rank, u.grade])).toEqual([
      [1, 97, 1, '优秀'],
      [2, 94, 2, '优秀'],
      [3, 91, 3, '良好'],
      [4, 91, 3, '良好'],
    ]);
    expect(r.find((u) => u.orgId === 3)!.reasons).toEqual(['本系列排名最后，不得评为优秀']);
    expect(explain(four(), 1)).toEqual({ 1: false, 2: false, 3: true, 4: true });
    expect(explain(four(), 2)).toEqual({ 1: false, 2: false, 3: true, 4: true });
    expect(explain(four(), 3)).toEqual({ 1: false, 2: true, 3: true, 4: true });
    expect(explain(four(), 0)).toEqual({ 1: false, 2: false, 3: false, 4: false });
  });

  it('a series of one unit: nobody explains, and it may be 优秀', () => {
    const r = rankUnits(content(), [...four(), unit(9, { review: 90, series: 'institution' })], 1);
    const alone = r.find((u) => u.orgId === 9)!;
    expect(alone).toMatchObject({ series: 'institution', rank: 1, seriesSize: 1, mustExplain: false, grade: '优秀' });
    expect(r.find((u) => u.orgId === 3)!).toMatchObject({ seriesSize: 4, mustExplain: true });
  });

  it('a veto caps the grade whatever the score', () => {
    const units = four();
    units[0] = unit(1, { review: 90, vetoes: [{ key: 'severe_case', reason: '发生严重违纪案件' }] });
    units[1] = unit(2, { review: 80, vetoes: [{ key: 'ideology_incident', reason: '舆情' }] });
    const r = rankUnits(content(), units, 1);
    expect(r.find((u) => u.orgId === 1)).toMatchObject({ score: 97, rank: 1, grade: '不合格', reasons: ['一票否决：降为不合格'] });
    expect(r.find((u) => u.orgId === 2)).toMatchObject({ score: 94, grade: '基本合格' });
    // The ranking is by score: the vetoed unit keeps its place; the bottom still explains.
    expect(explain(units, 1)).toEqual({ 1: false, 2: false, 3: true, 4: true });
  });
});
