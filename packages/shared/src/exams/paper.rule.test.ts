import { describe, expect, it } from 'vitest';
import { countedAttempt, drawPaper, drawShortfalls, DrawShortfall, scoreAnswer, seededShuffle, type DrawCandidate, type DrawRule } from './paper.rule.ts';
import { answerText, parseAnswerText, questionShapeIssues, type Difficulty, type QuestionType } from './question.contract.ts';

// A bank: 10 单选 (4 易, 4 中, 2 难), 6 多选 (3 中 tagged 党章, 3 难), 5 判断 易, 2 填空 中, 1 简答 难.
let next = 1;
const make = (n: number, type: QuestionType, difficulty: Difficulty, tags: string[] = []): DrawCandidate[] => Array.from({ length: n }, () => ({ id: next++, type, difficulty, tags }));
const BANK: DrawCandidate[] = [
  ...make(4, 'single', 'easy'),
  ...make(4, 'single', 'medium', ['党章']),
  ...make(2, 'single', 'hard'),
  ...make(3, 'multiple', 'medium', ['党章']),
  ...make(3, 'multiple', 'hard'),
  ...make(5, 'judge', 'easy'),
  ...make(2, 'fill', 'medium'),
  ...make(1, 'short', 'hard'),
];
const byId = new Map(BANK.map((q) => [q.id, q]));

describe('random paper draw (EX-4, EX-5)', () => {
  const cases: { name: string; rules: DrawRule[]; expected: Partial<Record<QuestionType, number>> }[] = [
    { name: 'one rule per type', rules: [{ type: 'single', count: 5, score: 2 }, { type: 'multiple', count: 2, score: 4 }, { type: 'judge', count: 5, score: 1 }, { type: 'fill', count: 2, score: 2 }, { type: 'short', count: 1, score: 10 }], expected: { single: 5, multiple: 2, judge: 5, fill: 2, short: 1 } },
    { name: 'by difficulty', rules: [{ type: 'single', difficulty: 'hard', count: 2, score: 3 }, { type: 'single', difficulty: 'easy', count: 3, score: 1 }], expected: { single: 5 } },
    { name: 'by tag', rules: [{ type: 'multiple', tag: '党章', count: 3, score: 4 }], expected: { multiple: 3 } },
    // The general rule first could take the only hard ones; the draw still meets both.
    { name: 'overlapping rules share the bank', rules: [{ type: 'single', count: 8, score: 1 }, { type: 'single', difficulty: 'hard', count: 2, score: 3 }], expected: { single: 10 } },
  ];
  it.each(cases)('$name: the right number of each type, distinct, matching their rule', ({ rules, expected }) => {
    const paper = drawPaper(rules, BANK, 42);
    const counts: Partial<Record<QuestionType, number>> = {};
    for (const d of paper) {
      const q = byId.get(d.questionId)!;
      counts[q.type] = (counts[q.type] ?? 0) + 1;
      const r = rules[d.rule];
      expect(q.type).toBe(r.type);
      if (r.difficulty) expect(q.difficulty).toBe(r.difficulty);
      if (r.tag) expect(q.tags).toContain(r.tag);
      expect(d.score).toBe(r.score);
    }
    expect(counts).toEqual(expected);
    expect(new Set(paper.map((d) => d.questionId)).size).toBe(paper.length);
  });

  it('is reproducible: the same seed gives the same paper, whatever the bank order; other seeds differ', () => {
    const rules: DrawRule[] = [{ type: 'single', count: 5, score: 2 }, { type: 'judge', count: 3, score: 1 }];
    const a = drawPaper(rules, BANK, 7);
    expect(drawPaper(rules, [...BANK].reverse(), 7)).toEqual(a);
    const others = [1, 2, 3, 4, 5].map((s) => JSON.stringify(drawPaper(rules, BANK, s)));
    expect(others.some((o) => o !== JSON.stringify(a))).toBe(true);
  });

  it.each([
    { rules: [{ type: 'single', difficulty: 'hard', count: 3, score: 2 }] as DrawRule[], message: '第1条规则（单选题·难）需要3道，题库中可用的只有2道' },
    { rules: [{ type: 'multiple', tag: '党章', count: 4, score: 2 }] as DrawRule[], message: '第1条规则（多选题·标签“党章”）需要4道，题库中可用的只有3道' },
    { rules: [{ type: 'single', count: 9, score: 1 }, { type: 'single', difficulty: 'hard', count: 2, score: 3 }] as DrawRule[], message: '第2条规则（单选题·难）需要2道，题库中可用的只有1道' },
  ])('refuses what the bank cannot meet, naming the shortfall: $message', ({ rules, message }) => {
    expect(drawShortfalls(rules, BANK)).toEqual([message]);
    expect(() => drawPaper(rules, BANK, 1)).toThrow(DrawShortfall);
    expect(() => drawPaper(rules, BANK, 1)).toThrow(message);
  });

  it('shuffles reproducibly and keeps every item', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(seededShuffle(items, 99)).toEqual(seededShuffle(items, 99));
    expect([...seededShuffle(items, 99)].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('scoring each question type (EX-6)', () => {
  it.each([
    { type: 'single', key: ['B'], given: ['B'], full: 2, score: 2 },
    { type: 'single', key: ['B'], given: ['C'], full: 2, score: 0 },
    { type: 'single', key: ['B'], given: [], full: 2, score: 0 },
    { type: 'multiple', key: ['A', 'C'], given: ['C', 'A'], full: 4, score: 4 },
    { type: 'multiple', key: ['A', 'C'], given: ['A'], full: 4, score: 0 },
    { type: 'multiple', key: ['A', 'C'], given: ['A', 'B', 'C'], full: 4, score: 0 },
    { type: 'multiple', key: ['A', 'C'], given: ['A'], full: 4, score: 2, partial: 'half' },
    { type: 'multiple', key: ['A', 'C'], given: ['A', 'B'], full: 4, score: 0, partial: 'half' },
    { type: 'judge', key: ['false'], given: ['false'], full: 1, score: 1 },
    { type: 'judge', key: ['false'], given: ['true'], full: 1, score: 0 },
    { type: 'fill', key: ['北京', '北京市'], given: [' 北京市 '], full: 2, score: 2 },
    { type: 'fill', key: ['CPC'], given: ['cpc'], full: 2, score: 2 },
    { type: 'fill', key: ['北京'], given: ['上海'], full: 2, score: 0 },
    { type: 'short', key: ['参考答案'], given: ['我的回答'], full: 10, score: null },
  ] as const)('$type key $key, answer $given → $score', ({ type, key, given, full, score, ...rest }) => {
    const partial = 'partial' in rest ? rest.partial : 'none';
    expect(scoreAnswer({ type, answer: [...key] }, [...given], full, partial).score).toBe(score);
  });
});

describe('which attempt counts (EX-7)', () => {
  const attempts = [
    { attemptNo: 1, score: 70 },
    { attemptNo: 2, score: 90 },
    { attemptNo: 3, score: 80 },
    { attemptNo: 4, score: null },
  ];
  it.each([
    { rule: 'best', attempts, counted: 2 },
    { rule: 'last', attempts, counted: 3 },
    { rule: 'best', attempts: [{ attemptNo: 1, score: 90 }, { attemptNo: 2, score: 90 }], counted: 1 },
    { rule: 'best', attempts: [{ attemptNo: 1, score: null }], counted: null },
  ] as const)('$rule of $attempts.length attempts → attempt $counted', ({ rule, attempts: list, counted }) => {
    expect(countedAttempt(list, rule)?.attemptNo ?? null).toBe(counted);
  });
});

describe('question shapes and answer cells (EX-2)', () => {
  it.each([
    { q: { type: 'single', options: ['甲', '乙', '丙'], answer: ['B'] }, issues: [] },
    { q: { type: 'single', options: ['甲', '乙'], answer: ['A', 'B'] }, issues: ['单选题只能有1个正确答案'] },
    { q: { type: 'single', options: ['甲', '乙'], answer: ['C'] }, issues: ['答案应为选项字母（A–B），“C”不是'] },
    { q: { type: 'multiple', options: ['甲', '乙', '丙'], answer: ['A'] }, issues: ['多选题至少有2个正确答案'] },
    { q: { type: 'multiple', options: ['甲'], answer: ['A'] }, issues: ['多选题至少需要2个选项', '多选题至少有2个正确答案'] },
    { q: { type: 'judge', options: [], answer: ['maybe'] }, issues: ['判断题答案应为“正确”或“错误”'] },
    { q: { type: 'fill', options: ['甲'], answer: ['x'] }, issues: ['填空题没有选项'] },
  ] as const)('$q.type $q.answer → $issues', ({ q, issues }) => {
    expect(questionShapeIssues({ type: q.type, options: [...q.options], answer: [...q.answer] }).map((i) => i.message)).toEqual(issues);
  });

  it.each([
    { type: 'judge', cell: '对', key: ['true'] },
    { type: 'judge', cell: '×', key: ['false'] },
    { type: 'multiple', cell: 'a, c', key: ['A', 'C'] },
    { type: 'fill', cell: '北京|北京市', key: ['北京', '北京市'] },
  ] as const)('answer cell “$cell” of a $type → $key, and back', ({ type, cell, key }) => {
    expect(parseAnswerText(type, cell)).toEqual(key);
    expect(parseAnswerText(type, answerText(type, [...key]))).toEqual(key);
  });
});
