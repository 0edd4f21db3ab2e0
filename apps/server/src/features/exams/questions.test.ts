import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 题库: organisers keep their organisation's questions (and read the committee's); each type's
// answer key is checked; 删除 archives; Excel import writes all rows or none and names every bad
// cell; export gives back what the list shows.

let env: TestEnv;
let admin: TestClient;
let unitadmin: TestClient;
let secA2: TestClient;

const single = (orgId: number, over: Record<string, unknown> = {}) => ({
  orgId,
  type: 'single',
  stem: '党的最高理想是（　）',
  options: ['实现共产主义', '实现小康', '实现现代化'],
  answer: ['A'],
  tags: ['党章'],
  difficulty: 'easy',
  explanation: '见党章总纲',
  ...over,
});

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('题库');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const HEADER = ['题型*', '题干*', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '选项G', '选项H', '答案*', '难度*', '标签', '解析'];
const q = (type: string, stem: string, options: string[], answer: string, difficulty: string, tags = '', explanation = '') => [type, stem, ...options, ...Array(8 - options.length).fill(''), answer, difficulty, tags, explanation];

async function sheetRows(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  const ws = wb.worksheets[0];
  const out: string[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return out;
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  unitadmin = await env.login('unitadmin');
  secA2 = await env.login('sec_a2');
});
afterAll(() => env.close());

describe('题库 (question bank)', () => {
  it('an organiser adds a question to its bank; the answer key and explanation come back; it is audited', async () => {
    const res = await unitadmin.post('/api/exam-questions', single(env.fx.a.id));
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ orgName: 'A局机关党委', type: 'single', answer: ['A'], tags: ['党章'], difficulty: 'easy', explanation: '见党章总纲', canEdit: true });
    const log = await env.database.db.selectFrom('audit_log').where('action', '=', 'exam_question.create').where('entity_id', '=', String(created.id)).select('id').execute();
    expect(log).toHaveLength(1);
  });

  it.each([
    [{ type: 'single', answer: ['A', 'B'] }, 'answer', '单选题只能有1个正确答案'],
    [{ type: 'multiple', answer: ['A'] }, 'answer', '多选题至少有2个正确答案'],
    [{ type: 'single', answer: ['D'] }, 'answer', '答案应为选项字母（A–C），“D”不是'],
    [{ type: 'judge', options: [], answer: ['也许'] }, 'answer', '判断题答案应为“正确”或“错误”'],
    [{ type: 'fill', answer: ['北京'] }, 'options', '填空题没有选项'],
    [{ stem: '' }, 'stem', '题干不能为空'],
  ])('refuses a question whose shape does not fit its type: %j → %s “%s”', async (over, field, message) => {
    const res = await unitadmin.post('/api/exam-questions', single(env.fx.a.id, over));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(message);
    expect(res.body).toContain(field);
  });

  it('the committee\'s bank is read by every organiser but written only by the committee; a sibling\'s bank is out of reach', async () => {
    const committee = (await admin.post('/api/exam-questions', single(env.fx.root.id, { stem: '工委题库的题' }))).json();
    const own = (await secA2.post('/api/exam-questions', single(env.fx.a2.id, { stem: 'A局业务处的题' }))).json();
    const mine = await secA2.get('/api/exam-questions?pageSize=200');
    const stems = mine.json().items.map((i: { stem: string }) => i.stem);
    expect(stems).toContain('工委题库的题');
    expect(stems).toContain('A局业务处的题');
    expect(stems).not.toContain('党的最高理想是（　）'); // A's own bank: above sec_a2
    expect(mine.json().items.find((i: { id: number }) => i.id === committee.id).canEdit).toBe(false);
    expect(mine.json().writableOrgs.map((o: { name: string }) => o.name)).toEqual(['A局业务处党支部']);
    expect((await secA2.put(`/api/exam-questions/${committee.id}`, single(env.fx.a2.id, { stem: '改工委的题' }))).statusCode).toBe(403);
    expect((await secA2.delete(`/api/exam-questions/${committee.id}`)).statusCode).toBe(403);
    expect((await secA2.post('/api/exam-questions', single(env.fx.a.id))).statusCode).toBe(403);
    const badmin = await env.addAccount('exam_badmin', [[env.fx.b.id, 'org_admin']]);
    expect(badmin).toBeGreaterThan(0);
    const b = await env.login('exam_badmin');
    expect((await b.get(`/api/exam-questions/${own.id}`)).statusCode).toBe(404);
    expect((await b.get(`/api/exam-questions/${committee.id}`)).statusCode).toBe(200);
    // A's organiser edits its branch's question.
    const edited = await unitadmin.put(`/api/exam-questions/${own.id}`, single(env.fx.a2.id, { stem: 'A局业务处的题（改）', type: 'judge', options: [], answer: ['false'] }));
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ stem: 'A局业务处的题（改）', type: 'judge', answer: ['false'] });
  });

  it('filters and pages in the database: by type, difficulty, tag, organisation and words of the stem', async () => {
    for (const [i, d] of (['easy', 'medium', 'hard'] as const).entries()) {
      await unitadmin.post('/api/exam-questions', single(env.fx.a1.id, { stem: `筛选用题${i}`, difficulty: d, tags: i === 2 ? ['廉洁'] : [] }));
    }
    const page = (qs: string) => unitadmin.get(`/api/exam-questions?${qs}`).then((r) => r.json());
    expect((await page('q=筛选用题&difficulty=hard')).items.map((i: { stem: string }) => i.stem)).toEqual(['筛选用题2']);
    expect((await page('tag=廉洁')).total).toBe(1);
    expect((await page(`orgId=${env.fx.a1.id}`)).total).toBe(3);
    const first = await page('q=筛选用题&pageSize=2');
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    expect((await page('q=筛选用题&pageSize=2&page=2')).items).toHaveLength(1);
    expect((await page('type=short&q=筛选用题')).total).toBe(0);
  });

  it('删除 archives: gone from the list and from reach (a second delete or an edit is 404), the row kept', async () => {
    const { id } = (await unitadmin.post('/api/exam-questions', single(env.fx.a.id, { stem: '将被删除的题' }))).json();
    expect((await unitadmin.delete(`/api/exam-questions/${id}`)).json()).toEqual({ ok: true });
    expect((await unitadmin.get('/api/exam-questions?q=将被删除')).json().total).toBe(0);
    expect((await unitadmin.get(`/api/exam-questions/${id}`)).statusCode).toBe(404);
    expect((await unitadmin.delete(`/api/exam-questions/${id}`)).statusCode).toBe(404);
    expect((await unitadmin.put(`/api/exam-questions/${id}`, single(env.fx.a.id))).statusCode).toBe(404);
    const row = await env.database.db.selectFrom('exam_question').where('id', '=', id).select('archived_at').executeTakeFirstOrThrow();
    expect(row.archived_at).not.toBeNull();
  });
});

describe('题库 Excel', () => {
  it('the template has the columns, the examples and the instructions', async () => {
    const res = await unitadmin.get('/api/exam-questions/import/template');
    expect(res.statusCode).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0]).toEqual(HEADER);
    expect(rows.map((r) => r[0]).slice(1)).toEqual(['单选题', '多选题', '判断题', '填空题', '简答题']);
  });

  it('imports a sheet of every type into one bank', async () => {
    const file = await xlsx([
      HEADER,
      q('单选题', '导入单选', ['甲', '乙', '丙'], 'B', '易', '党章、党规'),
      q('多选题', '导入多选', ['甲', '乙', '丙', '丁'], 'a,c,d', '中'),
      q('判断题', '导入判断', [], '√', '易'),
      q('填空题', '导入填空', [], '民主集中制|民主集中', '中'),
      q('简答题', '导入简答', [], '参考答案……', '难', '', '按要点给分'),
    ]);
    const res = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a1.id}`, '题库.xlsx', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, created: 5, updated: 0, total: 5 });
    const items = (await unitadmin.get('/api/exam-questions?q=导入').then((r) => r.json())).items as { stem: string; type: string; answer: string[]; tags: string[]; orgName: string }[];
    const byStem = Object.fromEntries(items.map((i) => [i.stem, i]));
    expect(byStem['导入单选']).toMatchObject({ type: 'single', answer: ['B'], tags: ['党章', '党规'], orgName: 'A局综合处党支部' });
    expect(byStem['导入多选'].answer).toEqual(['A', 'C', 'D']);
    expect(byStem['导入判断'].answer).toEqual(['true']);
    expect(byStem['导入填空'].answer).toEqual(['民主集中制', '民主集中']);
    expect(byStem['导入简答'].type).toBe('short');
  });

  it('a sheet with bad rows imports nothing and names every bad row, column and reason', async () => {
    const before = (await unitadmin.get('/api/exam-questions').then((r) => r.json())).total;
    const file = await xlsx([
      HEADER,
      q('单选题', '好的一行', ['甲', '乙'], 'A', '易'),
      q('问答题', '题型不对', [], 'x', '易'),
      q('单选题', '答案越界', ['甲', '乙'], 'C', '中'),
      q('多选题', '选项留空', ['甲', '', '丙'], 'AC', '中'),
      q('判断题', '判断答案', [], '也许', '难'),
      q('填空题', '', [], '答案', '特难'),
      q('单选题', '好的一行', ['甲', '乙'], 'B', '易'),
    ]);
    const res = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, '题库.xlsx', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('导入失败：共7处错误，未导入任何试题');
    expect(res.json().errors).toEqual([
      { row: 3, column: '题型', message: '应为：单选题/多选题/判断题/填空题/简答题' },
      { row: 4, column: '答案', message: '答案应为选项字母（A–B），“C”不是' },
      { row: 5, column: '选项B', message: '选项应从A起依次填写，中间不能留空' },
      { row: 6, column: '答案', message: '判断题答案应为“正确”或“错误”' },
      { row: 7, column: '难度', message: '应为：易/中/难' },
      { row: 7, column: '题干', message: '题干不能为空' },
      { row: 8, column: '题干', message: '与第2行题干重复' },
    ]);
    expect((await unitadmin.get('/api/exam-questions').then((r) => r.json())).total).toBe(before);
  });

  it('refuses an import into a bank outside the caller\'s subtree, and a file without the template\'s header', async () => {
    const file = await xlsx([HEADER, q('判断题', '越权导入', [], '对', '易')]);
    expect((await secA2.upload(`/api/exam-questions/import?orgId=${env.fx.a1.id}`, '题库.xlsx', file)).statusCode).toBe(403);
    const noHeader = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a.id}`, '题库.xlsx', await xlsx([['姓名', '题目'], ['张三', '什么']]));
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().message).toBe('表头缺少“题型”“题干”“答案”或“难度”列，请使用系统提供的模板');
  });

  it('exports what the list shows, with the answer key written as in the template, and audits it', async () => {
    const res = await unitadmin.get('/api/exam-questions/export?q=导入');
    expect(res.statusCode).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0]).toEqual([...HEADER, '所属组织']);
    const byStem = Object.fromEntries(rows.slice(1).map((r) => [r[1], r]));
    expect(Object.keys(byStem).sort()).toEqual(['导入判断', '导入单选', '导入填空', '导入多选', '导入简答'].sort());
    expect(byStem['导入多选'][10]).toBe('ACD');
    expect(byStem['导入判断'][10]).toBe('正确');
    expect(byStem['导入填空'][10]).toBe('民主集中制|民主集中');
    // The exported sheet imports again as it is (the round trip an organiser uses to copy a bank).
    const again = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a2.id}`, '题库.xlsx', res.rawPayload);
    expect(again.json()).toMatchObject({ ok: true, created: 5 });
    // The same sheet again into the same bank adds nothing twice: every row is named as already there.
    const twice = await unitadmin.upload(`/api/exam-questions/import?orgId=${env.fx.a2.id}`, '题库.xlsx', res.rawPayload);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toHaveLength(5);
    expect(twice.json().errors[0]).toMatchObject({ row: 2, column: '题干', message: expect.stringMatching(/^A局业务处党支部的题库中已有相同的试题（编号\d+）$/) });
    const log = await env.database.db.selectFrom('audit_log').where('action', '=', 'exam_question.export').select('id').execute();
    expect(log.length).toBeGreaterThan(0);
  });
});
