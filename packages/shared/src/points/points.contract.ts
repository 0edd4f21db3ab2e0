import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, idParam, isoDate, requiredText, text, z } from '../common/zod.ts';
import { day, int, pageOf, timestamp } from '../common/responses.ts';
import { activityTypes, type ActivityType } from '../activities/activity.contract.ts';

/**
 * 党员积分制 (issue 12 item 7): a versioned rule set per year (积分规则), items scored only from verified
 * events in the system (attendance confirmed as 出席, a list item closed, an honour named …) plus
 * additions and deductions entered by the branch and approved by the level above. Every line of a
 * member's ledger (积分明细) names its source. Terms in docs/GLOSSARY.md, rules PT-1 … in docs/RULES.md
 * §'党员积分'. All values are local practice (L, practice.md §3.3) and configurable per version.
 */

/**
 * What an item scores. Each kind is one source of events on the server (features/points/sources.ts):
 * a new source (exam passed, training completed) is one function there plus one kind here.
 */
export const pointItemKinds = defineOptions({
  attendance_present: '参加组织生活（出席）',
  list_item_closed: '清单事项办结（责任人）',
  honour_named: '获得表彰',
  manual_addition: '支部加分',
  manual_deduction: '支部扣分',
  training_completed: '培训班结业',
  exam_passed: '考试合格',
});
export type PointItemKind = (typeof pointItemKinds.values)[number];

/** Member classes an item applies to (PT-6). 特殊 members are exempt for the year by branch decision (an exemption, not a class on the roster). */
export const pointMemberClasses = defineOptions({ regular: '普通党员', flowing: '流动党员', retired: '离退休党员' });
export type PointMemberClass = (typeof pointMemberClasses.values)[number];

export const pointRuleSetStatuses = defineOptions({ draft: '草稿', published: '已发布' });
export type PointRuleSetStatus = (typeof pointRuleSetStatuses.values)[number];

/** A rule set version: edited as a draft, then published (PT-2); a revision is a new version effective from a date. */
export const pointRuleSetMachine = defineStateMachine({
  entity: '积分规则',
  stateLabel: (s: PointRuleSetStatus) => pointRuleSetStatuses.label(s),
  transitions: {
    edit: { from: ['draft'], to: null, label: '修改' },
    publish: { from: ['draft'], to: 'published', label: '发布' },
    delete: { from: ['draft'], to: 'removed', label: '删除' },
  },
});

const cap = z.number().int().min(1, '上限应为正整数').max(1000, '上限不超过1000').nullable();

export const pointItemSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '项目代码为小写字母、数字或下划线'),
    name: requiredText(40, '项目名称'),
    kind: z.enum(pointItemKinds.values),
    /** attendance_present only: which kinds of meeting count (empty: any). */
    activityTypes: z.array(z.enum(activityTypes.values)).default([]),
    /** Points per event; a deduction item has negative points. */
    points: z.number().int().min(-100, '分值应在-100至100之间').max(100, '分值应在-100至100之间'),
    dayCap: cap,
    yearCap: cap,
    memberClasses: z.array(z.enum(pointMemberClasses.values)).min(1, '至少适用于一类党员'),
  })
  .strict()
  .superRefine((it, ctx) => {
    if (it.kind === 'manual_deduction' && it.points > 0) ctx.addIssue({ code: 'custom', path: ['points'], message: '扣分项目的分值应为负数' });
    if (it.kind !== 'manual_deduction' && it.points < 0) ctx.addIssue({ code: 'custom', path: ['points'], message: '只有扣分项目的分值可以为负数' });
    if (it.kind !== 'attendance_present' && it.activityTypes.length) ctx.addIssue({ code: 'custom', path: ['activityTypes'], message: '只有“参加组织生活”项目可以限定活动类型' });
  });
export type PointItem = z.output<typeof pointItemSchema>;

export const pointRuleSetInput = z
  .object({
    year: z.number().int().min(2000).max(2100),
    effectiveFrom: isoDate,
    basePoints: z.number().int().min(0, '基础分应在0–1000之间').max(1000, '基础分应在0–1000之间'),
    floor: z.number().int().min(-1000).max(1000).nullable(),
    items: z.array(pointItemSchema).min(1, '至少一个积分项目').max(60),
    note: text(500).default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.effectiveFrom.startsWith(`${v.year}-`)) ctx.addIssue({ code: 'custom', path: ['effectiveFrom'], message: '生效日期应在该年度内' });
    const keys = new Set<string>();
    for (const [i, it] of v.items.entries()) {
      if (keys.has(it.key)) ctx.addIssue({ code: 'custom', path: ['items', i, 'key'], message: `项目代码“${it.key}”重复` });
      keys.add(it.key);
    }
  });
export type PointRuleSetInput = z.input<typeof pointRuleSetInput>;

/** A seeded default (PT-3, all L): 三会一课 3 each, 主题党日 2, study 2 with yearly caps (practice.md §3.3 "Guide"), base 60 and floor 0 (市外办 试行办法). */
export const DEFAULT_POINT_BASE = 60;
export const DEFAULT_POINT_FLOOR = 0;
const ALL: PointMemberClass[] = ['regular', 'flowing', 'retired'];
export const DEFAULT_POINT_ITEMS: PointItem[] = [
  { key: 'three_meetings', name: '参加“三会一课”', kind: 'attendance_present', activityTypes: ['branch_assembly', 'committee_meeting', 'group_meeting', 'party_lecture'], points: 3, dayCap: 3, yearCap: 12, memberClasses: ALL },
  { key: 'theme_day', name: '参加主题党日', kind: 'attendance_present', activityTypes: ['theme_day'], points: 2, dayCap: 2, yearCap: 8, memberClasses: ALL },
  { key: 'study', name: '参加集中学习', kind: 'attendance_present', activityTypes: ['collective_study', 'weekly_study', 'central_group_study'], points: 2, dayCap: 2, yearCap: 12, memberClasses: ALL },
  { key: 'life_meeting', name: '参加组织生活会、民主评议', kind: 'attendance_present', activityTypes: ['life_meeting', 'member_review', 'democratic_life_meeting'], points: 3, dayCap: 3, yearCap: 6, memberClasses: ALL },
  { key: 'list_closed', name: '负责的清单事项办结', kind: 'list_item_closed', activityTypes: [], points: 2, dayCap: null, yearCap: 10, memberClasses: ['regular', 'flowing'] },
  { key: 'honour', name: '获得表彰', kind: 'honour_named', activityTypes: [], points: 3, dayCap: null, yearCap: null, memberClasses: ALL },
  { key: 'addition', name: '支部认定的其他加分', kind: 'manual_addition', activityTypes: [], points: 3, dayCap: null, yearCap: 20, memberClasses: ALL },
  { key: 'deduction', name: '支部认定的扣分（如无故缺席）', kind: 'manual_deduction', activityTypes: [], points: -2, dayCap: null, yearCap: null, memberClasses: ALL },
  // 市直机关 办法 B: 「Training of 3+ days 2」; 市外办: 1 week–1 month 2 (practice.md §3.3).
  { key: 'training', name: '参加培训班并结业', kind: 'training_completed', activityTypes: [], points: 2, dayCap: null, yearCap: 6, memberClasses: ALL },
  // 「学习测试合格」 items of the local tables (L): an exam passed by its counted attempt (EX-7), once per exam.
  { key: 'exam', name: '参加考试并合格', kind: 'exam_passed', activityTypes: [], points: 2, dayCap: null, yearCap: 8, memberClasses: ALL },
];

export const pointRuleSetDto = z.object({
  id: int,
  year: int,
  version: int,
  status: z.enum(pointRuleSetStatuses.values),
  effectiveFrom: day,
  basePoints: int,
  floor: int.nullable(),
  items: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      kind: z.enum(pointItemKinds.values),
      activityTypes: z.array(z.enum(activityTypes.values)),
      points: int,
      dayCap: int.nullable(),
      yearCap: int.nullable(),
      memberClasses: z.array(z.enum(pointMemberClasses.values)),
    }),
  ),
  note: z.string(),
  publishedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export const pointRuleSetListDto = z.object({ items: z.array(pointRuleSetDto), canConfigure: z.boolean() });
export const pointRuleSetListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();

/** 特殊党员 exemption for a year (PT-7): by branch decision, with the reason. */
export const pointExemptionInput = z
  .object({ year: z.number().int().min(2000).max(2100), memberId: id, reason: requiredText(200, '免于积分的理由'), decidedOn: isoDate })
  .strict();
export type PointExemptionInput = z.input<typeof pointExemptionInput>;
export const pointExemptionDto = z.object({ id: int, year: int, memberId: int, memberName: z.string(), orgName: z.string(), reason: z.string(), decidedOn: day, createdAt: timestamp });
export const pointExemptionListDto = z.object({ items: z.array(pointExemptionDto) });

export const pointsQuery = z.object({ memberId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(2000).max(2100) }).strict();
export const pointsIdParam = idParam;

/** Where a line comes from (PT-4): what, which record, and the console link to it. */
export const pointSourceDto = z.object({ type: z.string(), id: int, title: z.string(), link: z.string().nullable() });

export const pointCapReasons = defineOptions({ day: '已达当日上限', year: '已达年度上限', floor: '已到保底分', class: '不适用于该类党员', exempt: '本年度免于积分', no_rule: '无适用的积分项目' });
export type PointCapReason = (typeof pointCapReasons.values)[number];

export const pointLineDto = z.object({
  day: day,
  kind: z.enum(pointItemKinds.values),
  source: pointSourceDto,
  itemKey: z.string().nullable(),
  itemName: z.string().nullable(),
  ruleSetVersion: int.nullable(),
  /** What the item is worth before caps; `points` is what counted. */
  nominal: int,
  points: int,
  cut: z.enum(pointCapReasons.values).nullable(),
  /** The latest appeal of this line, if any (PT-12). */
  appeal: z.object({ id: int, status: z.string(), answer: z.string().nullable() }).nullable().optional(),
});
export const pointLedgerDto = z.object({
  member: z.object({ id: int, name: z.string(), orgId: int, orgName: z.string() }),
  year: int,
  exempt: z.object({ reason: z.string(), decidedOn: day }).nullable(),
  basePoints: int,
  additions: int,
  deductions: int,
  total: int,
  lines: z.array(pointLineDto),
});
export type PointLine = z.output<typeof pointLineDto>;

/** 支部加分/扣分 (PT-10, PT-11): entered by the branch, approved or returned by the level above, never by whoever entered it. */
export const pointEntryStatuses = defineOptions({ submitted: '待审核', approved: '已通过', returned: '已退回' });
export type PointEntryStatus = (typeof pointEntryStatuses.values)[number];
export const pointEntryMachine = defineStateMachine({
  entity: '积分登记',
  stateLabel: (s: PointEntryStatus) => pointEntryStatuses.label(s),
  transitions: {
    approve: { from: ['submitted'], to: 'approved', label: '审核通过' },
    return: { from: ['submitted'], to: 'returned', label: '退回' },
  },
});
export const pointEntryKinds = defineOptions({ manual_addition: '加分', manual_deduction: '扣分' });
export const pointEntryInput = z
  .object({
    memberId: id,
    kind: z.enum(pointEntryKinds.values),
    occurredOn: isoDate,
    points: z.number().int().min(-100, '分值应在-100至100之间').max(100, '分值应在-100至100之间'),
    reason: requiredText(300, '加减分事由'),
    evidence: requiredText(500, '佐证材料（文件名、记录链接或说明）'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'manual_addition' && v.points <= 0) ctx.addIssue({ code: 'custom', path: ['points'], message: '加分的分值应为正数' });
    if (v.kind === 'manual_deduction' && v.points >= 0) ctx.addIssue({ code: 'custom', path: ['points'], message: '扣分的分值应为负数' });
  });
export type PointEntryInput = z.input<typeof pointEntryInput>;
export const pointEntryReviewInput = z
  .object({ decision: z.enum(['approve', 'return']), reason: text(300).optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'return' && !v.reason?.trim()) ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回须写明理由' });
  });
export type PointEntryReviewInput = z.input<typeof pointEntryReviewInput>;
export const pointEntryDto = z.object({
  id: int,
  memberId: int,
  memberName: z.string(),
  orgId: int,
  orgName: z.string(),
  kind: z.enum(pointEntryKinds.values),
  occurredOn: day,
  points: int,
  reason: z.string(),
  evidence: z.string(),
  status: z.enum(pointEntryStatuses.values),
  reviewReason: z.string().nullable(),
  enteredBy: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
  createdAt: timestamp,
  /** Whether the caller may approve or return it (points.review at a proper ancestor, not the one who entered it). */
  canReview: z.boolean(),
  /** 佐证材料 files (PT-10), and whether the caller may add or remove them (the branch, while it waits for review). */
  files: z.array(z.object({ id: int, fileName: z.string(), size: int })),
  canAttach: z.boolean(),
});
export const pointEntryListQuery = z
  .object({ year: z.coerce.number().int().min(2000).max(2100), status: z.enum(pointEntryStatuses.values).optional(), page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) })
  .strict();
export const pointEntryListDto = pageOf(pointEntryDto);
export type PointSourceRef = z.output<typeof pointSourceDto>;
export type { ActivityType };


/** 积分申诉 (PT-12): a member appeals one line of their own ledger; the branch answers once. */
export const pointAppealStatuses = defineOptions({ open: '待答复', upheld: '申诉成立', rejected: '申诉不成立' });
export type PointAppealStatus = (typeof pointAppealStatuses.values)[number];
export const pointAppealMachine = defineStateMachine({
  entity: '积分申诉',
  stateLabel: (s: PointAppealStatus) => pointAppealStatuses.label(s),
  transitions: {
    uphold: { from: ['open'], to: 'upheld', label: '答复（申诉成立）' },
    reject: { from: ['open'], to: 'rejected', label: '答复（申诉不成立）' },
  },
});
export const pointAppealInput = z
  .object({ year: z.number().int().min(2000).max(2100), sourceType: z.string().min(1).max(40), sourceId: id, day: isoDate, reason: requiredText(500, '申诉理由') })
  .strict();
export type PointAppealInput = z.input<typeof pointAppealInput>;
export const pointAppealAnswerInput = z
  .object({
    decision: z.enum(['uphold', 'reject']),
    answer: requiredText(500, '答复'),
    /** uphold: the correction in points (a correction entry naming the appeal, approved by the level above). */
    correction: z.number().int().min(-100).max(100).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'uphold' && !v.correction) ctx.addIssue({ code: 'custom', path: ['correction'], message: '申诉成立须填写更正的分值（不为0）' });
  });
export type PointAppealAnswerInput = z.input<typeof pointAppealAnswerInput>;
export const pointAppealDto = z.object({
  id: int,
  memberId: int,
  memberName: z.string(),
  orgName: z.string(),
  year: int,
  lineType: z.string(),
  lineId: int,
  lineDay: day,
  lineTitle: z.string(),
  linePoints: int,
  reason: z.string(),
  status: z.enum(pointAppealStatuses.values),
  answer: z.string().nullable(),
  correctionEntryId: int.nullable(),
  answeredAt: timestamp.nullable(),
  createdAt: timestamp,
});
export const pointAppealListDto = z.object({ items: z.array(pointAppealDto) });
