import { z } from 'zod';
import { DAY_FORMAT_MESSAGE, dayDoesNotExist, isRealIsoDay } from './calendar-day.rule.ts';

// Chinese validation messages everywhere (zod's own zh-CN locale).
z.config(z.locales.zhCN());
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? '必填' : undefined),
});

/** A calendar day, `YYYY-MM-DD`: a wrong shape is a format error, 2019-02-30 「日期不存在：2019-02-30」. */
const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
export const isoDate = z
  .string()
  .regex(DAY_SHAPE, DAY_FORMAT_MESSAGE)
  // Only a well-formed day can be missing from the calendar: one message per mistake.
  .refine((s) => !DAY_SHAPE.test(s) || isRealIsoDay(s), { error: (issue) => dayDoesNotExist(String(issue.input)) });

const DATE_TIME_MESSAGE = '时间格式应为 ISO 8601（含时区）';

/** An instant with its offset (`2026-05-10T09:00:00+08:00`); a day the calendar lacks is named as such. */
export const isoDateTime = z.iso.datetime({
  offset: true,
  error: (issue) => {
    const day = /^(\d{4}-\d{2}-\d{2})T/.exec(String(issue.input))?.[1];
    return day && !isRealIsoDay(day) ? dayDoesNotExist(day) : DATE_TIME_MESSAGE;
  },
});

/**
 * Single-line text from a person: trimmed, bounded, no control characters and no angle brackets
 * (no field of ours needs markup; rich text has its own sanitised type). SQL in text is harmless
 * (every query is parameterised) and is stored as typed.
 */
/**
 * Characters no text of ours needs and some abuse: control characters (C0 but tab and line
 * breaks, DEL, C1), direction overrides and isolates (「报告‮xslx.exe」), zero-width and
 * invisible marks, line/paragraph separators, the byte-order mark, and lone UTF-16 surrogates
 * (which the database cannot store).
 */
export const UNSAFE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|\p{Surrogate}/u;
export const UNSAFE_TEXT_MESSAGE = '含有非法控制字符（或不可见、改变文字方向的字符）';

export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `不能超过${max}个字符`)
    .refine((s) => !UNSAFE_TEXT.test(s), UNSAFE_TEXT_MESSAGE)
    .refine((s) => !/[<>]/.test(s), '不能包含尖括号 < >');

/** A person's name: Chinese or Latin letters, the middle dot of minority names, spaces. */
export const personName = z
  .string()
  .trim()
  .min(1, '姓名不能为空')
  .max(50, '姓名不能超过50个字符')
  .regex(/^[\p{Script=Han}A-Za-z·• \u3000]+$/u, '姓名只能包含汉字、字母、间隔号');

/** An organisation or unit name: letters, digits and the punctuation official names use. */
export const orgName = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what}不能为空`)
    .max(100, `${what}不能超过100个字符`)
    .regex(/^[\p{Script=Han}A-Za-z0-9（）()·\-—、 \u3000]+$/u, `${what}只能包含汉字、字母、数字、括号、间隔号、连字符`);

/** A mobile number or an area code with a landline: members' phones and organisations' contact phones. */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '联系电话应为11位手机号或区号+固定电话');

/** An optional field a form may send as '' to clear it: blank is null, anything else must pass `schema`. */
export const blankAsNull = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable()).optional();

export const requiredText = (max: number, what: string) => text(max).pipe(z.string().min(1, `${what}不能为空`));

/** An id in a JSON body: a number, never a string. */
export const id = z.number().int().positive().max(2_147_483_647);
/** An id in a path or query string, where everything arrives as text. */
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const errorBody = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

export { z };
