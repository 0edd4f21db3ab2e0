import { isoDate, requiredText, z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';

// Inputs and answers of /api/supervision/settings and /api/work-calendar (督查设置).

const wholeNumber = (what: string, min: number, max: number) =>
  z.number({ error: `${what}应为整数` }).int(`${what}应为整数`).min(min, `${what}不能小于${min}`).max(max, `${what}不能大于${max}`);

/** LT-1: the light thresholds (docs/RULES.md §9.1). */
export const lightThresholdsInput = z
  .object({
    blueDays: wholeNumber('蓝灯提前天数', 0, 365),
    yellowGap: wholeNumber('黄灯滞后百分点', 0, 100),
    redGap: wholeNumber('红灯滞后百分点', 0, 100),
    idleRedDays: wholeNumber('未启动亮红灯天数', 0, 365),
  })
  .strict()
  .refine((t) => t.yellowGap < t.redGap, { error: '黄灯滞后百分点应小于红灯滞后百分点', path: ['yellowGap'] });

/** ES-1: one step of the escalation ladder. */
export const ladderStepInput = z
  .object({
    key: z.string().regex(/^[a-z_]{1,40}$/, '步骤编号只能包含小写字母和下划线'),
    label: requiredText(20, '步骤名称').refine((s) => s === '' || /\p{Script=Han}/u.test(s), '步骤名称应为中文'),
    offset: wholeNumber('相对截止日期的天数', -365, 365),
    unit: z.enum(['workday', 'day'], { error: '计算单位应为工作日或自然日' }),
  })
  .strict();

export const ladderInput = z
  .array(ladderStepInput)
  .min(1, '督办阶梯至少需要1个步骤')
  .max(8, '督办阶梯最多8个步骤')
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((s, i) => {
      if (seen.has(s.key)) ctx.addIssue({ code: 'custom', message: `步骤编号重复：${s.key}`, path: [i, 'key'] });
      seen.add(s.key);
      if (i > 0 && s.offset <= steps[i - 1].offset) ctx.addIssue({ code: 'custom', message: '各步骤的天数应逐步递增', path: [i, 'offset'] });
    });
  });

/** POST /api/supervision/settings: a new version, in force from effectiveFrom (default: today, Beijing). */
export const supervisionSettingsInput = z
  .object({
    effectiveFrom: isoDate.optional(),
    thresholds: lightThresholdsInput,
    ladder: ladderInput,
  })
  .strict();
export type SupervisionSettingsInput = z.infer<typeof supervisionSettingsInput>;

/** PUT /api/work-calendar/:day: the day is a 调休 working day (true) or a holiday (false). */
export const workCalendarDayInput = z
  .object({
    workday: z.boolean(),
    note: requiredText(50, '说明'),
  })
  .strict();
export type WorkCalendarDayInput = z.infer<typeof workCalendarDayInput>;

// Answers.

export const lightThresholdsDto = z.object({ blueDays: int, yellowGap: int, redGap: int, idleRedDays: int });
export const ladderStepDto = z.object({ key: z.string(), label: z.string(), offset: int, unit: z.enum(['workday', 'day']) });

/** One version of the settings; version null: nothing saved yet, the defaults apply. */
export const supervisionSettingsVersionDto = z.object({
  version: int.nullable(),
  effectiveFrom: day.nullable(),
  thresholds: lightThresholdsDto,
  ladder: z.array(ladderStepDto),
  createdAt: timestamp.nullable(),
  createdBy: z.string().nullable(),
});

/** GET/POST /api/supervision/settings: the version in force today, those scheduled, and every version saved (newest first). */
export const supervisionSettingsDto = z.object({
  current: supervisionSettingsVersionDto,
  history: z.array(supervisionSettingsVersionDto),
  defaults: z.object({ thresholds: lightThresholdsDto, ladder: z.array(ladderStepDto) }),
  canConfigure: z.boolean(),
});

export const workCalendarDayDto = z.object({
  day,
  workday: z.boolean(),
  note: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: timestamp.nullable(),
});

/** GET /api/work-calendar?year=: the year's exception days (holidays and 调休 working days), in order. */
export const workCalendarDto = z.object({
  year: int,
  days: z.array(workCalendarDayDto),
  canConfigure: z.boolean(),
});
