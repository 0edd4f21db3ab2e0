import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, isoDateTime, pageQuery, requiredText, text, UNSAFE_TEXT, UNSAFE_TEXT_MESSAGE, z } from '../common/zod.ts';
import { int, pageOf, timestamp } from '../common/responses.ts';

/**
 * 考试 (exams, EX-10 … EX-12): a paper set for an organisation's subtree — its members in good
 * standing may take it inside the window, each attempt within the time limit, up to N attempts,
 * the best or the last counting. Draft → published → closed, or cancelled.
 */
export const examStatuses = defineOptions({ draft: '草稿', published: '已发布', closed: '已结束', cancelled: '已取消' });
export type ExamStatus = (typeof examStatuses.values)[number];
export const examPurposes = defineOptions({ exam: '考试', training_entry: '培训入学测试', training_final: '培训结业考试', contest: '知识竞赛' });
export const countingRules = defineOptions({ best: '取最高分', last: '取最后一次' });
export const reviewPolicies = defineOptions({ never: '不公布答案', after_submit: '交卷后可查看答案', after_close: '考试结束后可查看答案' });

export const examMachine = defineStateMachine<ExamStatus, 'edit' | 'publish' | 'close' | 'cancel'>({
  entity: '考试',
  stateLabel: (s) => examStatuses.label(s),
  transitions: {
    edit: { from: ['draft'], to: null, label: '修改' },
    publish: { from: ['draft'], to: 'published', label: '发布' },
    close: { from: ['published'], to: 'closed', label: '结束' },
    cancel: { from: ['draft', 'published'], to: 'cancelled', label: '取消' },
  },
});

export const examInput = z
  .object({
    orgId: id,
    paperId: id,
    title: requiredText(100, '考试名称'),
    purpose: z.enum(examPurposes.values).default('exam'),
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    timeLimitMinutes: z.number().int('考试时长应为整数分钟').min(1, '考试时长至少1分钟').max(600, '考试时长不能超过600分钟'),
    attemptsAllowed: z.number().int().min(1, '允许作答次数至少为1').max(20, '允许作答次数不能超过20'),
    counting: z.enum(countingRules.values).default('best'),
    passMark: z.number().int().min(0, '及格分不能为负数'),
    shuffleQuestions: z.boolean().default(false),
    shuffleOptions: z.boolean().default(false),
    focusStrikes: z.number().int().min(0, '切屏次数不能为负数').max(20, '切屏次数不能超过20').default(0),
    reviewPolicy: z.enum(reviewPolicies.values).default('after_close'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Date.parse(v.closesAt) <= Date.parse(v.opensAt)) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: '截止时间必须晚于开始时间' });
  });
export type ExamInput = z.infer<typeof examInput>;

export const examListQuery = z
  .object({
    ...pageQuery,
    q: text(50).optional(),
    status: z.enum(examStatuses.values).optional(),
    /** TR-8: the class form's pickers — exams of one organisation with one purpose. */
    purpose: z.enum(examPurposes.values).optional(),
    orgId: z.coerce.number().int().positive().optional(),
    /** `true`: only the exams the caller organises (the console's 考试 page), not those they may take. */
    manage: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ExamListQuery = z.infer<typeof examListQuery>;

export const examDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  paperId: int,
  paperTitle: z.string(),
  totalScore: int,
  title: z.string(),
  purpose: z.enum(examPurposes.values),
  status: z.enum(examStatuses.values),
  opensAt: timestamp,
  closesAt: timestamp,
  timeLimitMinutes: int,
  attemptsAllowed: int,
  counting: z.enum(countingRules.values),
  passMark: int,
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  focusStrikes: int,
  reviewPolicy: z.enum(reviewPolicies.values),
  /** The caller organises it (exam.manage over its organisation). */
  canManage: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** The caller's own attempts when they may take it (null for an organiser who is not a taker): the phone's 考试 list. */
  mine: z
    .object({
      attempts: z.array(z.object({ id: int, attemptNo: int, status: z.enum(['in_progress', 'submitted']), score: z.number().nullable(), passed: z.boolean().nullable(), pendingMarking: z.boolean() })),
      /** The attempt that counts (EX-7), once one is scored. */
      countedScore: z.number().nullable(),
      passed: z.boolean().nullable(),
    })
    .nullable(),
});
export const examListDto = pageOf(examDto);

// ── Attempts (答卷, EX-12 … EX-14) ──────────────────────────────────────────────────────────────

export const attemptStatuses = defineOptions({ in_progress: '答题中', submitted: '已交卷' });
/** Saves are taken this long after the deadline (the network's delay), no longer. */
export const SAVE_GRACE_SECONDS = 10;

/** One answer's text: a short answer may hold line breaks and tabs, never NUL, other controls or direction overrides (a NUL cannot be stored: a 500). */
const givenText = z
  .string()
  .max(2000, '单个答案不能超过2000个字符')
  .refine((s) => !UNSAFE_TEXT.test(s), `答案${UNSAFE_TEXT_MESSAGE}`);
/** An answer as the phone sends it: pasted text often carries invisible characters (zero-width spaces, BOM) that the server refuses; they are dropped before saving so an autosave is never blocked by them. */
const UNSAFE_TEXT_ALL = new RegExp(UNSAFE_TEXT.source, 'gu');
export const cleanAnswerText = (s: string) => s.replace(UNSAFE_TEXT_ALL, '');
export const answersInput = z
  .object({ answers: z.array(z.object({ position: z.number().int().min(1), given: z.array(givenText).max(8) }).strict()).max(200) })
  .strict();
export type AnswersInput = z.infer<typeof answersInput>;

export const attemptQuestionDto = z.object({
  position: int,
  type: z.string(),
  stem: z.string(),
  options: z.array(z.string()),
  score: int,
  given: z.array(z.string()).nullable(),
  /** The key and the points given: only when the review policy allows (or to the exam's organisers). */
  answer: z.array(z.string()).nullable(),
  awarded: z.number().nullable(),
});
export const attemptDto = z.object({
  id: int,
  examId: int,
  examTitle: z.string(),
  memberId: int,
  attemptNo: int,
  status: z.enum(attemptStatuses.values),
  startedAt: timestamp,
  deadlineAt: timestamp,
  submittedAt: timestamp.nullable(),
  /** Null while answering, or while a short answer waits for marking. */
  score: z.number().nullable(),
  totalScore: int,
  passed: z.boolean().nullable(),
  pendingMarking: z.boolean(),
  strikes: int,
  forced: z.boolean(),
  timedOut: z.boolean(),
  reviewAllowed: z.boolean(),
  questions: z.array(attemptQuestionDto),
  /** The exam's focus-loss limit (0 = off, EX-13) and pass mark, for the taker's page. */
  focusStrikes: int,
  passMark: int,
  reviewPolicy: z.enum(reviewPolicies.values),
  /** Attempts the taker may still start (0 once the exam is over): 交卷后可查看答案 waits for 0 (EX-24). Null while this one is being written. */
  attemptsLeft: int.nullable(),
  /** The server's clock when it answered: the phone counts down from deadlineAt against it (EX-21). */
  serverNow: timestamp,
});
