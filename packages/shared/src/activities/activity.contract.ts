import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, idParam, isoDate, isoDateTime, pageQuery, requiredText, text, UNSAFE_TEXT, UNSAFE_TEXT_MESSAGE, z } from '../common/zod.ts';
import { day, int, pageOf, timestamp } from '../common/responses.ts';
import { expectedRules } from './expected-attendees.rule.ts';

/**
 * Kinds of organisational life (组织生活). One activity may count for several kinds, e.g. a
 * 主题党日 held together with a 党课 (「一月一课一片一实践」). Frequencies live in compliance.rule.ts.
 */
export const activityTypes = defineOptions({
  branch_assembly: '党员大会',
  committee_meeting: '支委会',
  group_meeting: '党小组会',
  party_lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  member_review: '民主评议党员',
  heart_talk: '谈心谈话',
  central_group_study: '理论学习中心组学习',
  collective_study: '集中学习研讨',
  weekly_study: '支部周学',
  democratic_life_meeting: '民主生活会',
});
export type ActivityType = (typeof activityTypes.values)[number];

/**
 * planned → draft (recorded) → submitted → approved, or → returned → submitted again. An approved
 * record is locked; the reviewer may reopen it (back to returned), and the audit log keeps both versions.
 */
export const activityStatuses = defineOptions({
  planned: '计划',
  draft: '已记录',
  submitted: '待审核',
  returned: '已退回',
  approved: '已通过',
});
export type ActivityStatus = (typeof activityStatuses.values)[number];

/**
 * The record's workflow: planned or recorded by the organisation, submitted, approved or returned
 * by the level above (never by whoever recorded or submitted it, NK-1), reopened by the reviewer.
 * A return restores an editable state instead of a separate rejected state (practice.md §1.1).
 */
export const activityMachine = defineStateMachine({
  entity: '活动记录',
  stateLabel: (s: ActivityStatus) => activityStatuses.label(s),
  transitions: {
    edit: { from: ['planned', 'draft', 'returned'], to: null, label: '修改' },
    submit: { from: ['planned', 'draft', 'returned'], to: 'submitted', label: '提交审核' },
    approve: { from: ['submitted'], to: 'approved', label: '审核通过' },
    return: { from: ['submitted'], to: 'returned', label: '退回' },
    reopen: { from: ['approved'], to: 'returned', label: '重新打开' },
    delete: { from: ['planned', 'draft'], to: 'removed', label: '删除' },
  },
});
export type ActivityEvent = keyof typeof activityMachine.transitions;
/** States in which the record can still change (edit, attendance, attachments, sign-in). */
export const EDITABLE_STATUSES = activityMachine.transitions.edit.from;
/**
 * Never submitted: the expected list still follows the committee and the roster. From the first
 * submit on it is frozen (only an edit of the date, types or participants recomputes it).
 */
export const followsRoster = (status: string) => status === 'planned' || status === 'draft';

export const attendanceStatuses = defineOptions({
  present: '出席',
  leave: '请假',
  absent: '缺席',
});
export type AttendanceStatus = (typeof attendanceStatuses.values)[number];

/** Why someone is on the attendance list: the roster on the day, or invited from outside. */
export const attendeeKinds = defineOptions({
  expected: '应到',
  invited: '列席/邀请',
});
export type AttendeeKind = (typeof attendeeKinds.values)[number];

/** Rich text stays bounded; the server sanitises the HTML (only formatting tags survive). */
export const richText = z
  .string()
  .max(200_000, '内容过长（不超过20万字符）')
  .refine((s) => !UNSAFE_TEXT.test(s), UNSAFE_TEXT_MESSAGE);

const dateTime = isoDateTime;

/** A 党员大会 vote (ZB-7, docs/RULES.md): the counts; quorum and result are computed, never typed. */
export const activityVoteInput = z
  .object({
    subject: requiredText(200, '表决事项'),
    yes: z.number().int().min(0).max(100_000),
    no: z.number().int().min(0).max(100_000),
    abstain: z.number().int().min(0).max(100_000),
  })
  .strict();
export type ActivityVoteInput = z.infer<typeof activityVoteInput>;

const activityFields = {
  types: z
    .array(z.enum(activityTypes.values))
    .min(1, '至少选择一种活动类型')
    .max(6)
    .refine((t) => new Set(t).size === t.length, '活动类型重复'),
  title: requiredText(200, '主题'),
  startsAt: dateTime,
  endsAt: dateTime,
  place: text(200).optional(),
  hostMemberId: id.nullable().optional(),
  recorderMemberId: id.nullable().optional(),
  lecturerMemberId: id.nullable().optional(),
  /** Free text when the lecturer is not a member of ours (e.g. an invited expert). */
  lecturerName: text(100).optional(),
  firstTopic: text(500).optional(),
  agenda: text(2000).optional(),
  minutes: richText.optional(),
  /** 巡听旁听 by committee staff at a 理论学习中心组学习: their evaluation. */
  observerComment: text(2000).optional(),
  votes: z.array(activityVoteInput).max(20).optional(),
};

export const activityCreateInput = z
  .object({
    orgId: id,
    /** true: a plan (members get a notice); false: the record of a held activity. */
    planned: z.boolean().default(false),
    ...activityFields,
    /** 谈心谈话 names its participants; other kinds take the roster on the day. */
    participantMemberIds: z.array(id).max(50).optional(),
  })
  .strict()
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), { message: '结束时间应晚于开始时间', path: ['endsAt'] });
export type ActivityCreateInput = z.infer<typeof activityCreateInput>;

export const activityUpdateInput = z
  .object({
    ...activityFields,
    /** The 谈话对象 of a 谈心谈话 (needed when a record becomes one). */
    participantMemberIds: z.array(id).min(1, '请选择谈话对象').max(50).optional(),
  })
  .partial()
  .strict();
export type ActivityUpdateInput = z.infer<typeof activityUpdateInput>;

export const attendanceEntry = z
  .object({
    memberId: id,
    status: z.enum(attendanceStatuses.values),
    reason: text(200).optional(),
    /** 党员领导干部 attending as an ordinary member (双重组织生活, ZB-20 in docs/RULES.md). */
    dualLife: z.boolean().optional(),
  })
  .strict()
  .refine((e) => e.status !== 'leave' || !!e.reason, { message: '请假须填写原因', path: ['reason'] });

export const attendanceInput = z
  .object({
    entries: z.array(attendanceEntry).max(500),
    /** Members from outside the organisation who were invited (列席). */
    invitedMemberIds: z.array(id).max(200).optional(),
  })
  .strict();
export type AttendanceInput = z.infer<typeof attendanceInput>;

export const reviewInput = z.object({ comment: text(1000).optional() }).strict();
export const returnInput = z.object({ comment: requiredText(1000, '退回意见') }).strict();

export const activityListQuery = z
  .object({
    orgId: idParam.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    type: z.enum(activityTypes.values).optional(),
    status: z.enum(activityStatuses.values).optional(),
    /** Only what the caller may approve and is waiting (审核待办). */
    toReview: z.enum(['true', 'false']).optional(),
    ...pageQuery,
  })
  .strict();
export type ActivityListQuery = z.infer<typeof activityListQuery>;

/** ZB-7 and XZ-15/16 (docs/RULES.md): quorum and result of a 党员大会 vote. Voters = 正式党员 (预备党员 have no vote, XZ-34). */
export function voteOutcome(v: { yes: number; no: number; abstain: number }, votersExpected: number, votersPresent: number) {
  const quorum = votersPresent * 2 > votersExpected;
  const passed = quorum && v.yes * 2 > votersExpected;
  return { quorum, passed, votersExpected, votersPresent };
}

// Responses (see common/responses.ts).

export const reviewActions = ['submit', 'approve', 'return', 'reopen'] as const;
export type ReviewAction = (typeof reviewActions)[number];

/** What the list and the detail both say of an activity. */
const activityCore = {
  id: int,
  orgId: int,
  orgName: z.string(),
  types: z.array(z.enum(activityTypes.values)),
  status: z.enum(activityStatuses.values),
  title: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  /** The Beijing calendar day of startsAt: every period and count uses it. */
  heldOn: day,
  place: z.string().nullable(),
  /** 补录: the history import that brought the record in (null: recorded through the form). */
  importId: int.nullable(),
};

export const activityListItem = z.object({
  ...activityCore,
  submittedAt: timestamp.nullable(),
  expectedCount: int,
  presentCount: int,
});
export const activityPage = pageOf(activityListItem);

export const attendeeDto = z.object({
  memberId: int,
  memberName: z.string(),
  kind: z.enum(attendeeKinds.values),
  status: z.enum(attendanceStatuses.values),
  reason: z.string().nullable(),
  dualLife: z.boolean(),
  /** 正式党员 vote at a 党员大会; 预备党员 do not. */
  voter: z.boolean(),
  signedInAt: timestamp.nullable(),
  /** Signed in from outside the expected list; waits for the secretary's confirmation. */
  pending: z.boolean(),
});

export const attendanceSummaryDto = z.object({
  expected: int,
  present: int,
  leave: int,
  absent: int,
  invited: int,
  /** Sign-ins waiting for confirmation: they count for nothing yet. */
  pendingSignIns: int,
  votersExpected: int,
  votersPresent: int,
});

/** A vote as recorded, with quorum and result computed (voteOutcome). */
export const voteDto = z.object({
  subject: z.string(),
  yes: int,
  no: int,
  abstain: int,
  quorum: z.boolean(),
  passed: z.boolean(),
  votersExpected: int,
  votersPresent: int,
});

export const reviewEntryDto = z.object({ id: int, action: z.enum(reviewActions), comment: z.string().nullable(), at: timestamp, by: z.string().nullable() });

export const attachmentDto = z.object({ id: int, fileName: z.string(), contentType: z.string(), size: int, createdAt: timestamp });

export const activityAbilitiesDto = z.object({
  edit: z.boolean(),
  submit: z.boolean(),
  approve: z.boolean(),
  return: z.boolean(),
  reopen: z.boolean(),
  delete: z.boolean(),
  signInCode: z.boolean(),
});

/** Where the expected list comes from (the rule in expected-attendees.rule.ts), in words. */
export const expectedListDto = z.object({
  rule: z.enum(expectedRules.values),
  /** 「本支部支委会委员」「本党小组党员」「本支部全体党员（含所属党小组）」… */
  label: z.string(),
  /** Still follows the committee and the roster (never submitted); false: frozen. */
  follows: z.boolean(),
  /** What to do when the rule finds nobody; null when someone is expected. */
  emptyHint: z.string().nullable(),
});

/** GET /api/activities/expected: who a record would expect, before it is saved (the form's hint). */
export const expectedPreviewQuery = z
  .object({
    orgId: idParam,
    /** Comma-separated activity types. */
    types: z
      .string()
      .max(400)
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.enum(activityTypes.values)).min(1, '至少选择一种活动类型').max(6)),
    day: isoDate,
  })
  .strict();
export type ExpectedPreviewQuery = z.infer<typeof expectedPreviewQuery>;
export const expectedPreviewDto = expectedListDto.omit({ follows: true }).extend({
  count: int,
  /** The first names, for a short list (all of them up to 30). */
  names: z.array(z.string()),
  /** Why a 支委会 cannot be recorded on that day (no committee); null otherwise. */
  refusal: z.string().nullable(),
});

/** GET /api/activities/:id and the answer of every change and review step. */
export const activityDetailDto = z.object({
  ...activityCore,
  hostMemberId: int.nullable(),
  recorderMemberId: int.nullable(),
  lecturerMemberId: int.nullable(),
  lecturerName: z.string().nullable(),
  lecturerIsSecretary: z.boolean(),
  firstTopic: z.string().nullable(),
  agenda: z.string().nullable(),
  /** Sanitised rich text (formatting tags only). */
  minutes: z.string().nullable(),
  observerComment: z.string().nullable(),
  votes: z.array(voteDto),
  reviewComment: z.string().nullable(),
  submittedAt: timestamp.nullable(),
  reviewedAt: timestamp.nullable(),
  attendanceSummary: attendanceSummaryDto,
  attendance: z.array(attendeeDto),
  expectedList: expectedListDto,
  /** Why the record cannot go up for review as it stands (nobody expected or present, no committee); null when it can. */
  submitProblem: z.string().nullable(),
  reviews: z.array(reviewEntryDto),
  attachments: z.array(attachmentDto),
  abilities: activityAbilitiesDto,
  /** 补录: who imported the record and when (null: recorded through the form). */
  backfill: z.object({ importId: int, importedAt: timestamp, importedBy: z.string() }).nullable(),
});
