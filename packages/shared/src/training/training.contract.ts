import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, isoDate, isoDateTime, requiredText, text, z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';
import { examStatuses } from '../exams/exam.contract.ts';

/**
 * 培训班 (issue 12 item 5; seed 000: 「十百千万学习培训计划」, 「入学必测、结业必考」, 结业前教学评估): a class
 * kept by an organisation, its trainees, its sessions (courses) with attendance, a course evaluation
 * answered once per trainee, 结业 with certificates for those who met the requirements, and the
 * committee's yearly counts per line of the 十百千万 plan. Rules TR-1 … in docs/RULES.md §13.
 */

/** The four lines of 「十百千万」 (seed 000) and their default yearly targets (TR-6, L). */
export const planLines = defineOptions({
  expert_lecture: '十名专家讲理论',
  secretary_lecture: '百名书记上讲堂',
  secretary_school: '千名支书进党校',
  member_study: '万名党员学思想',
});
export type PlanLine = (typeof planLines.values)[number];
export const DEFAULT_PLAN_TARGETS: Record<PlanLine, number> = { expert_lecture: 10, secretary_lecture: 100, secretary_school: 1000, member_study: 10000 };
/** A class's trainees count toward one of these two lines (or none); the lecture lines count sessions' lecturers. */
export const traineeLines = ['secretary_school', 'member_study'] as const;
export type TraineeLine = (typeof traineeLines)[number];

export const lecturerKinds = defineOptions({ expert: '专家学者', secretary: '党组织书记', leader: '领导干部', other: '其他' });
export type LecturerKind = (typeof lecturerKinds.values)[number];

export const trainingClassStatuses = defineOptions({ planned: '筹备中', in_session: '培训中', finished: '已结业', cancelled: '已取消' });
export type TrainingClassStatus = (typeof trainingClassStatuses.values)[number];

/** TR-1: the class's life. Trainees and sessions change while it is not finished; 结业 fixes outcomes and certificates. */
export const trainingClassMachine = defineStateMachine({
  entity: '培训班',
  stateLabel: (s: TrainingClassStatus) => trainingClassStatuses.label(s),
  transitions: {
    edit: { from: ['planned', 'in_session'], to: null, label: '修改' },
    open: { from: ['planned'], to: 'in_session', label: '开班' },
    finish: { from: ['in_session'], to: 'finished', label: '结业' },
    cancel: { from: ['planned', 'in_session'], to: 'cancelled', label: '取消' },
    /** TR-4: the course evaluation is answered before 结业 (「结业前……开展教学评估」). */
    evaluate: { from: ['in_session'], to: null, label: '教学评估' },
    attend: { from: ['in_session'], to: null, label: '登记考勤' },
  },
});
export type TrainingClassEvent = keyof typeof trainingClassMachine.transitions;

export const traineeAttendances = defineOptions({ present: '出席', leave: '请假', absent: '缺席' });
export type TraineeAttendance = (typeof traineeAttendances.values)[number];

/** One question of the course evaluation, rated 1–5 (TR-4). */
export type EvaluationItem = { key: string; label: string };
/** 「对课程设置、授课质量、后勤服务等开展教学评估」 (seed 000), plus two common ones. */
export const DEFAULT_EVALUATION_ITEMS: EvaluationItem[] = [
  { key: 'curriculum', label: '课程设置' },
  { key: 'teaching', label: '授课质量' },
  { key: 'logistics', label: '后勤服务' },
  { key: 'organisation', label: '教学组织' },
  { key: 'overall', label: '总体满意度' },
];
export const ratingLabels = ['', '很不满意', '不满意', '一般', '满意', '很满意'] as const;

// ── Rules (pure) ────────────────────────────────────────────────────────────────────────────────

/** Present sessions over held sessions, in whole percent (0 when none was held). */
export function attendanceRate(present: number, held: number): number {
  return held ? Math.round((present / held) * 100) : 0;
}

/**
 * TR-3 / TR-8: at 结业 a trainee completes the class when their attendance reaches the class's
 * minimum (a 请假 is not presence) and, where the class names them (seed 000: 「入学必测、结业必考」),
 * they took the entry test and passed the final exam. The reason names everything missing, in Chinese.
 */
export type TraineeExamResult = { taken: boolean; score: number | null; passed: boolean };
export function traineeOutcome(input: {
  present: number;
  held: number;
  minAttendance: number;
  /** The entry test (入学必测): only taking it is required. Absent when the class names none. */
  entry?: TraineeExamResult | null;
  /** The final exam (结业必考): the counted attempt must pass. Absent when the class names none. */
  final?: TraineeExamResult | null;
}): { completed: boolean; reason: string } {
  const rate = attendanceRate(input.present, input.held);
  if (!input.held) return { completed: false, reason: '培训班未登记任何课程考勤' };
  const missing: string[] = [];
  if (rate < input.minAttendance) missing.push(`出勤率${rate}%，低于结业要求${input.minAttendance}%`);
  if (input.entry && !input.entry.taken) missing.push('未参加入学测试');
  if (input.final && !input.final.taken) missing.push('未参加结业考试');
  else if (input.final && !input.final.passed) missing.push(`结业考试${input.final.score ?? 0}分，未达到及格线`);
  if (missing.length) return { completed: false, reason: missing.join('；') };
  const parts = [`出勤${input.present}/${input.held}次（${rate}%）`];
  if (input.final) parts.push(`结业考试${input.final.score}分`);
  return { completed: true, reason: parts.join('，') };
}

/** TR-5: certificate numbers, in the order of the trainees' member ids: 2026-培7-003. */
export const certificateNo = (year: number, classId: number, seq: number) => `${year}-培${classId}-${String(seq).padStart(3, '0')}`;

/** The evaluation's averages per item, to one decimal (no names: answers are shown only in aggregate). */
export function evaluationSummary(items: EvaluationItem[], answers: { ratings: Record<string, number> }[]) {
  return items.map((it) => {
    const vals = answers.map((a) => a.ratings[it.key]).filter((v): v is number => typeof v === 'number');
    return { key: it.key, label: it.label, answers: vals.length, average: vals.length ? Math.round((vals.reduce((s, v) => s + v, 0) / vals.length) * 10) / 10 : null };
  });
}

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────────

const evaluationItemInput = z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, '评估项标识只能用小写字母、数字和下划线'), label: requiredText(20, '评估项名称') }).strict();

export const trainingClassInput = z
  .object({
    orgId: id,
    title: requiredText(80, '培训班名称'),
    planLine: z.enum(traineeLines).nullable(),
    plan: text(4000),
    startsOn: isoDate,
    endsOn: isoDate,
    place: text(100).nullable(),
    minAttendance: z.number().int().min(0, '结业出勤率要求应在0–100之间').max(100, '结业出勤率要求应在0–100之间'),
    evaluationItems: z.array(evaluationItemInput).min(1, '教学评估至少要有一项').max(12, '教学评估最多12项'),
    /** TR-8: 入学必测 — an exam of purpose training_entry of the class's organisation (optional). */
    entryExamId: id.nullable().default(null),
    /** TR-8: 结业必考 — an exam of purpose training_final of the class's organisation (optional). */
    finalExamId: id.nullable().default(null),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.entryExamId && v.entryExamId === v.finalExamId) ctx.addIssue({ code: 'custom', message: '入学测试和结业考试不能是同一场考试', path: ['finalExamId'] });
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['endsOn'] });
    if (v.startsOn.slice(0, 4) !== v.endsOn.slice(0, 4)) ctx.addIssue({ code: 'custom', message: '培训班不能跨年度（按开始日期所在年度统计）', path: ['endsOn'] });
    const keys = v.evaluationItems.map((i) => i.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: '教学评估项重复', path: ['evaluationItems'] });
  });
export type TrainingClassInput = z.infer<typeof trainingClassInput>;

export const traineesInput = z.object({ memberIds: z.array(id).min(1, '请选择学员').max(500, '一次最多添加500名学员') }).strict();

export const trainingSessionInput = z
  .object({
    title: requiredText(80, '课程名称'),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    lecturerName: requiredText(40, '授课人'),
    lecturerKind: z.enum(lecturerKinds.values),
    lecturerMemberId: id.nullable(),
    hours: z.number().multipleOf(0.5, '学时以0.5为单位').positive('学时必须大于0').max(24, '一次课程最多24学时'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: 'custom', message: '结束时间必须晚于开始时间', path: ['endsAt'] });
    if (v.lecturerKind === 'secretary' && !v.lecturerMemberId) ctx.addIssue({ code: 'custom', message: '书记授课须选择授课的党员（计入“百名书记上讲堂”）', path: ['lecturerMemberId'] });
  });
export type TrainingSessionInput = z.infer<typeof trainingSessionInput>;

export const sessionAttendanceInput = z
  .object({ entries: z.array(z.object({ memberId: id, status: z.enum(traineeAttendances.values) }).strict()).min(1, '请登记考勤').max(500) })
  .strict();

export const evaluationInput = z
  .object({ ratings: z.record(z.string(), z.number().int().min(1, '评分为1–5分').max(5, '评分为1–5分')), comment: text(1000).nullable() })
  .strict();

export const planTargetsInput = z.object({ targets: z.object(Object.fromEntries(planLines.values.map((l) => [l, z.number().int().min(0).max(1_000_000)])) as Record<PlanLine, z.ZodNumber>).strict() }).strict();

export const trainingListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional(), orgId: z.coerce.number().int().positive().optional() }).strict();

// ── Answers ─────────────────────────────────────────────────────────────────────────────────────

/** The entry test or final exam a class names (TR-8). */
/** The time limit and the focus-loss limit are said before the trainee starts (the timer runs from the start). */
const classExamDto = z.object({ id: int, title: z.string(), status: z.enum(examStatuses.values), passMark: int, opensAt: timestamp, closesAt: timestamp, timeLimitMinutes: int, focusStrikes: int });
/** A trainee's result in one of them: taken (a submitted attempt), the counted score, passed, and 待阅卷. */
export const traineeExamDto = z.object({ taken: z.boolean(), score: z.number().nullable(), passed: z.boolean(), pending: z.boolean() });

export const trainingClassDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  year: int,
  title: z.string(),
  planLine: z.enum(traineeLines).nullable(),
  plan: z.string(),
  startsOn: day,
  endsOn: day,
  place: z.string().nullable(),
  minAttendance: int,
  evaluationItems: z.array(z.object({ key: z.string(), label: z.string() })),
  status: z.enum(trainingClassStatuses.values),
  finishedOn: day.nullable(),
  entryExam: classExamDto.nullable(),
  finalExam: classExamDto.nullable(),
  trainees: int,
  sessions: int,
  hours: z.number(),
});
export const trainingClassListDto = z.object({ items: z.array(trainingClassDto), canManage: z.boolean() });

export const trainingSessionDto = z.object({
  id: int,
  title: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  heldOn: day,
  lecturerName: z.string(),
  lecturerKind: z.enum(lecturerKinds.values),
  lecturerMemberId: int.nullable(),
  hours: z.number(),
  present: int,
  recorded: z.boolean(),
});

export const traineeDto = z.object({
  memberId: int,
  name: z.string(),
  orgName: z.string(),
  present: int,
  held: int,
  attendanceRate: int,
  evaluated: z.boolean(),
  completed: z.boolean().nullable(),
  outcomeReason: z.string().nullable(),
  certificateNo: z.string().nullable(),
  attendance: z.record(z.string(), z.enum(traineeAttendances.values)),
  entry: traineeExamDto.nullable(),
  final: traineeExamDto.nullable(),
});

export const trainingClassDetailDto = trainingClassDto.extend({
  sessionList: z.array(trainingSessionDto),
  traineeList: z.array(traineeDto),
  evaluation: z.object({ answered: int, items: z.array(z.object({ key: z.string(), label: z.string(), answers: int, average: z.number().nullable() })), comments: z.array(z.string()) }),
  canManage: z.boolean(),
});

export const myTrainingDto = z.object({
  items: z.array(
    trainingClassDto.extend({
      sessionList: z.array(trainingSessionDto.omit({ present: true, recorded: true }).extend({ mine: z.enum(traineeAttendances.values).nullable() })),
      attendanceRate: int,
      evaluated: z.boolean(),
      canEvaluate: z.boolean(),
      completed: z.boolean().nullable(),
      outcomeReason: z.string().nullable(),
      certificateNo: z.string().nullable(),
      entry: traineeExamDto.nullable(),
      final: traineeExamDto.nullable(),
    }),
  ),
});

export const certificateDto = z.object({ certificateNo: z.string(), memberName: z.string(), classTitle: z.string(), orgName: z.string(), startsOn: day, endsOn: day, hours: z.number(), finishedOn: day });

export const planCountsDto = z.object({
  year: int,
  orgId: int,
  orgName: z.string(),
  canConfigure: z.boolean(),
  lines: z.array(z.object({ line: z.enum(planLines.values), label: z.string(), target: int.nullable(), count: int, rate: int.nullable(), basis: z.string() })),
  classes: int,
  finished: int,
});
