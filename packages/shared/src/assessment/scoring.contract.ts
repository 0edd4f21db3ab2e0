import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { idParam, isoDate, requiredText, text, z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';
import { unitTypes, type UnitType } from '../orgs/org.contract.ts';
import { schemeParts, schemeYear, indicatorMethods, type SchemePart, type IndicatorMethodKind } from './scheme.contract.ts';

/*
 * 年度考核 (issue 11 items 2–4): the year's round of the published scheme. Computed indicators
 * are filled from the records as of the round's date; scoring departments score their manual
 * indicators and record deduction events; each unit self-assesses and the committee reviews;
 * results are published with an appeal window; appeals are answered (a changed score keeps its
 * history); closing fixes the ranking and asks the bottom units of each series for a written
 * explanation, which becomes an item of their supervision list. Rules: docs/RULES.md §9.7 (AR-…).
 */

export const roundStatuses = defineOptions({ scoring: '评分中', published: '结果公布（申诉期）', closed: '已定档' });
export type RoundStatus = (typeof roundStatuses.values)[number];

/** AR-1: scoring → published (appeal window) → closed. Recompute only while scoring. */
export const roundMachine = defineStateMachine({
  entity: '年度考核',
  stateLabel: (s: RoundStatus) => roundStatuses.label(s),
  transitions: {
    score: { from: ['scoring'], to: null, label: '评分' },
    recompute: { from: ['scoring'], to: null, label: '重新计算' },
    publish: { from: ['scoring'], to: 'published', label: '公布结果' },
    appeal: { from: ['published'], to: null, label: '申诉' },
    close: { from: ['published'], to: 'closed', label: '定档' },
  },
});
export type RoundEvent = keyof typeof roundMachine.transitions;

export const sheetStatuses = defineOptions({ self_assessing: '自评中', submitted: '已提交自评', reviewed: '工委已审核' });
export type SheetStatus = (typeof sheetStatuses.values)[number];

/** AR-4: a unit's self-assessment: submitted by the unit, accepted or returned by the committee. */
export const sheetMachine = defineStateMachine({
  entity: '单位自评',
  stateLabel: (s: SheetStatus) => sheetStatuses.label(s),
  transitions: {
    edit: { from: ['self_assessing'], to: null, label: '修改自评' },
    submit: { from: ['self_assessing'], to: 'submitted', label: '提交自评' },
    accept: { from: ['submitted'], to: 'reviewed', label: '审核通过' },
    return: { from: ['submitted'], to: 'self_assessing', label: '退回' },
  },
});
export type SheetEvent = keyof typeof sheetMachine.transitions;

export const appealStatuses = defineOptions({ open: '待答复', upheld: '申诉成立', rejected: '申诉不成立' });
export type AppealStatus = (typeof appealStatuses.values)[number];

/** AR-6: an appeal is answered once: upheld (the score changes, with its history) or rejected. */
export const appealMachine = defineStateMachine({
  entity: '考核申诉',
  stateLabel: (s: AppealStatus) => appealStatuses.label(s),
  transitions: {
    uphold: { from: ['open'], to: 'upheld', label: '答复' },
    reject: { from: ['open'], to: 'rejected', label: '答复' },
  },
});

/** Where an explained point came from: a record the console can link to. */
export const eventRefTypes = defineOptions({
  org: '党组织',
  activity: '组织生活',
  list_item: '清单事项',
  card: '亮牌',
  honour: '表彰',
  discipline: '处分案件',
  review: '述职评议',
  deduction: '扣分事项',
  score: '部门评分',
});
export type EventRefType = (typeof eventRefTypes.values)[number];

/** AR-2 defaults: the appeal window in working days, and how many units of each series explain. */
export const DEFAULT_APPEAL_DAYS = 5;
export const DEFAULT_EXPLAIN_BOTTOM = 1;

// ---------- inputs ----------

const scoreValue = z
  .number({ error: '分数应为数字' })
  .min(0, '分数不能小于0')
  .max(1000, '分数不能大于1000')
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, '分数最多两位小数');
const indicatorKey = z.string().trim().min(1, '请选择指标').max(40);
const orgIdValue = z.number({ error: '请选择单位' }).int().positive().max(2_147_483_647);

export const roundYearParams = z.object({ year: z.coerce.number({ error: '年度应为整数' }).int('年度应为整数').min(2000).max(2100) }).strict();
export const unitSheetParams = roundYearParams.extend({ orgId: idParam }).strict();
export const appealParams = z.object({ id: idParam }).strict();
export const deductionEventParams = z.object({ id: idParam }).strict();

export const roundOpenInput = z
  .object({
    year: schemeYear,
    /** The day the computed indicators are counted up to (default: today, or the year's last day). */
    asOf: isoDate.optional(),
    appealDays: z.number({ error: '申诉期应为整数' }).int('申诉期应为整数').min(1, '申诉期为1到30个工作日').max(30, '申诉期为1到30个工作日').default(DEFAULT_APPEAL_DAYS),
    explainBottom: z.number({ error: '说明名额应为整数' }).int('说明名额应为整数').min(0, '每个系列需作说明的单位为0到10个').max(10, '每个系列需作说明的单位为0到10个').default(DEFAULT_EXPLAIN_BOTTOM),
  })
  .strict()
  .refine((r) => !r.asOf || r.asOf.slice(0, 4) === String(r.year), { message: '计算截止日应在考核年度内', path: ['asOf'] });
export type RoundOpenInput = z.infer<typeof roundOpenInput>;

export const recomputeInput = z.object({ asOf: isoDate.optional() }).strict();

export const departmentScoreInput = z
  .object({
    orgId: orgIdValue,
    indicatorKey,
    score: scoreValue,
    comment: text(1000).default(''),
    evidence: text(1000).default(''),
  })
  .strict();
export type DepartmentScoreInput = z.infer<typeof departmentScoreInput>;

export const deductionEventInput = z
  .object({
    orgId: orgIdValue,
    indicatorKey,
    event: z.string().trim().min(1, '请选择扣分事项').max(40),
    occurredOn: isoDate,
    count: z.number({ error: '次数应为整数' }).int('次数应为整数').min(1, '次数至少为1').max(100, '次数最多为100').default(1),
    note: requiredText(500, '事项说明'),
  })
  .strict();
export type DeductionEventInput = z.infer<typeof deductionEventInput>;

export const selfAssessmentInput = z
  .object({
    note: text(4000).default(''),
    scores: z
      .array(z.object({ indicatorKey, score: scoreValue, note: text(1000).default('') }).strict())
      .max(200),
  })
  .strict()
  .refine((s) => new Set(s.scores.map((x) => x.indicatorKey)).size === s.scores.length, { message: '同一指标只能自评一次', path: ['scores'] });
export type SelfAssessmentInput = z.infer<typeof selfAssessmentInput>;

export const sheetReturnInput = z.object({ reason: requiredText(500, '退回理由') }).strict();

export const vetoesInput = z
  .object({ vetoes: z.array(z.object({ key: z.string().trim().min(1).max(40), reason: requiredText(500, '否决理由') }).strict()).max(30) })
  .strict()
  .refine((v) => new Set(v.vetoes.map((x) => x.key)).size === v.vetoes.length, { message: '否决事项重复', path: ['vetoes'] });
export type VetoesInput = z.infer<typeof vetoesInput>;

export const appealInput = z.object({ indicatorKey, reason: requiredText(2000, '申诉理由') }).strict();
export type AppealInput = z.infer<typeof appealInput>;

export const appealAnswerInput = z
  .object({
    decision: z.enum(['upheld', 'rejected'], { error: '请选择答复结论' }),
    answer: requiredText(2000, '答复意见'),
    /** The indicator's new score when the appeal is upheld. */
    newScore: scoreValue.optional(),
  })
  .strict()
  .refine((a) => a.decision === 'rejected' || a.newScore !== undefined, { message: '申诉成立时应给出调整后的分数', path: ['newScore'] })
  .refine((a) => a.decision === 'upheld' || a.newScore === undefined, { message: '申诉不成立时不调整分数', path: ['newScore'] });
export type AppealAnswerInput = z.infer<typeof appealAnswerInput>;

// ---------- answers ----------

const part = z.enum(schemeParts.values as [SchemePart, ...SchemePart[]]);
const series = z.enum(unitTypes.values as [UnitType, ...UnitType[]]);

/** One record behind a score: what happened, when, how many points, and the record to open. */
export const scoreEventDto = z.object({
  label: z.string(),
  date: day.nullable(),
  /** Points this event gave (+) or took (−); null: it counts toward a rate, not by itself. */
  points: z.number().nullable(),
  ref: z.object({ type: z.enum(eventRefTypes.values as [EventRefType, ...EventRefType[]]), id: int }).nullable(),
});
export type ScoreEvent = z.output<typeof scoreEventDto>;

export const scoreChangeDto = z.object({ from: z.number().nullable(), to: z.number(), reason: z.string(), by: z.string().nullable(), at: timestamp, appealId: int.nullable() });

export const indicatorResultDto = z.object({
  key: z.string(),
  name: z.string(),
  method: z.enum(indicatorMethods.values as [IndicatorMethodKind, ...IndicatorMethodKind[]]),
  measure: z.string().nullable(),
  department: z.string(),
  maxScore: z.number(),
  /** The score that counts (after an upheld appeal); null while a manual indicator is unscored. */
  score: z.number().nullable(),
  /** What the records or the department gave, before any appeal. */
  originalScore: z.number().nullable(),
  /** One sentence: how the score came about. */
  summary: z.string(),
  events: z.array(scoreEventDto),
  /** Events beyond those listed (a long list is cut for the answer; the Excel sheet has all). */
  moreEvents: int,
  selfScore: z.number().nullable(),
  selfNote: z.string(),
  comment: z.string(),
  evidence: z.string(),
  scoredBy: z.string().nullable(),
  scoredAt: timestamp.nullable(),
  changes: z.array(scoreChangeDto),
});
export type IndicatorResult = z.output<typeof indicatorResultDto>;

export const partsDto = z.object({
  inspection: z.object({ score: z.number(), max: z.number(), weighted: z.number() }),
  review: z.object({ score: z.number(), max: z.number(), weighted: z.number() }),
  bonus: z.number(),
  deduction: z.number(),
  total: z.number(),
});

export const appealDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  indicatorKey: z.string(),
  indicatorName: z.string(),
  reason: z.string(),
  status: z.enum(appealStatuses.values as [AppealStatus, ...AppealStatus[]]),
  answer: z.string().nullable(),
  scoreBefore: z.number().nullable(),
  newScore: z.number().nullable(),
  filedBy: z.string().nullable(),
  filedAt: timestamp,
  answeredBy: z.string().nullable(),
  answeredAt: timestamp.nullable(),
});

export const explanationDto = z.object({ itemId: int, status: z.string(), statusLabel: z.string(), deadline: day });

export const unitSheetDto = z.object({
  year: int,
  roundStatus: z.enum(roundStatuses.values as [RoundStatus, ...RoundStatus[]]),
  asOf: day,
  computedAt: timestamp,
  appealUntil: day.nullable(),
  orgId: int,
  orgName: z.string(),
  series,
  status: z.enum(sheetStatuses.values as [SheetStatus, ...SheetStatus[]]),
  selfNote: z.string(),
  submittedAt: timestamp.nullable(),
  reviewedAt: timestamp.nullable(),
  returnReason: z.string().nullable(),
  categories: z.array(z.object({ key: z.string(), name: z.string(), part, maxScore: z.number(), score: z.number(), indicators: z.array(indicatorResultDto) })),
  parts: partsDto,
  vetoes: z.array(z.object({ key: z.string(), name: z.string(), capsAt: z.string(), reason: z.string() })),
  /** Unscored manual indicators: the total is provisional while any remain. */
  pending: int,
  grade: z.string(),
  gradeReasons: z.array(z.string()),
  rank: int,
  seriesSize: int,
  appeals: z.array(appealDto),
  explanation: explanationDto.nullable(),
  abilities: z.object({ selfAssess: z.boolean(), submit: z.boolean(), review: z.boolean(), setVetoes: z.boolean(), appeal: z.boolean() }),
});
export type UnitSheet = z.output<typeof unitSheetDto>;

export const rankingRowDto = z.object({
  orgId: int,
  orgName: z.string(),
  series,
  status: z.enum(sheetStatuses.values as [SheetStatus, ...SheetStatus[]]),
  parts: partsDto,
  pending: int,
  vetoes: int,
  grade: z.string(),
  gradeReasons: z.array(z.string()),
  rank: int,
  /** Among the bottom units of its series that must explain (AR-7). */
  mustExplain: z.boolean(),
  explanation: explanationDto.nullable(),
  openAppeals: int,
});
export type RankingRow = z.output<typeof rankingRowDto>;

export const roundDto = z.object({
  id: int,
  year: int,
  status: z.enum(roundStatuses.values as [RoundStatus, ...RoundStatus[]]),
  schemeId: int,
  schemeVersion: int,
  asOf: day,
  computedAt: timestamp,
  appealDays: int,
  explainBottom: int,
  appealUntil: day.nullable(),
  publishedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  /** Counts for the committee's progress line. */
  units: int,
  submitted: int,
  reviewed: int,
  pendingScores: int,
  openAppeals: int,
  abilities: z.object({ recompute: z.boolean(), publish: z.boolean(), close: z.boolean(), review: z.boolean() }),
});
export type Round = z.output<typeof roundDto>;

/** GET /api/assessments/:year/round: the round (null before it is opened) and whether the caller may open it. */
export const roundViewDto = z.object({
  year: int,
  round: roundDto.nullable(),
  canOpen: z.boolean(),
  /** The caller's own unit(s) to self-assess or read, and whether the caller scores indicators. */
  myUnits: z.array(z.object({ orgId: int, orgName: z.string() })),
  scorer: z.boolean(),
});

/** GET /api/assessments/:year/ranking. */
export const rankingDto = z.object({
  year: int,
  status: z.enum(roundStatuses.values as [RoundStatus, ...RoundStatus[]]),
  asOf: day,
  /** False while scoring: a preview only the committee sees. */
  published: z.boolean(),
  bands: z.array(z.object({ grade: z.string(), minScore: z.number() })),
  series: z.array(z.object({ key: series, label: z.string(), units: z.array(rankingRowDto) })),
});

/** GET /api/assessments/:year/scoring: the caller's indicators for every unit. */
export const scoringDto = z.object({
  year: int,
  status: z.enum(roundStatuses.values as [RoundStatus, ...RoundStatus[]]),
  indicators: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      categoryName: z.string(),
      department: z.string(),
      method: z.enum(indicatorMethods.values as [IndicatorMethodKind, ...IndicatorMethodKind[]]),
      maxScore: z.number(),
      cap: z.number().nullable(),
      evidenceRequired: z.boolean(),
      commentRequired: z.boolean(),
      rows: z.array(z.object({ event: z.string(), label: z.string(), points: z.number() })),
      /** The caller is named on it (only then may they score it; the committee sees the others read-only). */
      mine: z.boolean(),
    }),
  ),
  units: z.array(z.object({ orgId: int, orgName: z.string(), series })),
  scores: z.array(z.object({ orgId: int, indicatorKey: z.string(), score: z.number(), comment: z.string(), evidence: z.string(), scoredBy: z.string().nullable(), scoredAt: timestamp })),
  selfScores: z.array(z.object({ orgId: int, indicatorKey: z.string(), score: z.number(), note: z.string() })),
  events: z.array(z.object({ id: int, orgId: int, indicatorKey: z.string(), event: z.string(), label: z.string(), occurredOn: day, count: int, note: z.string(), recordedBy: z.string().nullable() })),
  canScore: z.boolean(),
});

/** GET /api/assessments/:year/appeals: the appeals the caller may see. */
export const appealListDto = z.object({ items: z.array(appealDto) });
