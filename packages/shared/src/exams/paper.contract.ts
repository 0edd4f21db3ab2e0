import { defineOptions } from '../common/options.ts';
import { id, pageQuery, requiredText, text, z } from '../common/zod.ts';
import { int, pageOf, timestamp } from '../common/responses.ts';
import { difficulties, questionTypes } from './question.contract.ts';

/**
 * 试卷 (papers, EX-4 … EX-6): fixed — the questions with a score each, in order — or random —
 * draw rules (type × optional difficulty × optional tag × count × score each) met from the bank of
 * the paper's organisation (its subtree's questions and the committee's) when an attempt starts.
 */
export const paperKinds = defineOptions({ fixed: '固定试卷', random: '随机抽题' });
export type PaperKind = (typeof paperKinds.values)[number];
export const partialCredits = defineOptions({ none: '少选不得分', half: '少选得一半分' });

export const MAX_PAPER_QUESTIONS = 200;
const score = z.number().int('分值应为整数').min(1, '分值至少为1分').max(100, '分值不能超过100分');

export const drawRuleInput = z
  .object({
    type: z.enum(questionTypes.values),
    difficulty: z.enum(difficulties.values).nullish(),
    tag: text(20).nullish(),
    count: z.number().int().min(1, '题量至少为1').max(MAX_PAPER_QUESTIONS, `题量不能超过${MAX_PAPER_QUESTIONS}`),
    score,
  })
  .strict();

export const paperInput = z
  .object({
    orgId: id,
    title: requiredText(100, '试卷名称'),
    kind: z.enum(paperKinds.values),
    partialCredit: z.enum(partialCredits.values).default('none'),
    /** fixed: the questions in order, each with its score. */
    questions: z.array(z.object({ questionId: id, score }).strict()).max(MAX_PAPER_QUESTIONS, `试题不能超过${MAX_PAPER_QUESTIONS}道`).default([]),
    /** random: the draw rules. */
    rules: z.array(drawRuleInput).max(20, '抽题规则不能超过20条').default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind === 'fixed') {
      if (!p.questions.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: '固定试卷至少选择1道试题' });
      if (p.rules.length) ctx.addIssue({ code: 'custom', path: ['rules'], message: '固定试卷没有抽题规则' });
      if (new Set(p.questions.map((q) => q.questionId)).size !== p.questions.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: '同一道试题不能重复选入' });
    } else {
      if (!p.rules.length) ctx.addIssue({ code: 'custom', path: ['rules'], message: '随机试卷至少需要1条抽题规则' });
      if (p.questions.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: '随机试卷不能指定试题' });
      if (p.rules.reduce((n, r) => n + r.count, 0) > MAX_PAPER_QUESTIONS) ctx.addIssue({ code: 'custom', path: ['rules'], message: `总题量不能超过${MAX_PAPER_QUESTIONS}道` });
    }
  });
export type PaperInput = z.infer<typeof paperInput>;

export const paperListQuery = z.object({ ...pageQuery, q: text(50).optional() }).strict();
export type PaperListQuery = z.infer<typeof paperListQuery>;
export const paperPreviewQuery = z.object({ seed: z.coerce.number().int().min(0).max(4_294_967_295).optional() }).strict();

const ruleDto = z.object({ type: z.enum(questionTypes.values), difficulty: z.enum(difficulties.values).nullable(), tag: z.string().nullable(), count: int, score: int });
export const paperDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  title: z.string(),
  kind: z.enum(paperKinds.values),
  partialCredit: z.enum(partialCredits.values),
  totalScore: int,
  questionCount: int,
  rules: z.array(ruleDto),
  canEdit: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const paperListDto = pageOf(paperDto);

/** A question of a paper as its organiser sees it (key included: organisers only). */
export const paperQuestionDto = z.object({
  questionId: int,
  score: int,
  type: z.enum(questionTypes.values),
  difficulty: z.enum(difficulties.values),
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.array(z.string()),
});
export const paperDetailDto = paperDto.extend({ questions: z.array(paperQuestionDto) });
/** One draw of a random paper (or a fixed paper's questions): what a person with this seed would get. */
export const paperPreviewDto = z.object({ seed: int, totalScore: int, questions: z.array(paperQuestionDto) });
