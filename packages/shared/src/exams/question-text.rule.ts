/**
 * 题库 from a Word document (EX-23): the way question papers are usually typed — numbered questions,
 * lettered options, then 答案 / 难度 / 标签 / 解析 lines — read into the same rows as the Excel template,
 * so one check (the API's own contract) decides both. Pure: paragraphs in, rows out.
 *
 *   一、单选题
 *   1．党员的预备期为（ ）。
 *   A．半年  B．一年  C．两年
 *   答案：B
 *   难度：易
 *   解析：党章第七条。
 *
 * A question's type comes from a marker in its stem (【多选题】, （判断）…), else from the section
 * heading above it (一、单选题), else from its answer (letters: 单选/多选; 正确/错误: 判断; otherwise 填空
 * when the stem has a blank, else 简答). 难度 defaults to 中.
 */

/** A paragraph of the document: its text, and whether Word numbered it itself (automatic numbering). */
export type TextParagraph = { text: string; numbered?: boolean };

/** One question as a template row: the Excel columns by key, `row` its place in the document (第N题). */
export type TextQuestionRow = { row: number; type?: string; stem?: string; answer?: string; difficulty?: string; tags?: string; explanation?: string } & Partial<Record<`option${'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H'}`, string>>;

const TYPE_WORDS: Record<string, string> = { 单选: '单选题', 单项选择: '单选题', 多选: '多选题', 多项选择: '多选题', 判断: '判断题', 填空: '填空题', 简答: '简答题', 问答: '简答题' };
const TYPE_PATTERN = '(单项选择|多项选择|单选|多选|判断|填空|简答|问答)题?';
const SECTION = new RegExp(`^[一二三四五六七八九十]+\\s*[、.．]\\s*${TYPE_PATTERN}`);
const MARKER = new RegExp(`[【\\[（(]\\s*${TYPE_PATTERN}\\s*[】\\]）)]`);
const QUESTION = /^(\d{1,4})\s*[.．、)）]\s*(.*)$/;
const OPTION = /^([A-H])\s*[.．、)）:：]\s*(.*)$/;
const NEXT_OPTION = /\s+(?=[B-H]\s*[.．、)）]\s*\S)/;
const KEY = /^(答案|正确答案|参考答案|难度|标签|知识点|解析|答案解析)\s*[:：]\s*(.*)$/;
const BLANK = /_{2,}|（\s*）|\(\s*\)/;

type Draft = { row: number; section?: string; marker?: string; stem: string; options: string[]; answer?: string; difficulty?: string; tags?: string; explanation?: string; last: 'stem' | 'option' | 'explanation' | 'other' };

function inferType(d: Draft): string {
  if (d.marker) return d.marker;
  if (d.section) return d.section;
  const a = (d.answer ?? '').replace(/[\s,，、]/g, '');
  if (d.options.length && /^[A-H]+$/i.test(a)) return a.length > 1 ? '多选题' : '单选题';
  if (/^(正确|错误|对|错|√|×|是|否)$/.test(a)) return '判断题';
  return BLANK.test(d.stem) ? '填空题' : '简答题';
}

function toRow(d: Draft): TextQuestionRow {
  const row: TextQuestionRow = { row: d.row, type: inferType(d), stem: d.stem.trim(), answer: d.answer?.trim() ?? '', difficulty: d.difficulty?.trim() || '中', tags: d.tags?.trim() ?? '', explanation: d.explanation?.trim() ?? '' };
  d.options.forEach((o, i) => {
    row[`option${'ABCDEFGH'[i] as 'A'}`] = o.trim();
  });
  return row;
}

/** The document's questions, in order; text before the first question (the title, instructions) is skipped. */
export function parseQuestionText(paragraphs: TextParagraph[]): TextQuestionRow[] {
  const out: TextQuestionRow[] = [];
  let section: string | undefined;
  let q: Draft | null = null;
  const close = () => {
    if (q) out.push(toRow(q));
    q = null;
  };
  for (const p of paragraphs) {
    const text = p.text.replace(/\u3000/g, ' ').trim();
    if (!text) continue;
    const sec = SECTION.exec(text);
    if (sec && !QUESTION.test(text)) {
      close();
      section = TYPE_WORDS[sec[1]];
      continue;
    }
    const key = KEY.exec(text);
    const option = OPTION.exec(text);
    const numbered = QUESTION.exec(text);
    if (numbered || (p.numbered && !key && !option)) {
      close();
      const stem = numbered ? numbered[2] : text;
      const marker = MARKER.exec(stem);
      q = { row: out.length + 1, section, marker: marker ? TYPE_WORDS[marker[1]] : undefined, stem: stem.replace(MARKER, '').trim(), options: [], last: 'stem' };
      continue;
    }
    if (!q) continue;
    const d: Draft = q;
    if (key) {
      const [, name, value] = key;
      if (name === '难度') d.difficulty = value;
      else if (name === '标签' || name === '知识点') d.tags = value;
      else if (name === '解析' || name === '答案解析') d.explanation = value;
      else d.answer = value;
      d.last = name.includes('解析') ? 'explanation' : 'other';
      continue;
    }
    if (option) {
      // 「A．半年  B．一年  C．两年」: several options on one line.
      for (const part of text.split(NEXT_OPTION)) {
        const o = OPTION.exec(part.trim());
        if (o) d.options['ABCDEFGH'.indexOf(o[1])] = o[2];
      }
      d.last = 'option';
      continue;
    }
    // A line that continues what came before it.
    if (d.last === 'stem') d.stem += `\n${text}`;
    else if (d.last === 'explanation') d.explanation = `${d.explanation ?? ''}\n${text}`;
    else if (d.last === 'option' && d.options.length) d.options[d.options.length - 1] += text;
  }
  close();
  // A gap in the letters (A, C without B) stays a gap: the row check names it.
  for (const r of out) for (const l of 'ABCDEFGH') if (r[`option${l as 'A'}`] === undefined && 'ABCDEFGH'.slice('ABCDEFGH'.indexOf(l)).split('').some((m) => r[`option${m as 'A'}`] !== undefined)) r[`option${l as 'A'}`] = '';
  return out;
}
