import ExcelJS from 'exceljs';
import {
  answerText,
  difficulties,
  OPTION_LETTERS,
  parseAnswerText,
  parseQuestionText,
  questionInput,
  questionTypes,
  type Difficulty,
  type QuestionExportQuery,
  type QuestionInput,
  type QuestionType,
} from '@xianfeng/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { examManageScope } from '../../access/exam-policy.ts';
import { validation } from '../../http/errors.ts';
import { readRowsByHeader } from '../../http/xlsx.ts';
import { docxParagraphs } from '../../lib/docx-text.ts';
import type { XlsxLimits } from '../../lib/xlsx-guard.ts';
import { addInstructions } from '../../lib/excel-cells.ts';
import { audit } from '../audit/index.ts';
import * as repo from './questions.repository.ts';
import { bankOrg, columnsOf } from './questions.service.ts';

// 题库 in Excel (EX-8): one row per question. The import checks every row against the API's own
// contract (questionInput) and writes nothing unless every row is right; each bad cell is reported
// with its row number, column and a Chinese reason.

/** A bank file is at most a few thousand questions. */
export const QUESTION_MAX_ROWS = 5000;
const QUESTION_LIMITS: XlsxLimits = { maxUncompressedBytes: 40 * 1024 * 1024, maxRows: QUESTION_MAX_ROWS + 1 };

const OPTION_COLUMNS = OPTION_LETTERS.map((l) => ({ header: `选项${l}`, key: `option${l}` as const, width: 16 }));
const COLUMNS = [
  { header: '题型*', key: 'type', width: 8 },
  { header: '题干*', key: 'stem', width: 50 },
  ...OPTION_COLUMNS,
  { header: '答案*', key: 'answer', width: 14 },
  { header: '难度*', key: 'difficulty', width: 6 },
  { header: '标签', key: 'tags', width: 16 },
  { header: '解析', key: 'explanation', width: 30 },
] as const;
type Key = (typeof COLUMNS)[number]['key'];
type Row = { row: number } & Partial<Record<Key, string>>;
const HEADER: Record<string, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header.replace(/\*$/, '')]));
export type QuestionImportError = { row: number; column: string; message: string };

function sheet(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet('题库');
  ws.columns = COLUMNS.map((c) => ({ ...c }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

const rowOf = (q: { type: QuestionType; stem: string; options: string[]; answer: string[]; difficulty: Difficulty; tags: string[]; explanation: string | null }) => ({
  type: questionTypes.label(q.type),
  stem: q.stem,
  ...Object.fromEntries(q.options.map((o, i) => [`option${OPTION_LETTERS[i]}`, o])),
  answer: answerText(q.type, q.answer),
  difficulty: difficulties.label(q.difficulty),
  tags: q.tags.join('、'),
  explanation: q.explanation ?? '',
});

export async function questionTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb);
  const examples: Parameters<typeof rowOf>[0][] = [
    { type: 'single', stem: '中国共产党的最高理想和最终目标是（　）', options: ['实现共产主义', '全面建成小康社会', '实现现代化', '实现民族复兴'], answer: ['A'], difficulty: 'easy', tags: ['党章'], explanation: '见党章总纲。' },
    { type: 'multiple', stem: '“三会一课”中的“三会”是指（　）', options: ['支部党员大会', '支部委员会', '党小组会', '民主生活会'], answer: ['A', 'B', 'C'], difficulty: 'medium', tags: ['组织生活'], explanation: null },
    { type: 'judge', stem: '预备党员的预备期为一年。', options: [], answer: ['true'], difficulty: 'easy', tags: ['党章'], explanation: null },
    { type: 'fill', stem: '党的根本组织原则是______。', options: [], answer: ['民主集中制'], difficulty: 'medium', tags: [], explanation: null },
    { type: 'short', stem: '简述党员的八项义务。', options: [], answer: ['（参考答案）认真学习马克思列宁主义……'], difficulty: 'hard', tags: ['党章'], explanation: null },
  ];
  for (const e of examples) ws.addRow(rowOf(e));
  addInstructions(wb, [
    '第一行为表头，请勿修改；带 * 的列必填。示例行导入前请删除或改写。',
    `题型可选：${questionTypes.options.map((o) => o.label).join('、')}；难度可选：${difficulties.options.map((o) => o.label).join('、')}。`,
    `单选题、多选题：在“选项A”起依次填写2–${OPTION_LETTERS.length}个选项，中间不留空；答案填选项字母，单选如“B”，多选如“ACD”（至少2个）。`,
    '判断题：不填选项，答案填“正确”或“错误”（也可写 对/错、√/×）。',
    '填空题：不填选项，答案填标准答案；有多种正确写法时用竖线“|”分隔，如“北京|北京市”，答对其一即得分。',
    '简答题：不填选项，答案填参考答案，由阅卷人人工评分。',
    '标签可填多个，用顿号或逗号分隔，最多10个，每个不超过20字；解析可选。',
    '全部行校验无误才导入，否则列出每一个有误的行与列，不导入任何数据。',
    `每个文件最多 ${QUESTION_MAX_ROWS} 题。`,
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The questions the caller sees (its subtree's banks and the committee's), by the list's filters; audited. */
export async function questionExport(deps: AppDeps, ctx: RequestContext, query: QuestionExportQuery): Promise<Buffer> {
  const scope = examManageScope(ctx.actor);
  const rows = await repo.filtered(deps.db, scope, query).orderBy('q.id').execute();
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb);
  ws.columns = [...COLUMNS.map((c) => ({ ...c })), { header: '所属组织', key: 'orgName', width: 24 }];
  for (const r of rows) ws.addRow({ ...rowOf({ ...r, type: r.type as QuestionType, difficulty: r.difficulty as Difficulty }), orgName: r.org_name });
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'exam_question.export', entityType: 'exam_question', after: { rows: rows.length, filters: query } }));
  return buffer;
}

const TAG_SEPARATOR = /[、，,；;]+/;

/** One row → the API's input, or its errors (every bad cell). */
export function rowInput(r: Row, orgId: number, err: (column: string, message: string) => void): QuestionInput | null {
  let ok = true;
  const fail = (column: string, message: string) => {
    ok = false;
    err(column, message);
  };
  const type = questionTypes.fromLabel(r.type ?? '');
  if (!type) fail(HEADER.type, r.type ? `应为：${questionTypes.options.map((o) => o.label).join('/')}` : '必填');
  const difficulty = difficulties.fromLabel(r.difficulty ?? '');
  if (!difficulty) fail(HEADER.difficulty, r.difficulty ? `应为：${difficulties.options.map((o) => o.label).join('/')}` : '必填');
  const cells = OPTION_LETTERS.map((l) => r[`option${l}`] ?? '');
  let last = cells.length - 1;
  while (last >= 0 && cells[last] === '') last--;
  const options = cells.slice(0, last + 1);
  const gap = options.findIndex((c) => c === '');
  if (gap >= 0) fail(`选项${OPTION_LETTERS[gap]}`, '选项应从A起依次填写，中间不能留空');
  // Checked against the contract even when the type or difficulty is wrong, so every other bad
  // cell of the row is named too (with stand-ins whose own checks are left out).
  const candidate = {
    orgId,
    type: type ?? 'short',
    stem: r.stem ?? '',
    options: type ? options : [],
    answer: type ? parseAnswerText(type, r.answer ?? '') : r.answer ? [r.answer] : [],
    tags: (r.tags ?? '').split(TAG_SEPARATOR).map((t) => t.trim()).filter(Boolean),
    difficulty: difficulty ?? 'easy',
    explanation: r.explanation || null,
  };
  const parsed = questionInput.safeParse(candidate);
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'stem');
      if (!type && (key === 'options' || key === 'answer') && issue.message !== '答案不能为空') continue;
      if (gap >= 0 && key === 'options') continue;
      // An empty answer is named once (必填), not again for the count its type wants.
      if (key === 'answer' && !candidate.answer.length && issue.message !== '答案不能为空') continue;
      const column = key === 'options' ? (typeof issue.path[1] === 'number' ? `选项${OPTION_LETTERS[issue.path[1]]}` : '选项A') : (HEADER[key] ?? HEADER.stem);
      const message = key === 'answer' && issue.message === '答案不能为空' ? '必填' : issue.message;
      if (seen.has(`${column}|${message}`)) continue;
      seen.add(`${column}|${message}`);
      fail(column, message);
    }
  }
  return ok && parsed.success && type && difficulty && gap < 0 ? parsed.data : null;
}

/** The rows of an uploaded bank file: the Excel template's rows, or a Word paper's questions (EX-23; `row` is then the question's place, 第N题). */
async function rowsOf(upload: { fileName: string; data: Buffer }): Promise<Row[]> {
  if (/\.docx$/i.test(upload.fileName)) {
    const paragraphs = docxParagraphs(upload.data);
    if (!paragraphs) throw validation('无法读取文件，请上传 .docx 格式的 Word 文档');
    const rows = parseQuestionText(paragraphs);
    if (!rows.length) throw validation('文档中没有找到试题：每道题以“1．”这样的题号开头，选项以“A．”开头，另起一行写“答案：”');
    return rows;
  }
  if (!/\.xlsx$/i.test(upload.fileName)) throw validation('仅支持 .xlsx（Excel 模板）或 .docx（Word 试题）文件');
  const { keys, rows } = await readRowsByHeader(upload.data, QUESTION_LIMITS, COLUMNS);
  if (!keys.has('type') || !keys.has('stem') || !keys.has('answer') || !keys.has('difficulty')) throw validation('表头缺少“题型”“题干”“答案”或“难度”列，请使用系统提供的模板');
  return rows;
}

/** Imports a sheet (or a Word paper) into one organisation's bank: all rows or none (EX-8, EX-23). */
export async function importQuestions(deps: AppDeps, ctx: RequestContext, orgId: number, file: () => Promise<{ fileName: string; data: Buffer }>) {
  const scope = examManageScope(ctx.actor);
  const org = await bankOrg(deps.db, scope, orgId);
  const rows = await rowsOf(await file());
  if (!rows.length) throw validation('文件中没有试题');
  if (rows.length > QUESTION_MAX_ROWS) throw validation(`每个文件最多${QUESTION_MAX_ROWS}题，请分批导入`);
  const errors: QuestionImportError[] = [];
  const inputs: QuestionInput[] = [];
  const stems = new Map<string, number>();
  for (const r of rows) {
    const input = rowInput(r, orgId, (column, message) => errors.push({ row: r.row, column, message }));
    if (!input) continue;
    const key = `${input.type}|${input.stem}`;
    if (stems.has(key)) errors.push({ row: r.row, column: HEADER.stem, message: `与第${stems.get(key)}行题干重复` });
    else stems.set(key, r.row);
    inputs.push(input);
  }
  // A question already in the bank (same type and stem) is refused, so importing a file twice adds
  // nothing twice: reported with the rows' other errors, and checked again under the bank
  // organisation's row lock where the rows are written, so two imports of one file at once cannot both pass.
  const duplicates = async (db: Kysely<DB>) => {
    const found = await db
      .selectFrom('exam_question')
      .where('org_id', '=', orgId)
      .where('archived_at', 'is', null)
      .where('stem', 'in', [...new Set(inputs.map((i) => i.stem))])
      .select(['id', 'type', 'stem'])
      .orderBy('id')
      .execute();
    return found.flatMap((q) => {
      const row = stems.get(`${q.type}|${q.stem}`);
      return row ? [{ row, column: HEADER.stem, message: `${org.name}的题库中已有相同的试题（编号${q.id}）` }] : [];
    });
  };
  const byRow = (list: QuestionImportError[]) => list.sort((x, y) => x.row - y.row);
  if (inputs.length) errors.push(...(await duplicates(deps.db)));
  if (errors.length) return { ok: false as const, errors: byRow(errors), total: rows.length };
  return deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom('org').where('id', '=', orgId).select('id').forUpdate().executeTakeFirstOrThrow();
    errors.push(...(await duplicates(trx)));
    if (errors.length) return { ok: false as const, errors: errors.sort((x, y) => x.row - y.row), total: rows.length };
    for (let i = 0; i < inputs.length; i += 500) {
      await trx
        .insertInto('exam_question')
        .values(inputs.slice(i, i + 500).map((input) => ({ ...columnsOf(input), created_by: ctx.actor.userId, created_at: ctx.now, updated_at: ctx.now })))
        .execute();
    }
    await audit(trx, ctx, { action: 'exam_question.import', entityType: 'exam_question', after: { orgId, orgName: org.name, created: inputs.length } });
    return { ok: true as const, created: inputs.length, updated: 0, total: rows.length };
  });
}
