import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, isoDate, requiredText, text, z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';
import { orgTypes, unitTypes } from '../orgs/org.contract.ts';
import { listKinds, noRepeats } from './list.contract.ts';

/** 重点任务 (issue 10, LS-1): the committee's key tasks of a year, published to every applicable organisation's list. */

// ── Key tasks (重点任务) ─────────────────────────────────────────────────────────────────────

export const keyTaskStatuses = defineOptions({ draft: '草稿', published: '已下达' });
export type KeyTaskStatus = (typeof keyTaskStatuses.values)[number];

export const keyTaskMachine = defineStateMachine({
  entity: '重点任务',
  stateLabel: (s: KeyTaskStatus) => keyTaskStatuses.label(s),
  transitions: {
    edit: { from: ['draft'], to: null, label: '修改' },
    publish: { from: ['draft'], to: 'published', label: '下达' },
    delete: { from: ['draft'], to: 'removed', label: '删除' },
  },
});


export const keyTaskInput = z
  .object({
    year: z.number().int().min(2000, '年度不正确').max(2100, '年度不正确'),
    listKind: z.enum(listKinds.values),
    category: requiredText(50, '类别'),
    title: requiredText(200, '任务名称'),
    description: text(4000).default(''),
    /** Empty: every unit type (机关、事业单位、国有企业、社会组织). */
    unitTypes: z.array(z.enum(unitTypes.values)).max(4).refine(noRepeats, '单位类型重复').default([]),
    /** Empty: every organisation type. */
    orgTypes: z.array(z.enum(orgTypes.values)).max(9).refine(noRepeats, '组织类型重复').default([]),
    deadline: isoDate,
    evidenceRequired: text(1000).default(''),
  })
  .strict()
  .refine((t) => t.deadline.slice(0, 4) === String(t.year), { message: '完成时限应在任务年度内', path: ['deadline'] });
export type KeyTaskInput = z.infer<typeof keyTaskInput>;

export const keyTaskQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();

export const keyTaskDto = z.object({
  id: int,
  year: int,
  listKind: z.enum(listKinds.values),
  category: z.string(),
  title: z.string(),
  description: z.string(),
  unitTypes: z.array(z.enum(unitTypes.values)),
  orgTypes: z.array(z.enum(orgTypes.values)),
  deadline: day,
  evidenceRequired: z.string(),
  status: z.enum(keyTaskStatuses.values),
  publishedAt: timestamp.nullable(),
  /** Items the publication created (one per applicable organisation). */
  itemCount: int,
  closedCount: int,
});
export const keyTaskListDto = z.object({ items: z.array(keyTaskDto), canConfigure: z.boolean() });
