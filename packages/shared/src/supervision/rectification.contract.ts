import { id, idParam, isoDate, pageQuery, requiredText, text, z } from '../common/zod.ts';
import { day, int, pageOf } from '../common/responses.ts';
import { findingSeverities, rectificationStates, verificationOutcomes } from './list.contract.ts';

// ── 督查发现 → 整改 (findings and their rectification) ─────────────────────────────────────────

export const findingInput = z
  .object({
    /** The inspected organisation: one of the inspection's targets. */
    orgId: id,
    findingClass: requiredText(50, '问题归类'),
    title: requiredText(200, '问题表现'),
    detail: text(4000).default(''),
    severity: z.enum(findingSeverities.values),
    principalName: requiredText(50, '主要负责人'),
    leaderName: text(50).default(''),
    /** Default: two months from today (巡视工作条例 第二十七条, R1). */
    deadline: isoDate.optional(),
    /** 立行立改: fixed during the visit — recorded as rectified at once, with what was done. */
    immediate: z.boolean().default(false),
    immediateNote: text(2000).default(''),
  })
  .strict()
  .refine((f) => !f.immediate || f.immediateNote.length > 0, { message: '立行立改须写明整改情况', path: ['immediateNote'] });
export type FindingInput = z.infer<typeof findingInput>;

export const inspectionFindingParams = z.object({ id: idParam }).strict();

export const measureParams = z.object({ id: idParam, measureId: idParam }).strict();

/** The verification of a rectification's closing request (验收): a conclusion and who verified. */
export const verifyInput = z
  .object({
    outcome: z.enum(verificationOutcomes.values),
    verifiers: z.array(requiredText(50, '验收人')).min(1, '请填写验收人（督查组或验收小组成员）').max(10),
    comment: text(1000).optional(),
  })
  .strict()
  .refine((v) => v.outcome !== 'unfinished' || !!v.comment, { message: '未完成须写明原因', path: ['comment'] });
export type VerifyInput = z.infer<typeof verifyInput>;

export const rectificationQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    orgId: idParam.optional(),
    inspectionId: idParam.optional(),
    /** Where the rectification stands (整改中, 待验收, 基本完成·持续整改, 已整改). */
    status: z.enum(rectificationStates.values).optional(),
    ...pageQuery,
  })
  .strict();
export type RectificationQuery = z.infer<typeof rectificationQuery>;

export const rectificationRowDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  inspectionId: int,
  inspectionTitle: z.string(),
  findingClass: z.string(),
  title: z.string(),
  severity: z.enum(findingSeverities.values),
  principalName: z.string(),
  leaderName: z.string(),
  responsible: z.string(),
  deadline: day,
  measures: int,
  measuresDone: int,
  state: z.enum(rectificationStates.values),
  immediate: z.boolean(),
  light: z.enum(['none', 'blue', 'yellow', 'red']),
});

/** The counts behind 「反馈问题N个，完成整改X个，基本完成Y个，未完成Z个，完成率P%」 (R7). */
export const rectificationSummaryDto = z.object({
  findings: int,
  rectified: int,
  basically: int,
  unfinished: int,
  completionRate: z.number().nullable(),
  sentence: z.string(),
});

export const rectificationPageDto = pageOf(rectificationRowDto).extend({ summary: rectificationSummaryDto });

/** The progress sentence of R7, from the counts. */
export function rectificationSentence(c: { findings: number; rectified: number; basically: number }): z.infer<typeof rectificationSummaryDto> {
  const unfinished = c.findings - c.rectified - c.basically;
  const completionRate = c.findings ? Math.round((c.rectified / c.findings) * 10000) / 100 : null;
  const sentence = `反馈问题${c.findings}个，完成整改${c.rectified}个，基本完成、持续整改${c.basically}个，未完成${unfinished}个，完成率${completionRate ?? 0}%`;
  return { findings: c.findings, rectified: c.rectified, basically: c.basically, unfinished, completionRate, sentence };
}
