import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, idParam, isoDate, pageQuery, requiredText, text, z } from '../common/zod.ts';
import { day, int, pageOf, timestamp } from '../common/responses.ts';

/**
 * 清单制+责任制 (issue 10, docs/RULES.md §10): the committee hands down the year's key tasks
 * (重点任务); each becomes an item (清单事项) on the list of every organisation it applies to; an
 * organisation adds its own (创新动作). Findings of inspections become items of the 问题清单 later
 * (the same engine: milestones, progress accepted by the level above, 销号 with evidence, reopen).
 */
/** True when no value repeats (a list of ids or types). */
export const noRepeats = <T>(a: T[]) => new Set(a).size === a.length;

export const listKinds = defineOptions({
  responsibility: '责任清单',
  task: '任务清单',
  problem: '问题清单',
  measure: '措施清单',
});
export type ListKind = (typeof listKinds.values)[number];

/** Where an item came from. */
export const itemSources = defineOptions({
  key_task: '上级下达',
  own: '自定（创新动作）',
  inspection: '督查发现',
  review: '述职点评',
  assessment: '考核排名说明',
});
export type ItemSource = (typeof itemSources.values)[number];


// ── Items (清单事项) ────────────────────────────────────────────────────────────────────────

/**
 * in_progress → closing (销号 submitted) → closed (the level above approves), or back to
 * in_progress (returned with a reason); a closed item is reopened with a reason (回头看).
 */
export const itemStatuses = defineOptions({ in_progress: '推进中', closing: '销号待审', closed: '已销号' });
export type ItemStatus = (typeof itemStatuses.values)[number];

export const itemMachine = defineStateMachine({
  entity: '清单事项',
  stateLabel: (s: ItemStatus) => itemStatuses.label(s),
  transitions: {
    plan: { from: ['in_progress'], to: null, label: '修改计划' },
    claim: { from: ['in_progress'], to: null, label: '报送进度' },
    review: { from: ['in_progress'], to: null, label: '确认进度' },
    adjust: { from: ['in_progress'], to: null, label: '申请调整' },
    close: { from: ['in_progress'], to: 'closing', label: '申请销号' },
    approveClose: { from: ['closing'], to: 'closed', label: '批准销号' },
    returnClose: { from: ['closing'], to: 'in_progress', label: '退回销号申请' },
    reopen: { from: ['closed'], to: 'in_progress', label: '重新打开' },
  },
});

/** A milestone's progress claim: open → claimed → accepted (counts), or back to open when returned. */
export const milestoneStatuses = defineOptions({ open: '未报送', claimed: '待确认', accepted: '已确认' });
export type MilestoneStatus = (typeof milestoneStatuses.values)[number];
export const milestoneMachine = defineStateMachine({
  entity: '节点',
  stateLabel: (s: MilestoneStatus) => milestoneStatuses.label(s),
  transitions: {
    edit: { from: ['open'], to: null, label: '修改' },
    claim: { from: ['open'], to: 'claimed', label: '报送完成' },
    accept: { from: ['claimed'], to: 'accepted', label: '确认' },
    return: { from: ['claimed'], to: 'open', label: '退回' },
  },
});

/** 调整申请: pending → approved (the change applies) or rejected (the item stays as it was). */
export const adjustmentStatuses = defineOptions({ pending: '待审批', approved: '已批准', rejected: '未批准' });
export type AdjustmentStatus = (typeof adjustmentStatuses.values)[number];
export const adjustmentMachine = defineStateMachine({
  entity: '调整申请',
  stateLabel: (s: AdjustmentStatus) => adjustmentStatuses.label(s),
  transitions: {
    approve: { from: ['pending'], to: 'approved', label: '批准' },
    reject: { from: ['pending'], to: 'rejected', label: '不予批准' },
  },
});

/** 销号申请: submitted → approved or returned. */
export const closingStatuses = defineOptions({ submitted: '待审核', approved: '已批准', returned: '已退回' });
export type ClosingStatus = (typeof closingStatuses.values)[number];
export const closingMachine = defineStateMachine({
  entity: '销号申请',
  stateLabel: (s: ClosingStatus) => closingStatuses.label(s),
  transitions: {
    approve: { from: ['submitted'], to: 'approved', label: '批准销号' },
    return: { from: ['submitted'], to: 'returned', label: '退回' },
  },
});

/**
 * Evidence of a closing: text, a file uploaded to the item, or a link to a record the system already
 * holds (「最多报一次」): an approved organisational-life record, a closed rectification.
 */
export const evidenceKinds = defineOptions({ text: '文字说明', activity: '组织生活记录', file: '佐证材料', rectification: '已整改问题' });
export type EvidenceKind = (typeof evidenceKinds.values)[number];

/** A measure of a rectification: open → done (by the unit, with a note); a finished one is kept as it is. */
export const measureStatuses = defineOptions({ open: '整改中', done: '已完成' });
export type MeasureStatus = (typeof measureStatuses.values)[number];
export const measureMachine = defineStateMachine({
  entity: '整改措施',
  stateLabel: (s: MeasureStatus) => measureStatuses.label(s),
  transitions: {
    edit: { from: ['open'], to: null, label: '修改' },
    complete: { from: ['open'], to: 'done', label: '报告完成' },
  },
});

/** 验收结论 of a rectification (R7, R8): 已整改 closes it; 基本完成 keeps it open (持续整改); 未完成 sends it back. */
export const verificationOutcomes = defineOptions({ rectified: '已整改', basically: '基本完成·持续整改', unfinished: '未完成' });
export type VerificationOutcome = (typeof verificationOutcomes.values)[number];

export const findingSeverities = defineOptions({ general: '一般', serious: '较重', critical: '严重' });
export type FindingSeverity = (typeof findingSeverities.values)[number];

/** Where a rectification stands, as the ledger and the progress sentence count it. */
export const rectificationStates = defineOptions({ open: '整改中', verifying: '待验收', basically: '基本完成·持续整改', rectified: '已整改' });
export type RectificationState = (typeof rectificationStates.values)[number];

const milestoneInput = z
  .object({
    /** Present: an existing milestone (only an unclaimed one may change). */
    id: id.optional(),
    title: requiredText(200, '节点名称'),
    dueOn: isoDate,
    weight: z.number().int('权重应为整数').min(1, '权重至少为1').max(100, '权重不能超过100'),
  })
  .strict();

const measureInput = z
  .object({
    /** Present: an existing measure (a completed one stays as it is). */
    id: id.optional(),
    content: requiredText(1000, '整改措施'),
    ownerName: requiredText(50, '措施责任人'),
    deadline: isoDate,
  })
  .strict();

/** 时间表 and 路线图 and the people: what the organisation itself keeps without approval. */
export const itemPlanInput = z
  .object({
    responsibleMemberId: id.nullable(),
    /** A named person who holds no account (or not a member of ours). */
    responsibleName: text(50).default(''),
    leaderName: text(50).default(''),
    assistOrgIds: z.array(id).max(20).refine(noRepeats, '协办单位重复').default([]),
    milestones: z.array(milestoneInput).max(24, '节点不能超过24个'),
    steps: z.array(requiredText(500, '路线图步骤')).max(30, '路线图步骤不能超过30条'),
    /** 整改措施 of a finding (问题清单 from an inspection): each with its own owner and deadline. */
    measures: z.array(measureInput).max(30, '整改措施不能超过30条').default([]),
  })
  .strict()
  .refine((p) => !p.milestones.length || p.milestones.reduce((s, m) => s + m.weight, 0) === 100, {
    message: '各节点权重之和应为100',
    path: ['milestones'],
  })
  .refine((p) => p.responsibleMemberId !== null || p.responsibleName.length > 0, { message: '请指定责任人', path: ['responsibleName'] });
export type ItemPlanInput = z.infer<typeof itemPlanInput>;

/** An organisation's own item (创新动作). */
export const ownItemInput = z
  .object({
    orgId: id,
    year: z.number().int().min(2000).max(2100),
    listKind: z.enum(listKinds.values),
    category: text(50).default('创新动作'),
    title: requiredText(200, '事项名称'),
    content: text(4000).default(''),
    deadline: isoDate,
  })
  .strict()
  .refine((t) => t.deadline.slice(0, 4) === String(t.year), { message: '完成时限应在年度内', path: ['deadline'] });
export type OwnItemInput = z.infer<typeof ownItemInput>;

export const claimInput = z.object({ note: requiredText(2000, '完成情况') }).strict();
export const decisionInput = z.object({ comment: text(1000).optional() }).strict();
export const reasonInput = z.object({ reason: requiredText(1000, '理由') }).strict();

export const adjustmentInput = z
  .object({
    reason: requiredText(1000, '调整理由'),
    deadline: isoDate.optional(),
    title: requiredText(200, '事项名称').optional(),
    content: text(4000).optional(),
  })
  .strict()
  .refine((a) => a.deadline !== undefined || a.title !== undefined || a.content !== undefined, { message: '请填写要调整的内容（完成时限、名称或内容）' });
export type AdjustmentInput = z.infer<typeof adjustmentInput>;

export const closingInput = z
  .object({
    summary: requiredText(4000, '完成情况'),
    activityIds: z.array(id).max(20).refine(noRepeats, '活动记录重复').default([]),
    /** Files uploaded to this item and not part of a pending or approved request. */
    fileIds: z.array(id).max(30).refine(noRepeats, '佐证材料重复').default([]),
    /** Closed findings of inspections (已整改) in the item's organisation or below. */
    rectificationIds: z.array(id).max(20).refine(noRepeats, '整改问题重复').default([]),
  })
  .strict();
export type ClosingInput = z.infer<typeof closingInput>;

export const listQuery = z
  .object({
    orgId: idParam.optional(),
    year: z.coerce.number().int().min(2000).max(2100),
    kind: z.enum(listKinds.values).optional(),
    status: z.enum(itemStatuses.values).optional(),
    light: z.enum(['none', 'blue', 'yellow', 'red']).optional(),
    /** Only what waits for the caller's decision (进度确认, 调整, 销号). */
    toReview: z.enum(['true', 'false']).optional(),
    ...pageQuery,
  })
  .strict();
export type ListQuery = z.infer<typeof listQuery>;

const lightEnum = z.enum(['none', 'blue', 'yellow', 'red']);
const stateEnum = z.enum(['on_time', 'behind', 'overdue', 'done']);

const progressDto = z.object({ expected: int, actual: int, state: stateEnum, light: lightEnum });

export const listItemRowDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  year: int,
  listKind: z.enum(listKinds.values),
  source: z.enum(itemSources.values),
  category: z.string(),
  title: z.string(),
  deadline: day,
  responsible: z.string(),
  status: z.enum(itemStatuses.values),
  /** The caller's organisation co-operates (协办): shown, not counted in its completion. */
  assisting: z.boolean(),
  progress: progressDto,
  /** Waiting for the level above: claims, adjustment, closing. */
  pending: z.object({ claims: int, adjustment: z.boolean(), closing: z.boolean() }),
});
export type ListItemRow = z.infer<typeof listItemRowDto>;

export const listSummaryDto = z.object({
  total: int,
  closed: int,
  red: int,
  yellow: int,
  blue: int,
  overdue: int,
});
export const listPageDto = pageOf(listItemRowDto).extend({ summary: listSummaryDto });

const milestoneDto = z.object({
  id: int,
  seq: int,
  title: z.string(),
  dueOn: day,
  weight: int,
  status: z.enum(milestoneStatuses.values),
  claimNote: z.string().nullable(),
  claimedAt: timestamp.nullable(),
  claimedBy: z.string().nullable(),
  acceptedOn: day.nullable(),
  acceptedBy: z.string().nullable(),
  returnComment: z.string().nullable(),
});

const adjustmentDto = z.object({
  id: int,
  status: z.enum(adjustmentStatuses.values),
  reason: z.string(),
  proposed: z.object({ deadline: day.optional(), title: z.string().optional(), content: z.string().optional() }),
  before: z.object({ deadline: day, title: z.string(), content: z.string() }),
  requestedBy: z.string(),
  requestedAt: timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  comment: z.string().nullable(),
});

const evidenceDto = z.object({
  kind: z.enum(evidenceKinds.values),
  text: z.string(),
  /** A linked record: its id and a readable label (「2026-03-12 党员大会：…」). */
  refId: int.nullable(),
  label: z.string(),
});

const closingDto = z.object({
  id: int,
  status: z.enum(closingStatuses.values),
  /** A rectification's verification: the conclusion and the panel (督查组, 工委, the unit). */
  outcome: z.enum(verificationOutcomes.values).nullable(),
  verifiers: z.array(z.string()),
  summary: z.string(),
  evidence: z.array(evidenceDto),
  submittedBy: z.string(),
  submittedAt: timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  comment: z.string().nullable(),
});

export const itemEventKinds = defineOptions({
  created: '建立',
  plan: '修改计划',
  claim: '报送进度',
  accept: '确认进度',
  return_claim: '退回进度',
  adjust_request: '申请调整',
  adjust_approve: '批准调整',
  adjust_reject: '不予批准调整',
  close_request: '申请销号',
  close_approve: '批准销号',
  close_return: '退回销号',
  finding: '督查发现问题',
  measure_done: '措施完成',
  verify: '验收',
  reopen: '重新打开',
  light: '亮灯变化',
  handover: '责任交接',
  escalation: '督办',
});
export type ItemEventKind = (typeof itemEventKinds.values)[number];

export const measureDto = z.object({
  id: int,
  seq: int,
  content: z.string(),
  ownerName: z.string(),
  deadline: day,
  status: z.enum(measureStatuses.values),
  doneNote: z.string().nullable(),
  doneAt: timestamp.nullable(),
});

export const findingDto = z.object({
  inspectionId: int,
  inspectionTitle: z.string(),
  findingClass: z.string(),
  severity: z.enum(findingSeverities.values),
  principalName: z.string(),
  immediate: z.boolean(),
  outcome: z.enum(verificationOutcomes.values).nullable(),
  state: z.enum(rectificationStates.values),
});

/** A file uploaded to an item as 销号 evidence (佐证材料). */
export const listItemFileDto = z.object({
  id: int,
  fileName: z.string(),
  contentType: z.string(),
  size: int,
  uploadedAt: timestamp,
  uploadedBy: z.string().nullable(),
  /** The closing request it belongs to (a returned one included), if any. */
  closingId: int.nullable(),
  /** Part of a pending or approved closing request: kept as it is, not offered again. */
  attached: z.boolean(),
});
export type ListItemFile = z.infer<typeof listItemFileDto>;

export const listItemFileParams = z.object({ id: idParam, fileId: idParam }).strict();

export const listItemDto = listItemRowDto.extend({
  content: z.string(),
  startOn: day,
  evidenceRequired: z.string(),
  keyTaskId: int.nullable(),
  responsibleMemberId: int.nullable(),
  responsibleName: z.string(),
  leaderName: z.string(),
  assistOrgs: z.array(z.object({ id: int, name: z.string() })),
  milestones: z.array(milestoneDto),
  steps: z.array(z.string()),
  adjustments: z.array(adjustmentDto),
  closings: z.array(closingDto),
  /** 佐证材料 uploaded to the item (newest first). */
  files: z.array(listItemFileDto),
  /** Every change of light (R13: a red that was caught up stays in the history). */
  lights: z.array(z.object({ day, light: lightEnum, expected: int, actual: int })),
  history: z.array(z.object({ at: timestamp, kind: z.enum(itemEventKinds.values), by: z.string().nullable(), note: z.string() })),
  /** Present on a finding of an inspection (问题清单): its class, severity, leaders and verification. */
  finding: findingDto.nullable(),
  measures: z.array(measureDto),
  /** 督办阶梯 (ES-1): every step with its day from the deadline and the work calendar; sentAt once sent. */
  escalations: z.array(z.object({ key: z.string(), label: z.string(), dueOn: day, sentAt: timestamp.nullable() })),
  abilities: z.object({
    plan: z.boolean(),
    claim: z.boolean(),
    review: z.boolean(),
    adjust: z.boolean(),
    close: z.boolean(),
    reopen: z.boolean(),
  }),
});
export type ListItemDto = z.infer<typeof listItemDto>;

export const itemIdParams = z.object({ id: idParam }).strict();
export const milestoneParams = z.object({ id: idParam, milestoneId: idParam }).strict();

// ── 整改责任交接 (handover) ──────────────────────────────────────────────────────────────────

/**
 * A responsible person leaves (transfer, retirement, end of term): their open items in an
 * organisation's subtree go to a named successor, explicitly and on record (practice.md R2).
 */
export const handoverInput = z
  .object({
    orgId: id,
    fromMemberId: id,
    toMemberId: id.nullable(),
    /** A successor who is not a member of ours (or holds no account): by name. */
    toName: text(50).default(''),
    reason: requiredText(500, '交接原因'),
  })
  .strict()
  .refine((h) => h.toMemberId !== null || h.toName.length > 0, { message: '请指定接任的责任人', path: ['toName'] })
  .refine((h) => h.toMemberId !== h.fromMemberId, { message: '接任人不能是原责任人', path: ['toMemberId'] });
export type HandoverInput = z.infer<typeof handoverInput>;

export const handoverQuery = z.object({ orgId: idParam }).strict();

/** People holding open items who no longer can: left the party roll, or moved out of the organisation. */
export const handoverNeededDto = z.object({
  items: z.array(
    z.object({
      memberId: int,
      memberName: z.string(),
      /** 「已转出」, 「已调离本组织（现属：…）」 … */
      why: z.string(),
      openItems: z.array(z.object({ id: int, title: z.string(), orgName: z.string(), deadline: day })),
    }),
  ),
});

/** The handover record, how many items moved and to whom (the successor's name). */
export const handoverResultDto = z.object({ id: int, moved: int, toName: z.string() });
