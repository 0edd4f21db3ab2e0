import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 题库 from Word (EX-23): a .docx question paper typed the usual way is read into the same rows as the
// Excel template and checked by the same contract — all or nothing, every bad question named by its
// place (第N题) and field.

let env: TestEnv;
let unitadmin: TestClient;
let secA2: TestClient;

/** A minimal .docx: one paragraph per line; `numbered` lines carry Word's own numbering. */
function docx(lines: (string | { numbered: string })[]) {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = lines
    .map((l) =>
      typeof l === 'string'
        ? `<w:p><w:r><w:t xml:space="preserve">${esc(l)}</w:t></w:r></w:p>`
        : `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>${esc(l.numbered)}</w:t></w:r></w:p>`,
    )
    .join('');
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(xml) }));
}
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

beforeAll(async () => {
  env = await createTestEnv();
  unitadmin = await env.login('unitadmin');
  secA2 = await env.login('sec_a2');
});
afterAll(() => env.close());

describe('题库 from a Word paper', () => {
  it('a paper with a bad question is refused whole: each fault named by 第N题 and field; nothing written', async () => {
    const file = docx(['A局党章知识题库', '一、单选题', '1．党员的预备期为（ ）。', 'A．半年  B．一年  C．两年', '答案：D', '2．党支部委员会每月召开几次？', 'A．1  B．2', '难度：很难']);
    const r = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, '题库.docx', file, DOCX);
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([
      { row: 1, column: '答案', message: expect.stringContaining('D') },
      { row: 2, column: '难度', message: '应为：易/中/难' },
      { row: 2, column: '答案', message: '必填' },
    ]);
    expect((await env.deps.db.selectFrom('exam_question').select('id').execute()).length).toBe(0);
  });

  it('a right paper is imported whole: types from sections, markers and answers; Word’s own numbering; audited', async () => {
    const file = docx([
      '一、单选题',
      '1．党员的预备期为（ ）。',
      'A．半年  B．一年  C．两年',
      '答案：B',
      '难度：易',
      '标签：党章、发展党员',
      '二、判断题',
      '2．党员应当按月交纳党费。',
      '答案：正确',
      { numbered: '（多选）“三会一课”包括（ ）。' },
      'A．支部党员大会',
      'B．支部委员会',
      'C．党课',
      '答案：ABC',
      '解析：《中国共产党支部工作条例（试行）》第十九条。',
    ]);
    const r = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, '题库.docx', file, DOCX);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, created: 3 });
    const rows = await env.deps.db.selectFrom('exam_question').select(['type', 'stem', 'options', 'answer', 'difficulty', 'tags', 'explanation']).orderBy('id').execute();
    expect(rows).toEqual([
      { type: 'single', stem: '党员的预备期为（ ）。', options: ['半年', '一年', '两年'], answer: ['B'], difficulty: 'easy', tags: ['党章', '发展党员'], explanation: null },
      { type: 'judge', stem: '党员应当按月交纳党费。', options: [], answer: ['true'], difficulty: 'medium', tags: [], explanation: null },
      { type: 'multiple', stem: '“三会一课”包括（ ）。', options: ['支部党员大会', '支部委员会', '党课'], answer: ['A', 'B', 'C'], difficulty: 'medium', tags: [], explanation: '《中国共产党支部工作条例（试行）》第十九条。' },
    ]);
    const audit = await env.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'exam_question.import').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ created: 3 });
    // The same paper again adds nothing: every question is already in the bank.
    const again = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, '题库.docx', file, DOCX);
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toHaveLength(3);
  });

  it('not a Word document, an empty paper, another kind of file, or another subtree: refused in Chinese', async () => {
    let r = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, '题库.docx', Buffer.from('not a zip'), DOCX);
    expect([r.statusCode, r.json().message]).toEqual([400, '无法读取文件，请上传 .docx 格式的 Word 文档']);
    r = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, '题库.docx', docx(['只有标题']), DOCX);
    expect(r.json().message).toContain('文档中没有找到试题');
    r = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, '题库.txt', Buffer.from('1. 题'), 'text/plain');
    expect(r.json().message).toBe('仅支持 .xlsx（Excel 模板）或 .docx（Word 试题）文件');
    expect((await secA2.upload(`/api/exam-questions/import?orgId=${env.fx.a1.id}`, '题库.docx', docx(['1. 题', '答案：对']), DOCX)).statusCode).toBe(403);
  });
});
