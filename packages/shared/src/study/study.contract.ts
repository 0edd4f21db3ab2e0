import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { activityTypes, richText } from '../activities/activity.contract.ts';
import { DEFAULT_ACTIVITY_HOURS, DEFAULT_TARGETS } from './study-hours.rule.ts';
import { blankAsNull, id, idParam, pageQuery, requiredText, text, z } from '../common/zod.ts';
import { int, pageOf, timestamp } from '../common/responses.ts';

/**
 * 学习 (issue 12 items 1, 2, 6): study topics (专题) published by the committee or an organisation to
 * its subtree, with materials (article, document, video, audio), each crediting 学时 once it is
 * verifiably studied. Terms in docs/GLOSSARY.md, rules SH-1 … in docs/RULES.md §学习与学时.
 */
export const topicStatuses = defineOptions({ draft: '草稿', published: '已发布', withdrawn: '已撤回' });
export type TopicStatus = (typeof topicStatuses.values)[number];

/** SH-1: a topic is drafted, published to its organisation's subtree, and may be withdrawn (and published again). */
export const topicMachine = defineStateMachine({
  entity: '学习专题',
  stateLabel: (s: TopicStatus) => topicStatuses.label(s),
  transitions: {
    edit: { from: ['draft', 'published'], to: null, label: '修改' },
    publish: { from: ['draft', 'withdrawn'], to: 'published', label: '发布' },
    withdraw: { from: ['published'], to: 'withdrawn', label: '撤回' },
  },
});

export const materialKinds = defineOptions({ article: '文章', document: '文件', video: '视频', audio: '音频' });
export type MaterialKind = (typeof materialKinds.values)[number];

/** SH-2 (L): credited 学时 per material between 0.1 and 8, in steps of 0.1; minimum time 0 – 4 hours. */
export const MAX_MATERIAL_HOURS = 8;
export const MAX_MIN_SECONDS = 4 * 3600;

const httpsUrl = z
  .string()
  .trim()
  .max(1000, '链接不能超过1000个字符')
  .regex(/^https:\/\/[^\s<>"']+$/, '链接须以 https:// 开头');

export const checkQuestionSchema = z
  .object({
    prompt: requiredText(300, '检测题题干'),
    options: z.array(requiredText(200, '选项')).min(2, '检测题至少两个选项').max(6, '检测题至多六个选项'),
    answer: z.number().int().min(0),
  })
  .strict()
  .refine((q) => q.answer < q.options.length, { message: '正确答案须是其中一个选项', path: ['answer'] });
export type CheckQuestion = z.infer<typeof checkQuestionSchema>;

export const topicInput = z
  .object({
    orgId: id,
    title: requiredText(100, '专题名称'),
    description: text(2000).default(''),
    coverText: text(200).default(''),
  })
  .strict();
export type TopicInput = z.infer<typeof topicInput>;

export const materialInput = z
  .object({
    kind: z.enum(materialKinds.values),
    title: requiredText(200, '资料标题'),
    /** An article's rich text (sanitised by the server); for other kinds a short note. */
    body: richText.default(''),
    /** A document, video or audio given as a link (https); or uploaded as a file afterwards. */
    url: blankAsNull(httpsUrl),
    creditHours: z.number().min(0.1, '学时不少于0.1').max(MAX_MATERIAL_HOURS, `学时不超过${MAX_MATERIAL_HOURS}`).multipleOf(0.1, '学时精确到0.1'),
    minSeconds: z.number().int().min(0, '最少学习时间不能为负').max(MAX_MIN_SECONDS, '最少学习时间不超过4小时'),
    question: checkQuestionSchema.nullable().default(null),
  })
  .strict()
  .refine((m) => m.kind !== 'article' || m.body.trim().length > 0, { message: '文章须有正文', path: ['body'] });
export type MaterialInput = z.infer<typeof materialInput>;

export const topicListQuery = z
  .object({
    status: z.enum(topicStatuses.values).optional(),
    orgId: idParam.optional(),
    q: text(50).optional(),
    ...pageQuery,
  })
  .strict();
export type TopicListQuery = z.infer<typeof topicListQuery>;

export const materialDto = z.object({
  id: int,
  topicId: int,
  kind: z.enum(materialKinds.values),
  title: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  creditHours: z.number(),
  minSeconds: int,
  /** Managers see the answer; a member's reader never does. */
  question: z.object({ prompt: z.string(), options: z.array(z.string()), answer: int.nullable() }).nullable(),
  position: int,
});
export type MaterialDto = z.infer<typeof materialDto>;

export const topicDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  title: z.string(),
  description: z.string(),
  coverText: z.string(),
  status: z.enum(topicStatuses.values),
  publishedAt: timestamp.nullable(),
  materialCount: int,
  creditHours: z.number(),
  createdAt: timestamp,
});
export const topicListDto = pageOf(topicDto).extend({ canManage: z.boolean() });
export const topicDetailDto = topicDto.extend({ materials: z.array(materialDto), canManage: z.boolean() });
export type TopicDto = z.infer<typeof topicDto>;

// ── Verified study (slice 2) ────────────────────────────────────────────────────────────────────

export const sessionStatuses = defineOptions({ open: '学习中', completed: '已完成', failed: '检测未通过' });
export type SessionStatus = (typeof sessionStatuses.values)[number];

/**
 * SH-5: a study session. Opened by the server when the member opens a material; heartbeats add
 * visible time; completion needs the time and the right answer. A wrong answer ends the session
 * (the member studies again: guessing costs the minimum time each try).
 */
export const sessionMachine = defineStateMachine({
  entity: '学习记录',
  stateLabel: (s: SessionStatus) => sessionStatuses.label(s),
  transitions: {
    beat: { from: ['open'], to: null, label: '计时' },
    complete: { from: ['open'], to: 'completed', label: '完成学习' },
    fail: { from: ['open'], to: 'failed', label: '完成学习' },
  },
});

/** SH-6 (L): the phone sends a heartbeat every 15 s while the page is visible; a gap counts at most 30 s. */
export const HEARTBEAT_SECONDS = 15;
export const MAX_BEAT_GAP_SECONDS = 30;

/** The visible seconds a heartbeat adds: the time since the last one, at most the bound (a pure rule, tested). */
export function beatCredit(lastBeatAt: Date, now: Date, visible: boolean): number {
  if (!visible) return 0;
  const gap = Math.floor((now.getTime() - lastBeatAt.getTime()) / 1000);
  return Math.max(0, Math.min(gap, MAX_BEAT_GAP_SECONDS));
}

export const beatInput = z.object({ visible: z.boolean() }).strict();
export const completeInput = z.object({ answer: z.number().int().min(0).max(5).nullable().default(null) }).strict();

export const studySessionDto = z.object({
  id: int,
  materialId: int,
  status: z.enum(sessionStatuses.values),
  visibleSeconds: int,
  minSeconds: int,
  creditedHours: z.number().nullable(),
  message: z.string().nullable(),
});

export const myMaterialDto = materialDto.extend({ done: z.boolean(), creditedHours: z.number().nullable() });
export const myTopicDto = z.object({
  id: int,
  orgName: z.string(),
  title: z.string(),
  description: z.string(),
  coverText: z.string(),
  publishedAt: timestamp.nullable(),
  materialCount: int,
  doneCount: int,
  creditHours: z.number(),
  earnedHours: z.number(),
});
export const myTopicListDto = z.object({ items: z.array(myTopicDto), onlineHoursThisYear: z.number(), onlineHoursToday: z.number(), dailyCap: z.number() });
export const myTopicDetailDto = myTopicDto.extend({ materials: z.array(myMaterialDto) });

// ── Settings (study.configure) ──────────────────────────────────────────────────────────────────

/** SH-8 (L): at most this many online 学时 are credited per member per Beijing day. */
export const DEFAULT_DAILY_ONLINE_CAP = 4;

export const studySettingsSchema = z
  .object({
    dailyOnlineCap: z.number().min(0.5, '每日线上学时上限不少于0.5').max(24, '每日线上学时上限不超过24').multipleOf(0.5, '每日上限精确到0.5'),
    /** SH-9: targets per year (a year not listed uses JY-7/JY-9's 32 and 56). */
    targets: z.record(z.string().regex(/^20\d\d$/, '年度格式有误'), z.object({ member: z.number().min(0).max(500), cadre: z.number().min(0).max(500) }).strict()).default({}),
    /** SH-10: 学时 of one attended meeting per activity type (types not listed do not count). */
    activityHours: z.partialRecord(z.enum(activityTypes.values), z.number().min(0).max(24)).default({ ...DEFAULT_ACTIVITY_HOURS }),
  })
  .strict();
export type StudySettings = z.infer<typeof studySettingsSchema>;
export const DEFAULT_STUDY_SETTINGS: StudySettings = { dailyOnlineCap: DEFAULT_DAILY_ONLINE_CAP, targets: {}, activityHours: { ...DEFAULT_ACTIVITY_HOURS } };
export const targetsFor = (s: StudySettings, year: number) => s.targets[String(year)] ?? { ...DEFAULT_TARGETS };
/** The settings as answered: lists, not records, so the response schema names every key. */
export const studySettingsDto = z.object({
  dailyOnlineCap: z.number(),
  targets: z.array(z.object({ year: int, member: z.number(), cadre: z.number() })),
  activityHours: z.array(z.object({ type: z.enum(activityTypes.values), hours: z.number() })),
});
export function studySettingsToDto(s: StudySettings): z.infer<typeof studySettingsDto> {
  return {
    dailyOnlineCap: s.dailyOnlineCap,
    targets: Object.entries(s.targets).map(([year, t]) => ({ year: Number(year), member: t.member, cadre: t.cadre })).sort((a, b) => a.year - b.year),
    activityHours: activityTypes.values.filter((t) => (s.activityHours[t] ?? 0) > 0).map((t) => ({ type: t, hours: s.activityHours[t]! })),
  };
}

// ── 学时 (slice 3) ─────────────────────────────────────────────────────────────────────────────

export const studyHoursQuery = z
  .object({
    orgId: idParam,
    year: z.coerce.number().int().min(2000).max(2100),
    standing: z.enum(['on_track', 'behind']).optional(),
    name: text(50).optional(),
    ...pageQuery,
  })
  .strict();
export type StudyHoursQuery = z.infer<typeof studyHoursQuery>;

const rateDto = z.object({ members: int, onTrack: int, rate: z.number().nullable() });
export const studyHoursDto = z.object({
  orgId: int,
  orgName: z.string(),
  year: int,
  targets: z.object({ member: z.number(), cadre: z.number() }),
  summary: rateDto,
  children: z.array(rateDto.extend({ orgId: int, orgName: z.string() })),
  items: z.array(z.object({ memberId: int, name: z.string(), orgName: z.string(), cadre: z.boolean(), hours: z.number(), target: z.number(), onTrack: z.boolean() })),
  total: int,
  page: int,
  pageSize: int,
});

export const studyLineDto = z.object({ day: z.string(), hours: z.number(), source: z.enum(['online', 'activity', 'training']), refId: int, title: z.string() });
export const memberStudyHoursDto = z.object({
  memberId: int,
  name: z.string(),
  year: int,
  cadre: z.boolean(),
  hours: z.number(),
  target: z.number(),
  onTrack: z.boolean(),
  lines: z.array(studyLineDto),
});
