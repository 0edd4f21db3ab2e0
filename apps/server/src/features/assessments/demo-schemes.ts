import type { Kysely } from 'kysely';
import { DEFAULT_BANDS, DEFAULT_FORMULA, measureDefaults, SEED_DEDUCTION_ROWS, schemeContentInput, type SchemeContent, type SchemeIndicator } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';

/**
 * A realistic year's scheme (issue 11 item 8): 「2+1-1」 as five categories — 党建重点督查 and 日常工作
 * (the key-inspection part), 述职评议, 创先争优 (+1) and 党纪政务处分 (−1) — with computed, manual
 * and deduction indicators, the seed deduction rows of practice.md §2.2 and three 一票否决 items.
 */
export function demoSchemeContent(scorerId: number, scorers: Partial<Record<string, number>> = {}): SchemeContent {
  const dept = (name: string) => ({ name, userIds: [scorers[name] ?? scorerId] });
  const computed = (key: string, name: string, maxScore: number, department: string, measure: keyof typeof import('@xianfeng/shared').MEASURES, points: [string, string, number][] = []): SchemeIndicator => ({
    key, name, maxScore, cap: null, department: dept(department), method: { kind: 'computed', measure, params: measureDefaults(measure) }, points: points.map(([k, n, s]) => ({ key: k, name: n, maxScore: s })),
  });
  const manual = (key: string, name: string, maxScore: number, department: string, points: [string, string, number][]): SchemeIndicator => ({
    key, name, maxScore, cap: null, department: dept(department), method: { kind: 'manual', evidenceRequired: true, commentRequired: true }, points: points.map(([k, n, s]) => ({ key: k, name: n, maxScore: s })),
  });
  const rows = (...events: string[]) => SEED_DEDUCTION_ROWS.filter((r) => events.includes(r.event)).map((r) => ({ ...r }));
  return {
    categories: [
      {
        key: 'key_inspection', name: '党建重点督查', part: 'inspection', maxScore: 60,
        indicators: [
          computed('org_life', '组织生活落实', 20, '组织部', 'org_life_compliance_rate', [['three_meetings', '“三会一课”按期召开', 10], ['theme_day', '主题党日每月开展', 5], ['life_meeting', '组织生活会和民主评议党员', 5]]),
          computed('key_tasks', '重点任务推进', 15, '工委办公室', 'key_tasks_closed_on_time'),
          computed('rectification', '督查问题整改', 15, '工委办公室', 'rectifications_closed_on_time'),
          manual('ideology', '意识形态和宣传思想工作', 10, '宣传部', [['ideology_duty', '意识形态工作责任制落实', 5], ['publicity', '党建宣传信息报送', 5]]),
        ],
      },
      {
        key: 'daily_work', name: '日常工作', part: 'inspection', maxScore: 40,
        indicators: [
          { key: 'platform_records', name: '智慧党建平台使用', maxScore: 10, cap: null, department: dept('组织部'), method: { kind: 'deduction', rows: rows('meeting_not_recorded', 'dues_unpaid') }, points: [] },
          { key: 'supervision_issues', name: '督查和点名问题', maxScore: 10, cap: 6, department: dept('纪检组'), method: { kind: 'deduction', rows: rows('inspection_failed', 'pointed_out') }, points: [] },
          computed('cards', '被亮牌情况', 10, '工委办公室', 'cards_received'),
          manual('brand', '党建品牌和阵地建设', 10, '宣传部', [['brand_building', '党建品牌创建', 6], ['position', '党员活动阵地', 4]]),
        ],
      },
      {
        key: 'secretary_review', name: '述职评议', part: 'review', maxScore: 100,
        indicators: [manual('review_result', '党组织书记抓党建述职评议', 100, '组织部', [['report', '述职报告（成绩、问题、措施）', 20], ['comment', '现场述职和点评', 30], ['ballot', '评议投票', 50]])],
      },
      { key: 'excellence', name: '创先争优', part: 'bonus', maxScore: 5, indicators: [computed('honours', '获得表彰', 5, '组织部', 'honours')] },
      { key: 'discipline', name: '党纪政务处分', part: 'deduction', maxScore: 20, indicators: [computed('discipline_cases', '党纪政务处分案件', 20, '纪检组', 'discipline_cases')] },
    ],
    vetoes: [
      { key: 'severe_case', name: '发生严重违纪违法案件，造成恶劣影响', capsAt: '不合格' },
      { key: 'ideology_incident', name: '意识形态领域发生重大问题', capsAt: '基本合格' },
      { key: 'accountability', name: '党建工作责任制落实不力被问责', capsAt: '基本合格' },
    ],
    bands: DEFAULT_BANDS.map((b) => ({ ...b })),
    rules: { lastInSeriesNotExcellent: true, excellentQuota: null },
    formula: structuredClone(DEFAULT_FORMULA),
  };
}

/**
 * Last year's scheme (published) and this year's, copied from it with this year's changes
 * (a 30% 优秀 quota, 述职评议 weighted 0.4) and published. Deterministic; no audit (the demo city's
 * seeding is audited as a whole). `scorers`: a scoring department's account by department name
 * (宣传部 → the demo's `xuanchuan`); the other departments are the committee account.
 */
export async function seedSchemes(db: Kysely<DB>, o: { now: Date; year: number; committeeUserId: number; scorers?: Partial<Record<string, number>> }) {
  const last = schemeContentInput.parse(demoSchemeContent(o.committeeUserId, o.scorers));
  const current = schemeContentInput.parse({
    ...last,
    rules: { ...last.rules, excellentQuota: 30 },
    formula: { ...last.formula, inspectionWeight: 0.6, reviewWeight: 0.4 },
  });
  const at = (day: string) => new Date(`${day}T02:00:00Z`);
  const first = await db
    .insertInto('assessment_scheme')
    .values({ year: o.year - 1, version: 1, status: 'published', content: JSON.stringify(last), based_on_id: null, created_by: o.committeeUserId, created_at: at(`${o.year - 1}-01-10`), updated_at: at(`${o.year - 1}-01-20`), published_by: o.committeeUserId, published_at: at(`${o.year - 1}-01-20`) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const second = await db
    .insertInto('assessment_scheme')
    .values({ year: o.year, version: 1, status: 'published', content: JSON.stringify(current), based_on_id: first.id, created_by: o.committeeUserId, created_at: at(`${o.year}-01-08`), updated_at: at(`${o.year}-01-18`), published_by: o.committeeUserId, published_at: at(`${o.year}-01-18`) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { lastYear: first.id, thisYear: second.id };
}
