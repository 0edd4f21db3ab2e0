import { describe, expect, it } from 'vitest';
import { parseQuestionText, type TextParagraph } from './question-text.rule.ts';

const lines = (text: string): TextParagraph[] => text.split('\n').map((t) => ({ text: t }));

describe('parseQuestionText (EX-23: a Word question paper into template rows)', () => {
  it('sections, numbering, options on one line or several, the key lines; title and instructions skipped', () => {
    const rows = parseQuestionText(
      lines(`2026年党章党规知识测试题库
说明：每题后注明答案。
一、单选题
1．党员的预备期为（ ）。
A．半年  B．一年  C．两年
答案：B
难度：易
标签：党章、发展党员
解析：党章第七条。
预备期从支部大会通过之日算起。
2、党支部党员大会一般每季度召开（ ）次。
A. 1
B. 2
答案：A
二、判断题
3. 党员应当按月交纳党费。
答案：正确
三、多选题
4．“三会一课”包括（ ）。
A．支部党员大会 B．支部委员会 C．党小组会 D．党课
答案：ABCD
难度：中`),
    );
    expect(rows).toEqual([
      { row: 1, type: '单选题', stem: '党员的预备期为（ ）。', optionA: '半年', optionB: '一年', optionC: '两年', answer: 'B', difficulty: '易', tags: '党章、发展党员', explanation: '党章第七条。\n预备期从支部大会通过之日算起。' },
      { row: 2, type: '单选题', stem: '党支部党员大会一般每季度召开（ ）次。', optionA: '1', optionB: '2', answer: 'A', difficulty: '中', tags: '', explanation: '' },
      { row: 3, type: '判断题', stem: '党员应当按月交纳党费。', answer: '正确', difficulty: '中', tags: '', explanation: '' },
      { row: 4, type: '多选题', stem: '“三会一课”包括（ ）。', optionA: '支部党员大会', optionB: '支部委员会', optionC: '党小组会', optionD: '党课', answer: 'ABCD', difficulty: '中', tags: '', explanation: '' },
    ]);
  });

  it.each([
    ['a marker in the stem wins over the section', '一、单选题\n1.【多选题】甲乙（ ）\nA.甲\nB.乙\n答案：AB', '多选题'],
    ['no marker, no section: letters → 单选', '1. 题（ ）\nA.甲\nB.乙\n答案：B', '单选题'],
    ['no marker, no section: several letters → 多选', '1. 题（ ）\nA.甲\nB.乙\n答案：A、B', '多选题'],
    ['no marker, no section: 对/错 → 判断', '1. 党员有表决权。\n答案：对', '判断题'],
    ['no marker, no section: a blank → 填空', '1. 党的最高领导机关是党的全国代表大会和它所产生的____。\n答案：中央委员会', '填空题'],
    ['no marker, no section, no blank → 简答', '1. 简述党员的八项义务。\n参考答案：略', '简答题'],
    ['（判断）in the stem', '1. （判断）党费可以由他人代缴。\n答案：错误', '判断题'],
  ])('%s', (_name, text, type) => {
    expect(parseQuestionText(lines(text))[0].type).toBe(type);
  });

  it('Word’s own numbering starts a question; a stem continues on the next line', () => {
    const rows = parseQuestionText([{ text: '党员的权利有哪些？', numbered: true }, { text: '请列举三项。' }, { text: '答案：略' }, { text: '第二题', numbered: true }, { text: '答案：对' }]);
    expect(rows.map((r) => [r.row, r.stem, r.answer])).toEqual([
      [1, '党员的权利有哪些？\n请列举三项。', '略'],
      [2, '第二题', '对'],
    ]);
  });

  it('a gap in the letters stays a gap for the row check to name; nothing before a question is a question', () => {
    const rows = parseQuestionText(lines('答案：A\n1. 题（ ）\nA.甲\nC.丙\n答案：A'));
    expect(rows).toHaveLength(1);
    expect([rows[0].optionA, rows[0].optionB, rows[0].optionC]).toEqual(['甲', '', '丙']);
  });
});
