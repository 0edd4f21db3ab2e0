import { defineOptions } from '../common/options.ts';
import { id, idParam, pageQuery, text, z } from '../common/zod.ts';
import { int, pageOf, timestamp } from '../common/responses.ts';

/**
 * 考试成绩 and 阅卷 (EX-15 … EX-20): an exam's candidates with the attempt that counts, the
 * summary of the exam, the short answers waiting for a marker and the marks a marker gives.
 */

/** A candidate's result: 未参加 (no attempt handed in), 待阅卷 (a short answer unmarked), 已通过, 未通过. */
export const resultStatuses = defineOptions({ absent: '未参加', pending: '待阅卷', passed: '已通过', failed: '未通过' });
export type ResultStatus = (typeof resultStatuses.values)[number];

export const examResultsQuery = z
  .object({
    ...pageQuery,
    /** Candidates of this organisation's subtree (inside the exam's). */
    orgId: idParam.optional(),
    /** Part of the member's name. */
    q: text(50).optional(),
    status: z.enum(resultStatuses.values).optional(),
  })
  .strict();
export type ExamResultsQuery = z.infer<typeof examResultsQuery>;
export const examResultsExportQuery = examResultsQuery.omit({ page: true, pageSize: true });
export type ExamResultsExportQuery = z.infer<typeof examResultsExportQuery>;

export const examResultRowDto = z.object({
  memberId: int,
  memberName: z.string(),
  orgId: int,
  orgName: z.string(),
  /** Attempts started (handed in or not). */
  attemptsUsed: int,
  /** The counted attempt (EX-7): the best or the last scored one; null when none is scored yet. */
  countedAttemptId: int.nullable(),
  score: z.number().nullable(),
  passed: z.boolean().nullable(),
  /** Seconds from the counted attempt's start to its hand-in. */
  secondsUsed: int.nullable(),
  status: z.enum(resultStatuses.values),
  /** An attempt of theirs was handed in by the focus-loss limit (强制交卷). */
  forced: z.boolean(),
  /** An attempt of theirs waits for a marker. */
  pendingMarking: z.boolean(),
});
export const examResultsSummaryDto = z.object({
  candidates: int,
  tookPart: int,
  passed: int,
  /** Passed ÷ took part, 0–100 with one decimal; null when nobody took part. */
  passRate: z.number().nullable(),
  /** The average counted score of those with one, one decimal. */
  average: z.number().nullable(),
  pendingMarking: int,
});
export const examResultsDto = pageOf(examResultRowDto).extend({ summary: examResultsSummaryDto });

// ── 阅卷 (marking) ─────────────────────────────────────────────────────────────────────────────

export const markingStatuses = defineOptions({ pending: '待阅卷', marked: '已阅卷' });
export const markingQuery = z.object({ ...pageQuery, status: z.enum(markingStatuses.values).default('pending') }).strict();
export type MarkingQuery = z.infer<typeof markingQuery>;

export const markedAnswerDto = z.object({
  position: int,
  stem: z.string(),
  /** The question's points: a mark lies in 0 … points. */
  points: int,
  given: z.array(z.string()).nullable(),
  /** The reference answer. */
  reference: z.array(z.string()),
  awarded: z.number().nullable(),
  comment: z.string().nullable(),
  markedByName: z.string().nullable(),
  markedAt: timestamp.nullable(),
});
export const markingItemDto = z.object({
  attemptId: int,
  memberId: int,
  memberName: z.string(),
  orgName: z.string(),
  attemptNo: int,
  submittedAt: timestamp.nullable(),
  /** The objective questions' points. */
  objectiveScore: z.number(),
  score: z.number().nullable(),
  pendingMarking: z.boolean(),
  answers: z.array(markedAnswerDto),
});
export const markingListDto = pageOf(markingItemDto);

/** Whole or half points (EX-14), within 0 … the question's points (checked against the attempt). */
export const marksInput = z
  .object({
    marks: z
      .array(
        z
          .object({
            position: id,
            score: z.number().min(0, '得分不能为负数').max(100, '得分不能超过100分').refine((n) => Number.isInteger(n * 2), '得分只能是整数或半分（如 3.5）'),
            comment: text(500).nullish(),
          })
          .strict(),
      )
      .min(1, '请至少给一道简答题评分')
      .max(200),
  })
  .strict();
export type MarksInput = z.infer<typeof marksInput>;
