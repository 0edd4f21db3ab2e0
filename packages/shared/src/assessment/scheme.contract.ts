import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, idParam, requiredText, z } from '../common/zod.ts';
import { int, timestamp } from '../common/responses.ts';

/*
 * 考核方案 (issue 11 item 1): the year's assessment scheme, versioned. An indicator tree
 * (categories → indicators → scoring points) with maximum scores, the scoring department and the
 * method of each indicator; 一票否决 items, grade bands and their rules; the 「2+1-1」 formula as
 * parameters. Rules: docs/RULES.md §10 (AS-…); terms: docs/GLOSSARY.md. Later slices (scoring,
 * explanations, ranking) read a published version and refer to its nodes by `key`, which a copy
 * and a revision keep.
 */

export const schemeStatuses = defineOptions({
  draft: '草稿',
  published: '已发布',
  superseded: '已被修订替代',
});
export type SchemeStatus = (typeof schemeStatuses.values)[number];

/**
 * AS-1: draft → published; a published version is never edited: `revise` makes a new draft
 * (a copy), whose publication supersedes it. Every version is kept.
 */
export const schemeMachine = defineStateMachine({
  entity: '考核方案版本',
  stateLabel: (s: SchemeStatus) => schemeStatuses.label(s),
  transitions: {
    edit: { from: ['draft'], to: null, label: '修改' },
    publish: { from: ['draft'], to: 'published', label: '发布' },
    revise: { from: ['published'], to: null, label: '修订' },
    supersede: { from: ['published'], to: 'superseded', label: '替代' },
  },
});
export type SchemeEvent = keyof typeof schemeMachine.transitions;

/** What part of 「2+1-1」 a category feeds (AS-6). */
export const schemeParts = defineOptions({
  inspection: '“2”·党建重点督查',
  review: '“2”·述职评议',
  bonus: '“+1”·创先争优',
  deduction: '“-1”·党纪政务处分',
});
export type SchemePart = (typeof schemeParts.values)[number];

export const indicatorMethods = defineOptions({
  computed: '系统计算',
  manual: '部门评分',
  deduction: '按事项扣分',
});
export type IndicatorMethodKind = (typeof indicatorMethods.values)[number];

type MeasureParam = { key: string; label: string; unit: string; default: number; min: number; max: number };
type Measure = { label: string; description: string; params: MeasureParam[] };

/**
 * AS-3: the named measures a computed indicator may use, with their parameters. Scoring (a later
 * slice) implements each from the year's records; the scheme only names and parametrises them.
 */
export const MEASURES = {
  org_life_compliance_rate: {
    label: '组织生活达标率',
    description: '所辖党组织组织生活按要求开展的比例；达到满分线得满分，低于零分线得0分，之间按比例',
    params: [
      { key: 'fullAt', label: '满分线', unit: '%', default: 95, min: 0, max: 100 },
      { key: 'zeroAt', label: '零分线', unit: '%', default: 60, min: 0, max: 100 },
    ],
  },
  key_tasks_closed_on_time: {
    label: '重点任务按期办结率',
    description: '责任清单重点任务按期办结的比例；达到满分线得满分，低于零分线得0分，之间按比例',
    params: [
      { key: 'fullAt', label: '满分线', unit: '%', default: 100, min: 0, max: 100 },
      { key: 'zeroAt', label: '零分线', unit: '%', default: 50, min: 0, max: 100 },
    ],
  },
  rectifications_closed_on_time: {
    label: '整改按期销号率',
    description: '督查发现问题按期整改销号的比例；达到满分线得满分，低于零分线得0分，之间按比例',
    params: [
      { key: 'fullAt', label: '满分线', unit: '%', default: 100, min: 0, max: 100 },
      { key: 'zeroAt', label: '零分线', unit: '%', default: 50, min: 0, max: 100 },
    ],
  },
  cards_received: {
    label: '被亮牌情况',
    description: '年度内被亮牌，每张按牌种扣分',
    params: [
      { key: 'yellow', label: '黄牌每张扣', unit: '分', default: 1, min: 0, max: 100 },
      { key: 'orange', label: '橙牌每张扣', unit: '分', default: 2, min: 0, max: 100 },
      { key: 'red', label: '红牌每张扣', unit: '分', default: 3, min: 0, max: 100 },
    ],
  },
  honours: {
    label: '创先争优表彰',
    description: '年度内获得的表彰，按级别加分（分值和上限见「2+1-1」公式）',
    params: [],
  },
  review_score: {
    label: '述职评议得分',
    description: '本单位党组织书记在年度述职评议（已结束的）中的加权得分（百分制），按指标分值折算',
    params: [],
  },
  discipline_cases: {
    label: '党纪政务处分',
    description: '年度内的处分案件，按轻重扣分，同一案件只扣一次（分值见「2+1-1」公式）',
    params: [],
  },
} as const satisfies Record<string, Measure>;
export type MeasureKey = keyof typeof MEASURES;
export const measureKeys = Object.keys(MEASURES) as MeasureKey[];
export const measureLabel = (k: string) => (MEASURES as Record<string, Measure>)[k]?.label ?? k;
export const measureDefaults = (k: MeasureKey): Record<string, number> =>
  Object.fromEntries((MEASURES[k].params as readonly MeasureParam[]).map((p) => [p.key, p.default]));

/** The honour levels of the 「+1」 bonus (AS-7). */
export const honourLevels = defineOptions({ national: '国家级', provincial: '省级', municipal: '市级', committee: '工委级' });
export type HonourLevel = (typeof honourLevels.values)[number];
/** The discipline severities of the 「-1」 deduction (AS-8, practice.md §2.2). */
export const disciplineSeverities = defineOptions({ admonition: '诫勉', light: '轻处分', heavy: '重处分', judicial: '移送司法' });
export type DisciplineSeverity = (typeof disciplineSeverities.values)[number];
/** The grades a 一票否决 item may cap at (AS-5, 咸宁 细则). */
export const vetoCaps = ['基本合格', '不合格'] as const;

// ---------- the scheme's content: one shape, strict for input, stripping for answers ----------

const nodeKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '节点代码应为小写字母开头的字母、数字或下划线（不超过40个字符）');

/** Scores in hundredths: 0–1000, at most two decimals. */
const score = (what: string) =>
  z
    .number({ error: `${what}应为数字` })
    .min(0, `${what}不能小于0`)
    .max(1000, `${what}不能大于1000`)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, `${what}最多两位小数`);
const weight = (what: string) => z.number({ error: `${what}应为数字` }).min(0, `${what}应在0到1之间`).max(1, `${what}应在0到1之间`);
const name = (what: string, max = 100) => requiredText(max, what);

/** Answers name every parameter key of the registry (a record would pass unknown keys through). */
const paramsAnswer = z.object(
  Object.fromEntries([...new Set(Object.values(MEASURES).flatMap((m) => (m.params as readonly MeasureParam[]).map((p) => p.key)))].map((k) => [k, z.number().optional()])),
);

function contentShapes(strict: boolean) {
  const obj = <T extends z.ZodRawShape>(shape: T) => (strict ? z.object(shape).strict() : z.object(shape));
  const num = (what: string) => (strict ? score(what) : z.number());
  const w = (what: string) => (strict ? weight(what) : z.number());
  const str = (what: string, max = 100) => (strict ? name(what, max) : z.string());
  const k = strict ? nodeKey : z.string();

  const point = obj({ key: k, name: str('评分要点', 300), maxScore: num('评分要点分值') });
  const deductionRow = obj({
    event: k,
    label: str('扣分事项', 200),
    points: num('每次扣分'),
    /** L: a local practice (practice.md §2.2), configurable. */
    local: z.boolean(),
  });
  const method = z.discriminatedUnion('kind', [
    obj({ kind: z.literal('computed'), measure: strict ? z.enum(measureKeys as [MeasureKey, ...MeasureKey[]], { error: '未知的计算指标' }) : z.string(), params: strict ? z.record(z.string(), z.number({ error: '参数应为数字' })) : paramsAnswer }),
    obj({ kind: z.literal('manual'), evidenceRequired: z.boolean(), commentRequired: z.boolean() }),
    obj({ kind: z.literal('deduction'), rows: z.array(deductionRow).max(30, '扣分事项最多30项') }),
  ]);
  const indicator = obj({
    key: k,
    name: str('指标名称', 200),
    maxScore: num('指标分值'),
    /** The most the indicator may give (computed, manual) or take (deduction); null: its maxScore. */
    cap: strict ? score('上限').nullable() : z.number().nullable(),
    department: obj({ name: str('评分部门', 50), userIds: z.array(strict ? id : z.number()).max(20, '评分人员最多20人') }),
    method,
    points: z.array(point).max(30, '评分要点最多30条'),
  });
  const category = obj({
    key: k,
    name: str('类别名称'),
    part: strict ? z.enum(schemeParts.values as [SchemePart, ...SchemePart[]], { error: '未知的计分部分' }) : z.string(),
    maxScore: num('类别分值'),
    indicators: z.array(indicator).max(50, '每个类别最多50项指标'),
  });
  const veto = obj({ key: k, name: str('否决事项', 200), capsAt: strict ? z.enum(vetoCaps, { error: '一票否决只能降为基本合格或不合格' }) : z.string() });
  const band = obj({ grade: str('等次', 10), minScore: num('分数线') });
  const formula = obj({
    inspectionWeight: w('重点督查权重'),
    reviewWeight: w('述职评议权重'),
    honours: obj({
      levels: z.array(obj({ level: strict ? z.enum(honourLevels.values as [HonourLevel, ...HonourLevel[]]) : z.string(), points: num('表彰加分') })).max(10),
      cap: num('加分上限'),
    }),
    discipline: obj({
      rows: z.array(obj({ severity: strict ? z.enum(disciplineSeverities.values as [DisciplineSeverity, ...DisciplineSeverity[]]) : z.string(), points: num('处分扣分'), local: z.boolean() })).max(10),
      /** AS-9: a case deducted in a previous year's assessment is not deducted again. */
      oncePerCase: z.boolean(),
    }),
  });
  const rules = obj({
    /** AS-4: the last unit of its series is never 优秀 (咸宁 细则). */
    lastInSeriesNotExcellent: z.boolean(),
    /** AS-4: at most this percent of each series is 优秀; null: no quota. */
    excellentQuota: strict ? z.number({ error: '优秀比例应为数字' }).int('优秀比例应为整数').min(1, '优秀比例应在1%到100%之间').max(100, '优秀比例应在1%到100%之间').nullable() : z.number().nullable(),
  });
  const content = obj({
    categories: z.array(category).max(20, '类别最多20个'),
    vetoes: z.array(veto).max(30, '否决事项最多30项'),
    bands: z.array(band).min(strict ? 2 : 0, '等次至少2档').max(8, '等次最多8档'),
    rules,
    formula,
  });
  return { content, category, indicator, point, method, veto, band, formula, rules, deductionRow };
}

const strictShapes = contentShapes(true);
const answerShapes = contentShapes(false);

const eq = (a: number, b: number) => Math.abs(a - b) < 0.005;
const sum = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) * 100) / 100;

/** AS-2: the scheme's own consistency, each problem with its Chinese message and path. */
export const schemeContentInput = strictShapes.content.superRefine((c, ctx) => {
  const seen = new Set<string>();
  const uniqueKey = (key: string, path: (string | number)[]) => {
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `节点代码重复：${key}`, path });
    seen.add(key);
  };
  c.categories.forEach((cat, ci) => {
    uniqueKey(cat.key, ['categories', ci, 'key']);
    if (cat.indicators.length && !eq(sum(cat.indicators.map((i) => i.maxScore)), cat.maxScore))
      ctx.addIssue({ code: 'custom', message: `类别“${cat.name}”的指标分值合计${sum(cat.indicators.map((i) => i.maxScore))}分，应等于类别分值${cat.maxScore}分`, path: ['categories', ci, 'maxScore'] });
    cat.indicators.forEach((ind, ii) => {
      const at = ['categories', ci, 'indicators', ii];
      uniqueKey(ind.key, [...at, 'key']);
      ind.points.forEach((p, pi) => uniqueKey(p.key, [...at, 'points', pi, 'key']));
      if (ind.points.length && !eq(sum(ind.points.map((p) => p.maxScore)), ind.maxScore))
        ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”的评分要点分值合计${sum(ind.points.map((p) => p.maxScore))}分，应等于指标分值${ind.maxScore}分`, path: [...at, 'maxScore'] });
      if (ind.cap !== null && ind.cap > ind.maxScore) ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”的上限不能大于其分值`, path: [...at, 'cap'] });
      if (new Set(ind.department.userIds).size !== ind.department.userIds.length) ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”的评分人员重复`, path: [...at, 'department', 'userIds'] });
      const m = ind.method;
      if (m.kind === 'computed') {
        const params = ((MEASURES as Record<string, Measure>)[m.measure]?.params ?? []) as readonly MeasureParam[];
        for (const p of params) {
          const v = m.params[p.key];
          if (v === undefined) ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”缺少参数“${p.label}”`, path: [...at, 'method', 'params', p.key] });
          else if (v < p.min || v > p.max) ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”的参数“${p.label}”应在${p.min}到${p.max}之间`, path: [...at, 'method', 'params', p.key] });
        }
        const extra = Object.keys(m.params).filter((k) => !params.some((p) => p.key === k));
        if (extra.length) ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”有未知参数：${extra.join('、')}`, path: [...at, 'method', 'params'] });
        if ('fullAt' in m.params && 'zeroAt' in m.params && m.params.zeroAt! >= m.params.fullAt!)
          ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”的零分线应低于满分线`, path: [...at, 'method', 'params', 'zeroAt'] });
      }
      if (m.kind === 'deduction') {
        if (!m.rows.length) ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”按事项扣分，至少需要1个扣分事项`, path: [...at, 'method', 'rows'] });
        const events = new Set<string>();
        m.rows.forEach((r, ri) => {
          if (events.has(r.event)) ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”的扣分事项重复：${r.event}`, path: [...at, 'method', 'rows', ri, 'event'] });
          events.add(r.event);
          if (r.points <= 0) ctx.addIssue({ code: 'custom', message: `指标“${ind.name}”的每次扣分应大于0`, path: [...at, 'method', 'rows', ri, 'points'] });
        });
      }
    });
  });
  c.vetoes.forEach((v, vi) => {
    uniqueKey(v.key, ['vetoes', vi, 'key']);
    if (!c.bands.some((b) => b.grade === v.capsAt)) ctx.addIssue({ code: 'custom', message: `否决事项“${v.name}”降为“${v.capsAt}”，但等次中没有“${v.capsAt}”`, path: ['vetoes', vi, 'capsAt'] });
  });
  const grades = new Set<string>();
  c.bands.forEach((b, bi) => {
    if (grades.has(b.grade)) ctx.addIssue({ code: 'custom', message: `等次重复：${b.grade}`, path: ['bands', bi, 'grade'] });
    grades.add(b.grade);
    if (bi > 0 && b.minScore >= c.bands[bi - 1]!.minScore) ctx.addIssue({ code: 'custom', message: '等次分数线应从高到低排列', path: ['bands', bi, 'minScore'] });
  });
  if (c.bands.length && c.bands[c.bands.length - 1]!.minScore !== 0) ctx.addIssue({ code: 'custom', message: '最低一档等次的分数线应为0', path: ['bands', c.bands.length - 1, 'minScore'] });
  const f = c.formula;
  if (!eq(f.inspectionWeight + f.reviewWeight, 1)) ctx.addIssue({ code: 'custom', message: '重点督查权重与述职评议权重之和应为1', path: ['formula', 'reviewWeight'] });
  const levels = f.honours.levels.map((l) => l.level);
  if (new Set(levels).size !== levels.length) ctx.addIssue({ code: 'custom', message: '表彰级别重复', path: ['formula', 'honours', 'levels'] });
  const sev = f.discipline.rows.map((r) => r.severity);
  if (new Set(sev).size !== sev.length) ctx.addIssue({ code: 'custom', message: '处分类别重复', path: ['formula', 'discipline', 'rows'] });
  for (const part of ['inspection', 'review'] as const) {
    if (f[`${part}Weight`] > 0 && !c.categories.some((cat) => cat.part === part) && c.categories.length)
      ctx.addIssue({ code: 'custom', message: `${schemeParts.label(part)}的权重大于0，但没有计入该部分的类别`, path: ['formula', `${part}Weight`] });
  }
});
export type SchemeContent = z.infer<typeof strictShapes.content>;
export type SchemeCategory = SchemeContent['categories'][number];
export type SchemeIndicator = SchemeCategory['indicators'][number];
export type IndicatorMethod = SchemeIndicator['method'];
export type SchemeBand = SchemeContent['bands'][number];
export type SchemeFormula = SchemeContent['formula'];
export type SchemeRules = SchemeContent['rules'];

/** AS-6…8 defaults (seed 000 「2+1-1」; practice.md §2.2 rows marked local). */
export const DEFAULT_BANDS: SchemeBand[] = [
  { grade: '优秀', minScore: 90 },
  { grade: '良好', minScore: 80 },
  { grade: '合格', minScore: 70 },
  { grade: '基本合格', minScore: 60 },
  { grade: '不合格', minScore: 0 },
];
export const DEFAULT_FORMULA: SchemeFormula = {
  inspectionWeight: 0.7,
  reviewWeight: 0.3,
  honours: {
    levels: [
      { level: 'national', points: 3 },
      { level: 'provincial', points: 2 },
      { level: 'municipal', points: 1 },
      { level: 'committee', points: 0.5 },
    ],
    cap: 5,
  },
  discipline: {
    rows: [
      { severity: 'admonition', points: 1, local: true },
      { severity: 'light', points: 3, local: true },
      { severity: 'heavy', points: 5, local: true },
      { severity: 'judicial', points: 8, local: true },
    ],
    oncePerCase: true,
  },
};
export const DEFAULT_RULES: SchemeRules = { lastInSeriesNotExcellent: true, excellentQuota: null };
/** A year with no earlier published scheme starts empty, with the default bands, rules and formula. */
export const emptySchemeContent = (): SchemeContent => ({ categories: [], vetoes: [], bands: DEFAULT_BANDS.map((b) => ({ ...b })), rules: { ...DEFAULT_RULES }, formula: structuredClone(DEFAULT_FORMULA) });

/** AS-10 (practice.md §2.2, 2022 机关党建目标考核细则): seed rows of the deduction table, all local. */
export const SEED_DEDUCTION_ROWS = [
  { event: 'inspection_failed', label: '督查认定“不合格”，每次', points: 0.1, local: true },
  { event: 'pointed_out', label: '被工委或纪检组点名指出问题，每次', points: 0.5, local: true },
  { event: 'meeting_not_recorded', label: '三会一课、主题党日未在月末前录入平台，每次', points: 0.1, local: true },
  { event: 'dues_unpaid', label: '党费未按月足额缴纳，每人每次', points: 0.1, local: true },
];

// ---------- inputs ----------

export const schemeYear = z.number({ error: '年度应为整数' }).int('年度应为整数').min(2000, '年度不能早于2000年').max(2100, '年度不能晚于2100年');
export const schemeYearQuery = z.object({ year: z.coerce.number({ error: '年度应为整数' }).int('年度应为整数').min(2000, '年度不能早于2000年').max(2100, '年度不能晚于2100年') }).strict();
export const schemeCreateInput = z.object({ year: schemeYear }).strict();
export type SchemeCreateInput = z.infer<typeof schemeCreateInput>;
export const schemeUpdateInput = z.object({ content: schemeContentInput }).strict();
export type SchemeUpdateInput = z.infer<typeof schemeUpdateInput>;
export const schemeParams = z.object({ id: idParam }).strict();

// ---------- answers ----------

export const schemeContentDto = answerShapes.content;
export const schemeVersionSummaryDto = z.object({
  id: int,
  version: int,
  status: z.enum(schemeStatuses.values as [SchemeStatus, ...SchemeStatus[]]),
  basedOnId: int.nullable(),
  /** The version this one was copied from (last year's, or the one it revises). */
  basedOn: z.object({ year: int, version: int }).nullable(),
  createdAt: timestamp,
  createdBy: z.string().nullable(),
  publishedAt: timestamp.nullable(),
  publishedBy: z.string().nullable(),
});
export const schemeDto = schemeVersionSummaryDto.extend({
  year: int,
  content: schemeContentDto,
  updatedAt: timestamp,
  /** The names of the scoring accounts the content refers to (department.userIds). */
  scorers: z.array(z.object({ id: int, name: z.string() })),
  abilities: z.object({ edit: z.boolean(), publish: z.boolean(), revise: z.boolean() }),
});
/** GET /api/assessments?year=: the latest version the caller may read, and the versions list (newest first). */
export const schemeYearDto = z.object({
  year: int,
  current: schemeDto.nullable(),
  versions: z.array(schemeVersionSummaryDto),
  canConfigure: z.boolean(),
  /** The committee may create the year's first version (none yet). */
  canCreate: z.boolean(),
});
/** GET /api/assessments/scorers: committee-level accounts that may score an indicator. */
export const schemeScorersDto = z.object({ items: z.array(z.object({ id: int, name: z.string(), username: z.string() })) });
