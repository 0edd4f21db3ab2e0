import { defineOptions } from '../common/options.ts';
import { id, idParam, pageQuery, requiredText, text, z } from '../common/zod.ts';
import { int, pageOf, timestamp } from '../common/responses.ts';

/**
 * 考试 (issue 12 item 3): the question bank (题库). A question belongs to an organisation's bank
 * (the committee's is the root's, seen by every organiser); its answer key is an array of strings
 * whose meaning depends on the type (EX-2):
 * - 单选题 `single`: the one correct letter, ['B'];
 * - 多选题 `multiple`: the correct letters, at least two, ['A', 'C'];
 * - 判断题 `judge`: ['true'] or ['false'];
 * - 填空题 `fill`: the accepted answers of its one blank, any of which scores, ['北京', '北京市'];
 * - 简答题 `short`: the reference answer shown to the marker, [text] — marked by hand.
 * Terms in docs/GLOSSARY.md, rules EX-1 … in docs/RULES.md §'考试'.
 */
export const questionTypes = defineOptions({ single: '单选题', multiple: '多选题', judge: '判断题', fill: '填空题', short: '简答题' });
export type QuestionType = (typeof questionTypes.values)[number];
export const difficulties = defineOptions({ easy: '易', medium: '中', hard: '难' });
export type Difficulty = (typeof difficulties.values)[number];

/** Option letters: A … H (EX-2: 2–8 options for a choice question). */
export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export const MAX_OPTIONS = OPTION_LETTERS.length;
export const MAX_TAGS = 10;
export const isChoice = (t: QuestionType) => t === 'single' || t === 'multiple';
/** Objective questions are scored by the server; a short answer waits for a marker (EX-3). */
export const isObjective = (t: QuestionType) => t !== 'short';

const tag = text(20).pipe(z.string().min(1, '标签不能为空'));

export const questionInput = z
  .object({
    orgId: id,
    type: z.enum(questionTypes.values),
    stem: requiredText(2000, '题干'),
    options: z.array(requiredText(500, '选项')).max(MAX_OPTIONS, `选项不能超过${MAX_OPTIONS}个`).default([]),
    answer: z.array(requiredText(2000, '答案')).min(1, '答案不能为空').max(10, '答案不能超过10个'),
    tags: z.array(tag).max(MAX_TAGS, `标签不能超过${MAX_TAGS}个`).default([]),
    difficulty: z.enum(difficulties.values),
    explanation: text(2000).nullish(),
  })
  .strict()
  .superRefine((q, ctx) => {
    for (const issue of questionShapeIssues(q)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });
export type QuestionInput = z.infer<typeof questionInput>;

/**
 * EX-2: what each type needs of its options and answer key. Pure, so the form, the API and the
 * Excel import give the same messages.
 */
export function questionShapeIssues(q: { type: QuestionType; options: string[]; answer: string[] }): { field: 'options' | 'answer'; message: string }[] {
  const out: { field: 'options' | 'answer'; message: string }[] = [];
  if (isChoice(q.type)) {
    if (q.options.length < 2) out.push({ field: 'options', message: `${questionTypes.label(q.type)}至少需要2个选项` });
    if (new Set(q.options).size !== q.options.length) out.push({ field: 'options', message: '选项内容不能重复' });
    const letters = OPTION_LETTERS.slice(0, q.options.length) as readonly string[];
    const bad = q.answer.filter((a) => !letters.includes(a));
    if (bad.length) out.push({ field: 'answer', message: `答案应为选项字母（${letters[0] ?? 'A'}–${letters[letters.length - 1] ?? 'B'}），“${bad.join('、')}”不是` });
    else if (new Set(q.answer).size !== q.answer.length) out.push({ field: 'answer', message: '答案字母不能重复' });
    else if (q.type === 'single' && q.answer.length !== 1) out.push({ field: 'answer', message: '单选题只能有1个正确答案' });
    else if (q.type === 'multiple' && q.answer.length < 2) out.push({ field: 'answer', message: '多选题至少有2个正确答案' });
  } else {
    if (q.options.length) out.push({ field: 'options', message: `${questionTypes.label(q.type)}没有选项` });
    if (q.type === 'judge' && (q.answer.length !== 1 || !['true', 'false'].includes(q.answer[0]))) out.push({ field: 'answer', message: '判断题答案应为“正确”或“错误”' });
    if (q.type === 'short' && q.answer.length !== 1) out.push({ field: 'answer', message: '简答题填写1条参考答案' });
  }
  return out;
}

export const questionListQuery = z
  .object({
    ...pageQuery,
    type: z.enum(questionTypes.values).optional(),
    difficulty: z.enum(difficulties.values).optional(),
    tag: text(20).optional(),
    q: text(50).optional(),
    orgId: idParam.optional(),
  })
  .strict();
export type QuestionListQuery = z.infer<typeof questionListQuery>;

export const questionDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  type: z.enum(questionTypes.values),
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.array(z.string()),
  tags: z.array(z.string()),
  difficulty: z.enum(difficulties.values),
  explanation: z.string().nullable(),
  /** The caller may edit or archive it (its organisation is in the caller's subtree). */
  canEdit: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const questionListDto = pageOf(questionDto).extend({
  /** The organisations whose banks the caller may write to (create, import). */
  writableOrgs: z.array(z.object({ id: int, name: z.string() })),
});

export const questionImportQuery = z.object({ orgId: idParam }).strict();
export const questionExportQuery = questionListQuery.omit({ page: true, pageSize: true });
export type QuestionExportQuery = z.infer<typeof questionExportQuery>;

/** How the answer key is written in the sheet and shown to people (EX-2). */
export function answerText(type: QuestionType, answer: string[]): string {
  if (type === 'judge') return answer[0] === 'true' ? '正确' : '错误';
  if (type === 'fill') return answer.join('|');
  if (type === 'short') return answer[0] ?? '';
  return answer.join('');
}

/** The sheet's answer cell back to the key; judge accepts 正确/错误/对/错/√/×. */
export function parseAnswerText(type: QuestionType, cell: string): string[] {
  const s = cell.trim();
  if (!s) return [];
  if (type === 'judge') {
    if (['正确', '对', '√', '是', 'T', 'true', 'TRUE'].includes(s)) return ['true'];
    if (['错误', '错', '×', 'x', 'X', '否', 'F', 'false', 'FALSE'].includes(s)) return ['false'];
    return [s];
  }
  if (type === 'fill') return s.split(/[|｜]/).map((x) => x.trim()).filter(Boolean);
  if (type === 'short') return [s];
  return s.toUpperCase().replace(/[\s,，、]/g, '').split('');
}
