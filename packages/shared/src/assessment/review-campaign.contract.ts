import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, idParam, isoDate, personName, requiredText, text, z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';
import { itemStatuses, rectificationStates } from '../supervision/list.contract.ts';

/*
 * 述职评议 (issue 11 item 5): a campaign per year in which the secretaries of unit party committees
 * and branches report (述职报告, with last year's review problems and their rectification attached —
 * 「三述四评两整改」), each reviewer comments on each reporter at the meeting (「一述一评」), then
 * grades each one once on the campaign's scale; the ballots aggregate by reviewer group and weight,
 * and the comments marked as problems become items of the reporter organisation's 问题清单.
 * Rules: docs/RULES.md SZ-5…SZ-12; terms: docs/GLOSSARY.md.
 */

export const reviewStatuses = defineOptions({
  draft: '筹备中',
  open: '述职中',
  voting: '测评中',
  closed: '已结束',
});
export type ReviewStatus = (typeof reviewStatuses.values)[number];

/**
 * draft → open (reports and the meeting) → voting (ballots) → closed. The set-up (scale, groups,
 * reviewers, reporters) is edited while draft; the meeting's date and place until voting starts;
 * reports are written while draft or open; comments while open or voting; ballots while voting.
 */
export const reviewMachine = defineStateMachine({
  entity: '述职评议',
  stateLabel: (s: ReviewStatus) => reviewStatuses.label(s),
  transitions: {
    setup: { from: ['draft'], to: null, label: '修改评议设置' },
    meeting: { from: ['draft', 'open'], to: null, label: '修改述职会议' },
    report: { from: ['draft', 'open'], to: null, label: '提交述职报告' },
    comment: { from: ['open', 'voting'], to: null, label: '点评' },
    open: { from: ['draft'], to: 'open', label: '启动述职' },
    startVoting: { from: ['open'], to: 'voting', label: '开始测评' },
    ballot: { from: ['voting'], to: null, label: '投票' },
    close: { from: ['voting'], to: 'closed', label: '结束评议' },
    toList: { from: ['voting', 'closed'], to: null, label: '转入问题清单' },
  },
});
export type ReviewEvent = keyof typeof reviewMachine.transitions;

/** SZ-4 is status U (not confirmed from the 办法): the default scale, changed per campaign. */
export const DEFAULT_REVIEW_SCALE = [
  { key: 'good', label: '好', score: 100 },
  { key: 'fairly_good', label: '较好', score: 85 },
  { key: 'average', label: '一般', score: 70 },
  { key: 'poor', label: '差', score: 50 },
] as const;

/** Default reviewer groups (L): 班子, 工委, 党员代表 with weights summing to 1. */
export const DEFAULT_REVIEW_GROUPS = [
  { name: '单位党组（班子）成员', weight: 0.4 },
  { name: '机关工委', weight: 0.3 },
  { name: '党员代表', weight: 0.3 },
] as const;

/** The deadline of a problem turned into a list item: two months after the close (SZ-10, L). */
export const REVIEW_PROBLEM_MONTHS = 2;

const gradeKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,29}$/, '等次代码应为小写字母开头的字母、数字或下划线');

export const reviewGradeInput = z
  .object({ key: gradeKey, label: requiredText(10, '等次名称'), score: z.number().min(0, '分值应在0—100之间').max(100, '分值应在0—100之间') })
  .strict();
export type ReviewGrade = z.infer<typeof reviewGradeInput>;

/** Weights sum to 1 (to four decimals). */
export const weightsSumToOne = (weights: number[]) => Math.abs(weights.reduce((s, w) => s + w, 0) - 1) < 1e-4;

export const reviewGroupInput = z
  .object({
    /** A stable key within the campaign (reviewers name their group by it). */
    key: gradeKey,
    name: requiredText(30, '评议组名称'),
    weight: z.number().gt(0, '权重应大于0').max(1, '权重不能超过1'),
  })
  .strict();

export const reviewReviewerInput = z.object({ userId: id, groupKey: gradeKey }).strict();

export const reviewReporterInput = z
  .object({
    orgId: id,
    /** When the organisation's committee data has no serving 书记: the secretary's name. */
    secretaryName: personName.nullable().optional(),
  })
  .strict();

export const reviewCampaignCreateInput = z
  .object({
    year: z.number().int().min(2000, '年度应在2000—2100之间').max(2100, '年度应在2000—2100之间'),
    name: requiredText(100, '评议名称'),
  })
  .strict();
export type ReviewCampaignCreateInput = z.infer<typeof reviewCampaignCreateInput>;

export const reviewSetupInput = z
  .object({
    name: requiredText(100, '评议名称'),
    scale: z
      .array(reviewGradeInput)
      .min(2, '评议等次至少两个')
      .max(6, '评议等次最多六个')
      .refine((g) => new Set(g.map((x) => x.key)).size === g.length, '等次代码重复')
      .refine((g) => new Set(g.map((x) => x.label)).size === g.length, '等次名称重复'),
    groups: z
      .array(reviewGroupInput)
      .min(1, '至少设置一个评议组')
      .max(10)
      .refine((g) => new Set(g.map((x) => x.key)).size === g.length, '评议组代码重复')
      .refine((g) => weightsSumToOne(g.map((x) => x.weight)), '各评议组权重之和应为1'),
    reviewers: z
      .array(reviewReviewerInput)
      .max(500, '评议人不超过500人')
      .refine((r) => new Set(r.map((x) => x.userId)).size === r.length, '评议人重复（每人只能属于一个评议组）'),
    reporters: z
      .array(reviewReporterInput)
      .max(300, '述职人不超过300个')
      .refine((r) => new Set(r.map((x) => x.orgId)).size === r.length, '述职组织重复'),
  })
  .strict()
  .superRefine((v, ctx) => {
    const keys = new Set(v.groups.map((g) => g.key));
    v.reviewers.forEach((r, i) => {
      if (!keys.has(r.groupKey)) ctx.addIssue({ code: 'custom', message: `评议人所属评议组不存在：${r.groupKey}`, path: ['reviewers', i, 'groupKey'] });
    });
  });
export type ReviewSetupInput = z.infer<typeof reviewSetupInput>;

export const reviewMeetingInput = z
  .object({ meetingOn: isoDate.nullable(), meetingPlace: text(100).nullable().optional() })
  .strict();
export type ReviewMeetingInput = z.infer<typeof reviewMeetingInput>;

export const reviewReportInput = z.object({ text: requiredText(20000, '述职报告') }).strict();

export const reviewCommentInput = z
  .object({
    text: requiredText(2000, '点评意见'),
    /** Marked as a problem: becomes an item of the reporter's 问题清单 when the campaign closes. */
    problem: z.boolean().default(false),
  })
  .strict();
export type ReviewCommentInput = z.infer<typeof reviewCommentInput>;

export const reviewBallotInput = z.object({ grade: gradeKey }).strict();

export const reviewListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict();
export const reviewParams = z.object({ id: idParam }).strict();
export const reviewReporterParams = z.object({ id: idParam, reporterId: idParam }).strict();
export const reviewCommentParams = z.object({ id: idParam, commentId: idParam }).strict();

// ---------- aggregation (pure) ----------

export type BallotFacts = {
  scale: readonly { key: string; label: string; score: number }[];
  groups: readonly { key: string; name: string; weight: number }[];
  reviewers: readonly { userId: number; groupKey: string }[];
  reporters: readonly { id: number }[];
  ballots: readonly { reporterId: number; reviewerId: number; grade: string }[];
  /**
   * Reviewer and reporter pairs where the reviewer is the reporter themself (SZ-13): not expected
   * in participation, and a ballot of such a pair (none can be cast; older data) is not counted.
   */
  selfPairs?: readonly { reviewerId: number; reporterId: number }[];
};

export type ReporterResult = {
  reporterId: number;
  /** Per group: ballots and the average score (null: nobody of the group voted for this reporter). */
  groups: { key: string; name: string; weight: number; ballots: number; average: number | null }[];
  /**
   * Σ weight × group average over the groups with ballots, divided by the sum of those groups'
   * weights (SZ-8: a group without ballots is left out and the others' weights are rescaled);
   * null when nobody voted. Two decimals.
   */
  score: number | null;
  /** The highest grade whose score the result reaches (the lowest grade below all of them). */
  grade: string | null;
  /** Ballots per grade, in the scale's order. */
  distribution: { grade: string; count: number }[];
  ballots: number;
};

export type ReviewAggregate = {
  reporters: ReporterResult[];
  /** Reviewers with how many of their ballots are cast; `missing` lists those not done. */
  participation: { userId: number; cast: number; expected: number }[];
  missing: number[];
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The grade a score reaches: scale sorted by score descending, the first not above the score. */
export function gradeForScore(scale: BallotFacts['scale'], score: number | null): string | null {
  if (score === null || !scale.length) return null;
  const sorted = [...scale].sort((a, b) => b.score - a.score);
  return (sorted.find((g) => score >= g.score - 1e-9) ?? sorted[sorted.length - 1]!).key;
}

/** The ballots of a campaign aggregated by rule (SZ-7…SZ-9). Ballots of unknown reviewers or grades are ignored. */
export function aggregateBallots(f: BallotFacts): ReviewAggregate {
  const scoreOf = new Map(f.scale.map((g) => [g.key, g.score]));
  const groupOf = new Map(f.reviewers.map((r) => [r.userId, r.groupKey]));
  const self = (reviewerId: number, reporterId: number) => (f.selfPairs ?? []).some((x) => x.reviewerId === reviewerId && x.reporterId === reporterId);
  const valid = f.ballots.filter((b) => scoreOf.has(b.grade) && groupOf.has(b.reviewerId) && !self(b.reviewerId, b.reporterId));
  const reporters = f.reporters.map((rep): ReporterResult => {
    const mine = valid.filter((b) => b.reporterId === rep.id);
    const groups = f.groups.map((g) => {
      const scores = mine.filter((b) => groupOf.get(b.reviewerId) === g.key).map((b) => scoreOf.get(b.grade)!);
      return { key: g.key, name: g.name, weight: g.weight, ballots: scores.length, average: scores.length ? round2(scores.reduce((s, x) => s + x, 0) / scores.length) : null };
    });
    const voted = groups.filter((g) => g.ballots > 0);
    const weightSum = voted.reduce((s, g) => s + g.weight, 0);
    // Unrounded group averages in the weighted sum, so rounding happens once.
    const exact = (key: string) => {
      const scores = mine.filter((b) => groupOf.get(b.reviewerId) === key).map((b) => scoreOf.get(b.grade)!);
      return scores.reduce((s, x) => s + x, 0) / scores.length;
    };
    const score = voted.length && weightSum > 0 ? round2(voted.reduce((s, g) => s + g.weight * exact(g.key), 0) / weightSum) : null;
    return {
      reporterId: rep.id,
      groups,
      score,
      grade: gradeForScore(f.scale, score),
      distribution: f.scale.map((g) => ({ grade: g.key, count: mine.filter((b) => b.grade === g.key).length })),
      ballots: mine.length,
    };
  });
  const participation = f.reviewers.map((r) => ({
    userId: r.userId,
    cast: valid.filter((b) => b.reviewerId === r.userId && f.reporters.some((p) => p.id === b.reporterId)).length,
    expected: f.reporters.filter((p) => !self(r.userId, p.id)).length,
  }));
  return { reporters, participation, missing: participation.filter((p) => p.cast < p.expected).map((p) => p.userId) };
}

// ---------- answers ----------

export const reviewGradeDto = z.object({ key: z.string(), label: z.string(), score: z.number() });
export const reviewGroupDto = z.object({ key: z.string(), name: z.string(), weight: z.number() });

export const reviewCampaignSummaryDto = z.object({
  id: int,
  year: int,
  name: z.string(),
  status: z.enum(reviewStatuses.values),
  meetingOn: day.nullable(),
  meetingPlace: z.string().nullable(),
  /** Reporters the caller may see. */
  reporters: int,
  reviewers: int,
  /** The caller is a reviewer of this campaign (the ballot page is open to them). */
  isReviewer: z.boolean(),
});
export const reviewCampaignListDto = z.object({ items: z.array(reviewCampaignSummaryDto), canConfigure: z.boolean() });

export const reviewResultDto = z.object({
  score: z.number().nullable(),
  grade: z.string().nullable(),
  gradeLabel: z.string().nullable(),
  ballots: int,
  groups: z.array(z.object({ key: z.string(), name: z.string(), weight: z.number(), ballots: int, average: z.number().nullable() })),
  distribution: z.array(z.object({ grade: z.string(), label: z.string(), count: int })),
});

export const reviewCommentDto = z.object({
  id: int,
  reviewerName: z.string(),
  text: z.string(),
  problem: z.boolean(),
  listItemId: int.nullable(),
  updatedAt: timestamp,
});

export const reviewReporterDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  secretaryName: z.string().nullable(),
  /** Where the name came from: the organisation's committee data, or entered with the campaign. */
  secretarySource: z.enum(['committee', 'named', 'none']),
  hasReport: z.boolean(),
  reportFileName: z.string().nullable(),
  reportUpdatedAt: timestamp.nullable(),
  /** After close, for the committee and the reporter's own admins. */
  result: reviewResultDto.nullable(),
  /** The committee's view after the meeting: every comment on this reporter. */
  comments: z.array(reviewCommentDto),
});

export const reviewCampaignDetailDto = reviewCampaignSummaryDto.extend({
  scale: z.array(reviewGradeDto),
  groups: z.array(reviewGroupDto),
  reviewerList: z.array(z.object({ userId: int, name: z.string(), groupKey: z.string(), cast: int, expected: int })),
  reporterList: z.array(reviewReporterDto),
  /** Ballots cast so far and expected (reviewers × reporters): counts only, never who graded what. */
  ballotsCast: int,
  ballotsExpected: int,
  closedAt: timestamp.nullable(),
  abilities: z.object({ setup: z.boolean(), meeting: z.boolean(), open: z.boolean(), startVoting: z.boolean(), close: z.boolean(), toList: z.boolean() }),
});

export const lastYearProblemDto = z.object({
  commentId: int,
  campaignYear: int,
  text: z.string(),
  listItemId: int,
  title: z.string(),
  deadline: day,
  status: z.enum(itemStatuses.values),
  rectification: z.enum(rectificationStates.values),
});

export const reviewReportDto = z.object({
  campaignId: int,
  campaignName: z.string(),
  campaignStatus: z.enum(reviewStatuses.values),
  year: int,
  reporterId: int,
  orgId: int,
  orgName: z.string(),
  secretaryName: z.string().nullable(),
  text: z.string().nullable(),
  file: z.object({ fileName: z.string(), contentType: z.string(), size: int, uploadedAt: timestamp }).nullable(),
  updatedAt: timestamp.nullable(),
  /** 「三述四评两整改」: last year's review problems of this organisation and where their rectification stands. */
  lastYearProblems: z.array(lastYearProblemDto),
  canEdit: z.boolean(),
});

/** The reviewer's ballot sheet: each reporter with the report, the reviewer's own comment and ballot — nobody else's. */
export const reviewBallotSheetDto = z.object({
  campaignId: int,
  campaignName: z.string(),
  year: int,
  status: z.enum(reviewStatuses.values),
  groupName: z.string(),
  scale: z.array(reviewGradeDto),
  reporters: z.array(
    z.object({
      reporterId: int,
      orgName: z.string(),
      secretaryName: z.string().nullable(),
      reportText: z.string().nullable(),
      reportFileName: z.string().nullable(),
      comment: z.object({ text: z.string(), problem: z.boolean() }).nullable(),
      /** The reviewer's own ballot once cast (final). */
      grade: z.string().nullable(),
      /** The reviewer is this reporter (its serving 书记): 本人，不参与评议 — no comment, no ballot (SZ-13). */
      self: z.boolean(),
    }),
  ),
  canComment: z.boolean(),
  canVote: z.boolean(),
});

export const reviewBallotDto = z.object({ reporterId: int, grade: z.string(), castAt: timestamp });
export const reviewCommentSavedDto = z.object({ reporterId: int, text: z.string(), problem: z.boolean() });
export const reviewToListDto = z.object({ commentId: int, listItemId: int });
