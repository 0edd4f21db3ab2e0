import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, isoDate, pageQuery, requiredText, text, z } from '../common/zod.ts';
import { day, int, pageOf, timestamp } from '../common/responses.ts';

/**
 * 知识竞赛 (contests, RULES §9.13) in the 灯塔 pattern: practice days on the published bank, then
 * contest days with a daily attempt limit, each attempt an exam attempt of the contest's exam;
 * ranked by the best score, then time, then the earlier submission. Draft → published → finished,
 * or cancelled.
 */
export const contestStatuses = defineOptions({ draft: '草稿', published: '已发布', finished: '已结束', cancelled: '已取消' });
export type ContestStatus = (typeof contestStatuses.values)[number];
export const contestPhases = defineOptions({ before: '未开始', practice: '练习中', between: '练习结束', contest: '竞赛中', after: '竞赛结束' });
export const flagStates = defineOptions({ none: '正常', flagged: '异常待核', cleared: '已核实正常', confirmed: '已确认异常' });

export const contestMachine = defineStateMachine<ContestStatus, 'edit' | 'publish' | 'finish' | 'cancel'>({
  entity: '知识竞赛',
  stateLabel: (s) => contestStatuses.label(s),
  transitions: {
    edit: { from: ['draft'], to: null, label: '修改' },
    publish: { from: ['draft'], to: 'published', label: '发布' },
    finish: { from: ['published'], to: 'finished', label: '结束' },
    cancel: { from: ['draft', 'published'], to: 'cancelled', label: '取消' },
  },
});

/** Defaults from the 灯塔 pattern (practice.md §3.4, L): one attempt a day, 15 minutes, 2 seconds a question at least. */
export const CONTEST_DEFAULTS = { dailyLimit: 1, timeLimitMinutes: 15, minSecondsPerQuestion: 2 } as const;

export const contestInput = z
  .object({
    orgId: id,
    paperId: id,
    title: requiredText(100, '竞赛名称'),
    practiceFrom: isoDate,
    practiceTo: isoDate,
    contestFrom: isoDate,
    contestTo: isoDate,
    dailyLimit: z.number().int('每日次数应为整数').min(1, '每人每日作答次数至少为1').max(10, '每人每日作答次数不能超过10').default(CONTEST_DEFAULTS.dailyLimit),
    timeLimitMinutes: z.number().int('答题时长应为整数分钟').min(1, '答题时长至少1分钟').max(120, '答题时长不能超过120分钟').default(CONTEST_DEFAULTS.timeLimitMinutes),
    minSecondsPerQuestion: z.number().int('每题最少秒数应为整数').min(0, '每题最少秒数不能为负数').max(60, '每题最少秒数不能超过60').default(CONTEST_DEFAULTS.minSecondsPerQuestion),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.practiceTo < v.practiceFrom) ctx.addIssue({ code: 'custom', path: ['practiceTo'], message: '练习结束日期不能早于开始日期' });
    if (v.contestFrom <= v.practiceTo) ctx.addIssue({ code: 'custom', path: ['contestFrom'], message: '竞赛应在练习结束后开始' });
    if (v.contestTo < v.contestFrom) ctx.addIssue({ code: 'custom', path: ['contestTo'], message: '竞赛结束日期不能早于开始日期' });
    const days = (Date.parse(v.contestTo) - Date.parse(v.practiceFrom)) / 86_400_000;
    if (days > 92) ctx.addIssue({ code: 'custom', path: ['contestTo'], message: '练习与竞赛合计不能超过3个月' });
  });
export type ContestInput = z.infer<typeof contestInput>;

export const contestListQuery = z.object({ ...pageQuery, q: text(50).optional(), status: z.enum(contestStatuses.values).optional() }).strict();
export type ContestListQuery = z.infer<typeof contestListQuery>;

export const contestDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  examId: int,
  paperId: int,
  paperTitle: z.string(),
  totalScore: int,
  questionCount: int,
  title: z.string(),
  status: z.enum(contestStatuses.values),
  phase: z.enum(contestPhases.values),
  practiceFrom: day,
  practiceTo: day,
  contestFrom: day,
  contestTo: day,
  dailyLimit: int,
  timeLimitMinutes: int,
  minSecondsPerQuestion: int,
  participants: int,
  flagged: int,
  canManage: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const contestListDto = pageOf(contestDto);

export const leaderboardQuery = z.object({ orgId: z.coerce.number().int().positive().optional(), ...pageQuery }).strict();
export type LeaderboardQuery = z.infer<typeof leaderboardQuery>;

export const rankRowDto = z.object({ rank: int, memberId: int.nullable(), name: z.string(), orgName: z.string(), score: z.number(), seconds: z.number(), submittedAt: timestamp, me: z.boolean() });
export const orgStandingDto = z.object({ orgId: int, orgName: z.string(), members: int, participants: int, rate: z.number(), averageScore: z.number().nullable(), rank: int });
export const leaderboardDto = z.object({
  orgId: int,
  orgName: z.string(),
  individuals: pageOf(rankRowDto),
  /** Each child organisation of orgId, ordered by participation rate, then average score. */
  orgs: z.array(orgStandingDto),
});

export const myContestDto = z.object({
  contestId: int,
  phase: z.enum(contestPhases.values),
  practised: int,
  practisedCorrect: int,
  attemptsToday: int,
  dailyLimit: int,
  canStart: z.boolean(),
  openAttemptId: int.nullable(),
  best: z.object({ attemptId: int, score: z.number(), seconds: z.number(), submittedAt: timestamp }).nullable(),
  rank: int.nullable(),
  rankedCount: int,
  attempts: z.array(z.object({ attemptId: int, day: day, status: z.string(), score: z.number().nullable(), seconds: z.number().nullable(), flag: z.enum(flagStates.values) })),
  org: orgStandingDto.nullable(),
});

export const practiceQuery = z.object({ count: z.coerce.number().int().min(1).max(20).default(5) }).strict();
export const practiceQuestionDto = z.object({ questionId: int, type: z.string(), stem: z.string(), options: z.array(z.string()) });
export const practiceDto = z.object({ questions: z.array(practiceQuestionDto), practised: int, bankSize: int });
export const practiceAnswerInput = z.object({ questionId: id, given: z.array(z.string().max(2000)).max(8) }).strict();
export const practiceFeedbackDto = z.object({ correct: z.boolean(), answer: z.array(z.string()), explanation: z.string().nullable(), practised: int, practisedCorrect: int });

export const flagListQuery = z.object({ ...pageQuery, state: z.enum(flagStates.values).default('flagged') }).strict();
export const flagRowDto = z.object({ attemptId: int, memberId: int, name: z.string(), orgName: z.string(), day: day, score: z.number().nullable(), seconds: z.number().nullable(), questions: int, minSeconds: int, flag: z.enum(flagStates.values), reason: z.string().nullable(), reviewedAt: timestamp.nullable() });
export const flagListDto = pageOf(flagRowDto);
export const flagReviewInput = z.object({ decision: z.enum(['clear', 'confirm']), reason: requiredText(200, '核实意见') }).strict();
export type FlagReviewInput = z.infer<typeof flagReviewInput>;
