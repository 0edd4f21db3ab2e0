import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, idParam, isoDate, requiredText, text, z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';
import { rectificationStates } from './list.contract.ts';

/*
 * 督查 (issue 10): the committee plans inspections of units, records each unit's checklist with the
 * system's own facts beside it, sees whether every unit was inspected within the year (督查全覆盖),
 * and issues cards (亮黄牌、掏红牌). Terms: docs/GLOSSARY.md; frequency and cards: docs/RULES.md.
 */

export const inspectionKinds = defineOptions({
  special: '专项督查',
  key: '重点督查',
  unannounced: '明察暗访',
  revisit: '回头看',
});
export type InspectionKind = (typeof inspectionKinds.values)[number];

export const inspectionStatuses = defineOptions({
  planned: '计划中',
  in_progress: '进行中',
  done: '已完成',
  cancelled: '已取消',
});
export type InspectionStatus = (typeof inspectionStatuses.values)[number];

/**
 * planned → in_progress → done; a plan may be cancelled. A plan is edited (team, dates, targets)
 * while planned; the checklists are recorded while the inspection is in progress.
 */
export const inspectionMachine = defineStateMachine({
  entity: '督查',
  stateLabel: (s: InspectionStatus) => inspectionStatuses.label(s),
  transitions: {
    edit: { from: ['planned'], to: null, label: '修改' },
    start: { from: ['planned'], to: 'in_progress', label: '开始' },
    record: { from: ['in_progress'], to: null, label: '登记检查结果' },
    finish: { from: ['in_progress'], to: 'done', label: '完成' },
    cancel: { from: ['planned'], to: 'cancelled', label: '取消' },
  },
});
export type InspectionEvent = keyof typeof inspectionMachine.transitions;

export const targetStatuses = defineOptions({ pending: '待检查', recorded: '已检查' });
export type TargetStatus = (typeof targetStatuses.values)[number];

export const checkResults = defineOptions({ conform: '符合', problem: '存在问题', na: '不适用' });
export type CheckResult = (typeof checkResults.values)[number];

// ---------- checklist templates ----------

const itemKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '检查项代码应为小写字母开头的字母、数字或下划线（不超过40个字符）');

export const checklistItemInput = z
  .object({
    key: itemKey,
    label: requiredText(200, '检查项'),
    /** The system fact shown beside the item (inspection-facts.ts on the server): 'org_life', 'committee' … */
    fact: itemKey.nullable().optional(),
  })
  .strict();
export type ChecklistItemInput = z.infer<typeof checklistItemInput>;

export const checklistTemplateInput = z
  .object({
    name: requiredText(100, '模板名称'),
    items: z
      .array(checklistItemInput)
      .min(1, '至少填写一个检查项')
      .max(100)
      .refine((items) => new Set(items.map((i) => i.key)).size === items.length, '检查项代码重复'),
  })
  .strict();
export type ChecklistTemplateInput = z.infer<typeof checklistTemplateInput>;

export const checklistItemDto = z.object({ key: z.string(), label: z.string(), fact: z.string().nullable() });
export const checklistTemplateDto = z.object({ id: int, name: z.string(), items: z.array(checklistItemDto), builtIn: z.boolean() });
export const checklistTemplatesDto = z.object({
  items: z.array(checklistTemplateDto),
  /** The system facts an item may point to. */
  facts: z.array(z.object({ key: z.string(), label: z.string() })),
  canConfigure: z.boolean(),
});

// ---------- inspections ----------

export const inspectionInput = z
  .object({
    year: z.number().int().min(2000, '年度应在2000—2100之间').max(2100, '年度应在2000—2100之间'),
    kind: z.enum(inspectionKinds.values),
    /** 专项督查 are quarterly: the quarter (1–4). Other kinds have none. */
    quarter: z.number().int().min(1, '季度应为1—4').max(4, '季度应为1—4').nullable().optional(),
    title: requiredText(200, '督查名称'),
    startsOn: isoDate,
    endsOn: isoDate,
    team: z.array(requiredText(50, '督查组成员姓名')).min(1, '请填写督查组成员').max(30, '督查组成员不超过30人'),
    leader: text(50).nullable().optional(),
    templateId: id,
    targetOrgIds: z
      .array(id)
      .min(1, '请选择督查对象')
      .max(500, '督查对象不超过500个')
      .refine((ids) => new Set(ids).size === ids.length, '督查对象重复'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['endsOn'] });
    if (Number(v.startsOn.slice(0, 4)) !== v.year) ctx.addIssue({ code: 'custom', message: '开始日期应在督查年度内', path: ['startsOn'] });
    if (v.kind === 'special' && !v.quarter) ctx.addIssue({ code: 'custom', message: '专项督查按季度开展，请选择季度', path: ['quarter'] });
    if (v.kind !== 'special' && v.quarter) ctx.addIssue({ code: 'custom', message: '只有专项督查填写季度', path: ['quarter'] });
  });
export type InspectionInput = z.infer<typeof inspectionInput>;

export const inspectionListQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    kind: z.enum(inspectionKinds.values).optional(),
    status: z.enum(inspectionStatuses.values).optional(),
  })
  .strict();
export type InspectionListQuery = z.infer<typeof inspectionListQuery>;

export const inspectionParams = z.object({ id: idParam }).strict();
export const inspectionTargetParams = z.object({ id: idParam, orgId: idParam }).strict();

export const inspectionSummaryDto = z.object({
  id: int,
  year: int,
  kind: z.enum(inspectionKinds.values),
  quarter: int.nullable(),
  title: z.string(),
  startsOn: day,
  endsOn: day,
  status: z.enum(inspectionStatuses.values),
  /** Targets the caller may see, and how many of them are recorded. */
  targets: int,
  recorded: int,
});
export const inspectionListDto = z.object({ items: z.array(inspectionSummaryDto), canConfigure: z.boolean() });

export const inspectionTargetDto = z.object({
  orgId: int,
  orgName: z.string(),
  status: z.enum(targetStatuses.values),
  visitedOn: day.nullable(),
  problems: int,
});

export const inspectionDetailDto = inspectionSummaryDto.extend({
  team: z.array(z.string()),
  leader: z.string().nullable(),
  templateId: int,
  templateName: z.string(),
  checklist: z.array(checklistItemDto),
  targetList: z.array(inspectionTargetDto),
  createdAt: timestamp,
  abilities: z.object({ edit: z.boolean(), start: z.boolean(), finish: z.boolean(), cancel: z.boolean(), record: z.boolean() }),
});

/**
 * One system fact of a unit (系统数据): a sentence and its numbers, as named entries (a list rather
 * than a record, so the response schema names every key it sends).
 */
export const inspectionFactDto = z.object({
  key: z.string(),
  label: z.string(),
  summary: z.string(),
  values: z.array(z.object({ key: z.string(), value: z.union([z.number(), z.boolean(), z.null()]) })),
});
export type InspectionFact = z.output<typeof inspectionFactDto>;

export const checkResultDto = z.object({ key: z.string(), result: z.enum(checkResults.values), note: z.string().nullable() });

export const inspectionChecklistDto = z.object({
  inspectionId: int,
  inspectionTitle: z.string(),
  inspectionStatus: z.enum(inspectionStatuses.values),
  year: int,
  orgId: int,
  orgName: z.string(),
  status: z.enum(targetStatuses.values),
  /** Computed now while pending; the snapshot saved with the record once recorded. */
  facts: z.array(inspectionFactDto),
  factsAsOf: day,
  checklist: z.array(checklistItemDto),
  results: z.array(checkResultDto),
  visitedOn: day.nullable(),
  summary: z.string().nullable(),
  recordedAt: timestamp.nullable(),
  canRecord: z.boolean(),
});

export const checklistRecordInput = z
  .object({
    visitedOn: isoDate,
    summary: requiredText(2000, '检查小结'),
    results: z
      .array(
        z
          .object({
            key: itemKey,
            result: z.enum(checkResults.values),
            note: text(500).nullable().optional(),
          })
          .strict(),
      )
      .max(100),
  })
  .strict();
export type ChecklistRecordInput = z.infer<typeof checklistRecordInput>;

// ---------- coverage (督查全覆盖) ----------

export const coverageQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), uncovered: z.enum(['true', 'false']).optional() }).strict();

export const coverageUnitDto = z.object({
  orgId: int,
  orgName: z.string(),
  covered: z.boolean(),
  inspections: z.array(
    z.object({
      inspectionId: int,
      title: z.string(),
      kind: z.enum(inspectionKinds.values),
      quarter: int.nullable(),
      status: z.enum(inspectionStatuses.values),
      targetStatus: z.enum(targetStatuses.values),
      visitedOn: day.nullable(),
    }),
  ),
});
export const coverageDto = z.object({
  year: int,
  total: int,
  covered: int,
  /** Covered share in percent (one decimal); null without units. */
  rate: z.number().nullable(),
  units: z.array(coverageUnitDto),
});

// ---------- cards (亮黄牌、掏红牌) ----------

export const cardColors = defineOptions({ gold: '黄色', orange: '橙色', red: '红色', blue: '蓝色', green: '绿色' });
export type CardColor = (typeof cardColors.values)[number];

export const cardKindInput = z
  .object({
    key: itemKey,
    name: requiredText(20, '牌种名称'),
    color: z.enum(cardColors.values),
    /** What follows the card (R14: 提醒谈话, 警示谈话, 诫勉谈话 …). */
    consequence: text(200).nullable().optional(),
    active: z.boolean().default(true),
  })
  .strict();
export const cardKindsInput = z
  .object({
    kinds: z
      .array(cardKindInput)
      .min(1, '至少保留一个牌种')
      .max(20)
      .refine((k) => new Set(k.map((x) => x.key)).size === k.length, '牌种代码重复'),
  })
  .strict();
export type CardKindsInput = z.infer<typeof cardKindsInput>;
export const cardKindDto = z.object({ key: z.string(), name: z.string(), color: z.enum(cardColors.values), consequence: z.string().nullable(), active: z.boolean() });
export const cardKindsDto = z.object({ kinds: z.array(cardKindDto), canConfigure: z.boolean() });

export const cardStatuses = defineOptions({ issued: '有效', withdrawn: '已撤销' });
export type CardStatus = (typeof cardStatuses.values)[number];

export const cardMachine = defineStateMachine({
  entity: '亮牌记录',
  stateLabel: (s: CardStatus) => cardStatuses.label(s),
  transitions: { withdraw: { from: ['issued'], to: 'withdrawn', label: '撤销' } },
});

export const cardInput = z
  .object({
    kind: itemKey,
    /** The organisation the card goes to; with memberId, the member's organisation is used. */
    orgId: id.nullable().optional(),
    memberId: id.nullable().optional(),
    reason: requiredText(1000, '亮牌事由'),
    issuedOn: isoDate,
    /** The inspection visit it came from (optional). */
    inspectionId: id.nullable().optional(),
    /** The findings it was issued for: items of the 问题清单 (督查发现) of the organisation or below. */
    findingIds: z.array(id).max(50, '关联问题最多 50 个').optional(),
  })
  .strict()
  .refine((c) => !!c.orgId !== !!c.memberId, { message: '请选择亮牌对象：一个组织或一名党员', path: ['orgId'] });
export type CardInput = z.infer<typeof cardInput>;

export const cardWithdrawInput = z.object({ reason: requiredText(500, '撤销理由') }).strict();

export const cardListQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    orgId: idParam.optional(),
    status: z.enum(cardStatuses.values).optional(),
  })
  .strict();
export type CardListQuery = z.infer<typeof cardListQuery>;

export const cardDto = z.object({
  id: int,
  kind: z.string(),
  kindName: z.string(),
  color: z.enum(cardColors.values),
  orgId: int,
  orgName: z.string(),
  memberId: int.nullable(),
  memberName: z.string().nullable(),
  reason: z.string(),
  issuedOn: day,
  inspectionId: int.nullable(),
  inspectionTitle: z.string().nullable(),
  /** The linked findings, with where their rectification stands. */
  findings: z.array(z.object({ id: int, title: z.string(), state: z.enum(rectificationStates.values) })),
  status: z.enum(cardStatuses.values),
  withdrawnReason: z.string().nullable(),
  withdrawnAt: timestamp.nullable(),
});
export const cardListDto = z.object({ items: z.array(cardDto), canConfigure: z.boolean() });
