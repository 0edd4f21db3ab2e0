import { isoDate, requiredText, text, z } from '../common/zod.ts';
import { day, int } from '../common/responses.ts';
import { orgTypes } from '../orgs/org.contract.ts';
import { activityTypes } from './activity.contract.ts';
import { complianceStatuses, frequencies, requirementSources } from './compliance.rule.ts';

// Inputs of /api/compliance: the year's requirement table.

/** A local requirement the committee adds (e.g. 党课 each quarter, monthly 集中学习); national items only switch on or off. */
export const localRequirementInput = z
  .object({
    key: z.string().regex(/^local-[a-z0-9-]{1,40}$/, '本地规定的编号应为 local- 开头的小写字母或数字').optional(),
    label: requiredText(100, '要求名称'),
    activityType: z.enum(activityTypes.values),
    frequency: z.enum(['month', 'quarter', 'year']),
    minCount: z.number().int().min(1).max(100),
    appliesTo: z.array(z.enum(['working_committee', 'party_committee', 'organ_committee', 'general_branch', 'branch', 'joint_branch', 'temporary_branch', 'retired_branch', 'party_group'])).min(1, '至少选择一种组织类型'),
    rule: requiredText(100, '依据'),
    note: text(200).optional(),
    enabled: z.boolean(),
  })
  .strict();
export type LocalRequirementInput = z.infer<typeof localRequirementInput>;

export const requirementsInput = z
  .object({
    /** key → on/off for the national defaults. */
    national: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, '规定编号无效'), z.boolean()),
    local: z.array(localRequirementInput).max(50),
    /** Days before a period ends when secretaries are reminded of what is missing. */
    reminderDays: z.number().int().min(1).max(60).optional(),
  })
  .strict();
export type RequirementsInput = z.infer<typeof requirementsInput>;

// Responses of /api/compliance (see common/responses.ts); the rule's own types are in compliance.rule.ts.

/** One requirement of a year's table (the rule's Requirement). */
export const requirementDto = z.object({
  key: z.string(),
  label: z.string(),
  activityType: z.enum(activityTypes.values),
  lecturerIsSecretary: z.boolean().optional(),
  pairs: z.boolean().optional(),
  frequency: z.enum(frequencies.values),
  minCount: int,
  appliesTo: z.array(z.enum(orgTypes.values)),
  needs: z.enum(['committee', 'groups']).optional(),
  source: z.enum(requirementSources.values),
  /** The rules.md item, or the local document. */
  rule: z.string(),
  note: z.string().optional(),
  enabled: z.boolean(),
});

/** GET/PUT /api/compliance/requirements: the year's table (stored, or inherited from fromYear, or the defaults). */
export const requirementsTableDto = z.object({
  year: int,
  stored: z.boolean(),
  fromYear: int.nullable(),
  items: z.array(requirementDto),
  reminderDays: int,
  /** The city's go-live date (启用日期, GO-1); null: not set, nothing is judged. */
  goLiveOn: day.nullable(),
  canConfigure: z.boolean(),
});

/** PUT /api/compliance/go-live: the city's go-live date (null: not live). */
export const goLiveInput = z.object({ goLiveOn: isoDate.refine((d) => d >= '2000-01-01', '启用日期不能早于2000年').nullable() }).strict();
export const goLiveDto = z.object({ goLiveOn: day.nullable() });

const complianceStatus = z.enum(complianceStatuses.values);

export const complianceCellDto = z.object({
  requirementKey: z.string(),
  activityType: z.enum(activityTypes.values),
  /** `2026-03`, `2026-Q1` or `2026`. */
  periodId: z.string(),
  status: complianceStatus,
  done: int,
  needed: int,
});

export const complianceOrgItemDto = z.object({
  orgId: int,
  orgName: z.string(),
  orgType: z.enum(orgTypes.values),
  /** The go-live date that applies to it (its own, an ancestor's or the city's); null: not live. */
  goLiveOn: day.nullable(),
  cells: z.array(complianceCellDto),
});

/** GET /api/compliance: a page of organisations with their cells, and the enabled requirements. */
export const complianceListDto = z.object({
  year: int,
  asOf: day,
  /** The city's go-live date (启用日期); null: the committee has not set it and nothing is judged. */
  cityGoLiveOn: day.nullable(),
  requirements: z.array(requirementDto),
  total: int,
  page: int,
  pageSize: int,
  items: z.array(complianceOrgItemDto),
});

export const monthSummaryDto = z.object({ met: int, due: int, overdue: int, inactive: int, na: int });

/** One row of the heatmap: a child of the viewpoint, twelve month summaries and their colours. */
export const heatmapRowDto = z.object({
  orgId: int,
  orgName: z.string(),
  orgType: z.enum(orgTypes.values),
  /** A branch: the row drills down to the requirement grid. */
  leaf: z.boolean(),
  months: z.array(monthSummaryDto),
  statuses: z.array(complianceStatus),
});

export const heatmapDto = z.object({
  year: int,
  asOf: day,
  cityGoLiveOn: day.nullable(),
  rows: z.array(heatmapRowDto),
  totals: z.array(monthSummaryDto),
  totalStatuses: z.array(complianceStatus),
});
