import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { makeIdNumber } from '../../../test/fixture.ts';

// The roster in Excel: the template, a whole roster imported in one go, a file with bad rows that
// imports nothing and says where each error is, updates by ID number, scope, organisations by
// number or name, the background mode, and the export.

import { XLSX_TYPE } from '../../http/xlsx.ts';
const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
const HAN = /[\u4e00-\u9fa5]/;

let env: TestEnv;
let admin: TestClient;
/** The template's column headers, '*' stripped. */
let headers: string[];

type Row = Record<string, string | number | Date | null>;
type ImportError = { row: number; column: string; message: string };


/** An .xlsx in the template's layout; each row gives values by header. */
async function roster(rows: Row[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员名册');
  ws.addRow(headers);
  for (const r of rows) {
    for (const key of Object.keys(r)) if (!headers.includes(key)) throw new Error(`no column ${key}`);
    ws.addRow(headers.map((h) => r[h] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(client: TestClient, file: Buffer, query = '') {
  return client.upload(`/api/members/import${query}`, '名册.xlsx', file);
}

/** A good row: a member of the given organisation (by name) with a unique ID number. */
function person(seq: number, org: string, over: Row = {}): Row {
  const year = 1970 + (seq % 25);
  const birthDate = `${year}-${String(1 + (seq % 12)).padStart(2, '0')}-${String(1 + (seq % 28)).padStart(2, '0')}`;
  const gender = seq % 2 ? '男' : '女';
  return {
    所在党组织: org,
    姓名: `导${'赵钱孙李周吴郑王冯陈'[seq % 10]}${'春夏秋冬梅兰竹菊松柏'[Math.floor(seq / 10) % 10]}${'零一二三四五六七八九'[Math.floor(seq / 100) % 10]}`,
    性别: gender,
    民族: '汉族',
    公民身份号码: makeIdNumber(birthDate, gender, seq),
    出生日期: birthDate,
    学历: '大学本科',
    人员类别: '正式党员',
    入党日期: `${year + 25}-07-01`,
    转正日期: `${year + 26}-07-01`,
    工作岗位: '公务员',
    联系电话: `1370000${String(seq).padStart(4, '0')}`,
    家庭住址: '南京市鼓楼区北京西路1号',
    是否失联党员: '否',
    是否流动党员: '否',
    职级: '科级',
    困难党员: '否',
    离退休: '否',
    ...over,
  };
}

async function listAll(query = '') {
  const res = await admin.get(`/api/members?pageSize=200&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: { id: number; name: string; idNumber: string; orgId: number; orgName: string; jobPost: string | null; rank: string | null; phone: string | null }[] };
}

async function auditRows(action: string) {
  return env.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

async function createOrg(parentId: number, name: string) {
  const res = await admin.post('/api/orgs', { parentId, name, type: 'branch' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const A2 = 'A局业务处党支部';
const B1 = 'B局综合处党支部';

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  const res = await admin.get('/api/members/import/template');
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as never);
  const values = wb.getWorksheet('党员名册')!.getRow(1).values as unknown[];
  headers = values.slice(1).map((v) => String(v).replace(/\*$/, ''));
});
afterAll(() => env.close());

describe('the template', () => {
  it('is an xlsx with the roster columns (required ones starred) and a 填写说明 sheet', async () => {
    const res = await admin.get('/api/members/import/template');
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('党员名册导入模板.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['党员名册', '填写说明']);
    const first = (wb.getWorksheet('党员名册')!.getRow(1).values as unknown[]).slice(1);
    expect(first).toEqual(expect.arrayContaining(['姓名*', '性别*', '公民身份号码*', '出生日期*', '人员类别*', '入党日期*', '组织编号', '所在党组织', '转正日期']));
    const help = wb.getWorksheet('填写说明')!;
    const text = help.getColumn(1).values.slice(1).join('\n');
    expect(text).toContain('带 * 的列必填');
    expect(text).toContain('公民身份号码');
    expect(headers).toContain('公民身份号码');
    expect(headers).not.toContain('公民身份号码*');
  });
});

describe('a good roster', () => {
  const rows = Array.from({ length: 50 }, (_, i) => person(700 + i, i % 2 ? B1 : A2));

  it('imports every row in one go', async () => {
    const before = { members: await env.count('member'), audits: (await auditRows('member.import_create')).length };
    const res = await upload(admin, await roster(rows));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, created: 50, updated: 0, total: 50 });
    expect(await env.count('member')).toBe(before.members + 50);

    const imported = await listAll(`name=${encodeURIComponent('导')}`);
    expect(imported.total).toBe(50);
    expect(imported.items.map((m) => m.name).sort()).toEqual(rows.map((r) => r.姓名).sort());
    expect((await listAll(`orgId=${env.fx.a2.id}&name=${encodeURIComponent('导')}`)).total).toBe(25);
    expect((await listAll(`orgId=${env.fx.b1.id}&name=${encodeURIComponent('导')}`)).total).toBe(25);
    for (const m of imported.items) expect(m.idNumber).toMatch(MASKED_ID);

    // One member read in full: every column arrived.
    const one = imported.items.find((m) => m.name === rows[0].姓名)!;
    const detail = (await admin.get(`/api/members/${one.id}`)).json();
    expect(detail).toMatchObject({ orgName: A2, gender: rows[0].性别, birthDate: rows[0].出生日期, education: 'bachelor', category: 'full', joinDate: rows[0].入党日期, fullDate: rows[0].转正日期, jobPost: '公务员', rank: 'section', status: 'normal' });
    const sensitive = (await admin.get(`/api/members/${one.id}/sensitive`)).json();
    expect(sensitive).toEqual({ idNumber: rows[0].公民身份号码, phone: rows[0].联系电话, address: '南京市鼓楼区北京西路1号' });

    const audits = (await auditRows('member.import_create')).slice(before.audits);
    expect(audits).toHaveLength(50);
    expect(audits.map((a) => Number(a.entity_id)).sort((x, y) => x - y)).toEqual(imported.items.map((m) => m.id).sort((x, y) => x - y));
    for (const a of audits) {
      expect(a.actor_name).toBe('admin');
      expect(a.before).toBeNull();
      expect((a.after as { id_number_masked: string }).id_number_masked).toMatch(MASKED_ID);
    }
    expect(JSON.stringify(audits)).not.toContain(String(rows[0].公民身份号码));
  });

  it('re-importing the same ID numbers with changed fields updates them, audited with the state before', async () => {
    const before = { members: await env.count('member'), audits: (await auditRows('member.import_update')).length };
    const changed: Row[] = rows.slice(0, 5).map((r) => ({ ...r, 工作岗位: '处长', 职级: '县处级', 联系电话: '13911112222' }));
    const res = await upload(admin, await roster(changed));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, created: 0, updated: 5, total: 5 });
    expect(await env.count('member')).toBe(before.members);
    const after = await listAll(`name=${encodeURIComponent('导')}`);
    expect(after.total).toBe(50);
    for (const r of changed) {
      const m = after.items.find((x) => x.name === r.姓名)!;
      expect(m).toMatchObject({ jobPost: '处长', rank: 'county', phone: '139****2222' });
    }
    const untouched = after.items.find((x) => x.name === rows[5].姓名)!;
    expect(untouched).toMatchObject({ jobPost: '公务员', rank: 'section' });

    const audits = (await auditRows('member.import_update')).slice(before.audits);
    expect(audits).toHaveLength(5);
    for (const a of audits) {
      expect(a.before).toMatchObject({ status: 'normal', category: 'full' });
      expect((a.before as { name: string }).name).toMatch(/^导/);
      expect(a.after).toMatchObject({ job_post: '处长', rank: 'county' });
    }
  });

  it('an import that moves a member to another organisation records the move in orgHistory', async () => {
    // PUT /api/members/:id writes member_org_history when the organisation changes; the import's
    // upsert moves the member silently.
    const r = rows[0]; // in A2
    const res = await upload(admin, await roster([{ ...r, 所在党组织: B1 }]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, updated: 1 });
    const m = (await listAll(`name=${encodeURIComponent(String(r.姓名))}`)).items[0];
    const detail = (await admin.get(`/api/members/${m.id}`)).json();
    expect(detail.orgName).toBe(B1);
    expect(detail.orgHistory).toEqual([expect.objectContaining({ fromOrgName: A2, toOrgName: B1 })]);
  });
});

describe('a file with bad rows', () => {
  it('imports nothing and lists every bad row and column in Chinese', async () => {
    const good = person(800, A2);
    const numericId = person(806, A2);
    const rows: Row[] = [
      good, // row 2
      person(801, A2, { 公民身份号码: (() => { const id = makeIdNumber('1971-02-02', '男', 801); return id.slice(0, 17) + (id[17] === '1' ? '2' : '1'); })(), 出生日期: '1971-02-02', 性别: '男' }), // row 3: checksum
      person(802, '不存在的党支部'), // row 4: unknown organisation
      person(803, A2, { 入党日期: '2010-07-01', 转正日期: '2009-07-01' }), // row 5: 转正日期 before 入党日期
      person(804, A2, { 公民身份号码: good.公民身份号码, 出生日期: good.出生日期, 性别: good.性别 }), // row 6: same ID as row 2
      { ...numericId, 公民身份号码: Number(numericId.公民身份号码) }, // row 7: ID stored as a number
      person(807, A2, { 入党日期: '2019-02-30' }), // row 8: a day the calendar lacks
      person(808, A2), // row 9: good
      person(809, A2, { 转正日期: '2016年7月' }), // row 10: not a date at all
    ];
    const before = { members: await env.count('member'), audits: await env.count('audit_log') };
    const res = await upload(admin, await roster(rows));
    expect(res.statusCode).toBe(400);
    const body = res.json() as { code: string; message: string; ok: boolean; errors: ImportError[]; total: number };
    expect(body.code).toBe('VALIDATION');
    expect(body.ok).toBe(false);
    expect(body.total).toBe(9);
    expect(body.message).toMatch(HAN);
    expect(body.message).toContain('未导入任何数据');

    const at = (row: number, column: string) => body.errors.filter((e) => e.row === row && e.column === column);
    expect(at(3, '公民身份号码')[0]?.message).toContain('校验位错误');
    expect(at(4, '所在党组织')[0]?.message).toContain('未找到党组织“不存在的党支部”');
    expect(at(5, '转正日期')[0]?.message).toContain('转正日期应晚于入党日期');
    expect(at(6, '公民身份号码')[0]?.message).toContain('与第2行重复');
    expect(at(7, '公民身份号码')[0]?.message).toContain('数字');
    // An impossible day is named as such; a malformed one is a format error.
    expect(at(8, '入党日期')).toEqual([{ row: 8, column: '入党日期', message: '日期不存在：2019-02-30' }]);
    expect(at(10, '转正日期')).toEqual([{ row: 10, column: '转正日期', message: '日期格式应为 YYYY-MM-DD' }]);
    expect([...new Set(body.errors.map((e) => e.row))].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 10]);
    for (const e of body.errors) expect(e.message).toMatch(HAN);

    expect(await env.count('member')).toBe(before.members);
    // Only the rejection itself is recorded: who tried, how many rows and errors.
    expect(await env.count('audit_log')).toBe(before.audits + 1);
    expect((await auditRows('member.import_rejected')).at(-1)!.after).toMatchObject({ errors: expect.any(Number) });
    expect((await listAll(`name=${encodeURIComponent(String(good.姓名))}`)).total).toBe(0);
  });

  it('dates entered as real Excel date cells are read', async () => {
    // lib/excel-cells.ts promises "or a date cell", but the reader ignores styles, so a date cell
    // arrives as its serial number and is rejected as 日期格式应为 YYYY-MM-DD.
    const r = person(810, A2);
    const d = (s: unknown) => new Date(`${s}T00:00:00Z`);
    const res = await upload(admin, await roster([{ ...r, 出生日期: d(r.出生日期), 入党日期: d(r.入党日期), 转正日期: d(r.转正日期) }]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, created: 1, updated: 0, total: 1 });
    const m = (await listAll(`name=${encodeURIComponent(String(r.姓名))}`)).items[0];
    expect((await admin.get(`/api/members/${m.id}`)).json()).toMatchObject({ birthDate: r.出生日期, joinDate: r.入党日期, fullDate: r.转正日期 });
  });
});

describe('scope', () => {
  it('an ID number registered outside the importer’s subtree is an error and nothing changes', async () => {
    const secA2 = await env.login('sec_a2');
    const target = env.fx.membersB1[0]; // 卫子 of B1
    const full = (await admin.get(`/api/members/${target}/sensitive`)).json();
    const detail = (await admin.get(`/api/members/${target}`)).json();
    const rows = [
      person(820, A2),
      person(821, A2, { 姓名: '冒名', 公民身份号码: full.idNumber, 出生日期: detail.birthDate, 性别: detail.gender }),
    ];
    const before = { members: await env.count('member'), audits: await env.count('audit_log') };
    const res = await upload(secA2, await roster(rows));
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as ImportError[];
    expect(errors).toEqual([{ row: 3, column: '公民身份号码', message: expect.stringContaining('管理范围以外') }]);
    expect(await env.count('member')).toBe(before.members);
    // Only the rejection itself is recorded: who tried, how many rows and errors.
    expect(await env.count('audit_log')).toBe(before.audits + 1);
    expect((await auditRows('member.import_rejected')).at(-1)!.after).toMatchObject({ errors: expect.any(Number) });
    expect((await admin.get(`/api/members/${target}`)).json()).toMatchObject({ name: '卫子', orgId: env.fx.b1.id });
  });

  it('an organisation outside the importer’s subtree is not found', async () => {
    const secA2 = await env.login('sec_a2');
    const res = await upload(secA2, await roster([person(822, B1)]));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ row: 2, column: '所在党组织', message: expect.stringContaining('不在您的管理范围内') }]);
  });
});

describe('the organisation of a row', () => {
  it('by 组织编号, by name, and 组织编号 winning over a different name', async () => {
    const rows = [
      person(830, '', { 组织编号: env.fx.a2.id, 所在党组织: null }),
      person(831, B1),
      person(832, A2, { 组织编号: env.fx.b1.id }),
      person(833, '', { 组织编号: String(env.fx.a1g.id), 所在党组织: null }),
    ];
    const res = await upload(admin, await roster(rows));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 4 });
    const orgOf = async (r: Row) => (await listAll(`name=${encodeURIComponent(String(r.姓名))}`)).items.map((m) => m.orgId);
    expect(await orgOf(rows[0])).toEqual([env.fx.a2.id]);
    expect(await orgOf(rows[1])).toEqual([env.fx.b1.id]);
    expect(await orgOf(rows[2])).toEqual([env.fx.b1.id]);
    expect(await orgOf(rows[3])).toEqual([env.fx.a1g.id]);
  });

  it('a 组织编号 that does not exist, an organisation that is not a branch, and no organisation at all are errors', async () => {
    const before = await env.count('member');
    const res = await upload(admin, await roster([
      person(834, '', { 组织编号: 999_999, 所在党组织: null }),
      person(835, '', { 组织编号: env.fx.a.id, 所在党组织: null }),
      person(836, '', { 所在党组织: null }),
    ]));
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as ImportError[];
    expect(errors.map((e) => [e.row, e.column])).toEqual([[2, '所在党组织'], [3, '所在党组织'], [4, '所在党组织']]);
    expect(errors[0].message).toContain('组织编号不存在');
    expect(errors[1].message).toContain('不是党支部或党小组');
    expect(errors[2].message).toContain('请填写所在党组织或组织编号');
    expect(await env.count('member')).toBe(before);
  });

  it('a name two organisations share is an error asking for the 组织编号', async () => {
    const underA = await createOrg(env.fx.a.id, '重名党支部');
    const underB = await createOrg(env.fx.b.id, '重名党支部');
    const before = await env.count('member');
    const res = await upload(admin, await roster([person(840, '重名党支部')]));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ row: 2, column: '所在党组织', message: '党组织“重名党支部”有重名，请填写组织编号' }]);
    expect(await env.count('member')).toBe(before);

    const byNumber = await upload(admin, await roster([person(840, '重名党支部', { 组织编号: underB })]));
    expect(byNumber.statusCode, byNumber.body).toBe(200);
    expect((await listAll(`orgId=${underB}`)).total).toBe(1);
    expect((await listAll(`orgId=${underA}`)).total).toBe(0);
  });
});

describe('background import', () => {
  async function poll(client: TestClient, jobId: string) {
    for (let i = 0; i < 400; i++) {
      const res = await client.get(`/api/members/import/${jobId}`);
      expect(res.statusCode, res.body).toBe(200);
      const job = res.json();
      if (job.result || job.error) return job;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('import job did not finish');
  }

  it('?async=true answers 202 with a job id; the job reports progress and its result', async () => {
    const rows = [person(850, A2), person(851, A2), person(852, B1)];
    const before = await env.count('member');
    const res = await upload(admin, await roster(rows), '?async=true');
    expect(res.statusCode, res.body).toBe(202);
    const { jobId } = res.json();
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const job = await poll(admin, jobId);
    expect(job.error).toBeNull();
    expect(job.progress).toEqual({ phase: 'done', processed: 3, total: 3 });
    expect(job.result).toEqual({ ok: true, created: 3, updated: 0, total: 3 });
    expect(await env.count('member')).toBe(before + 3);

    // Another account cannot read the job; nor can anyone guess one.
    const other = await env.login('sec_a1');
    expect((await other.get(`/api/members/import/${jobId}`)).statusCode).toBe(404);
    expect((await admin.get('/api/members/import/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('a bad file in the background ends with the error list and imports nothing', async () => {
    const before = await env.count('member');
    const res = await upload(admin, await roster([person(853, '不存在的党支部')]), '?async=true');
    expect(res.statusCode).toBe(202);
    const job = await poll(admin, res.json().jobId);
    expect(job.result).toMatchObject({ ok: false, errors: [{ row: 2, column: '所在党组织' }] });
    expect(await env.count('member')).toBe(before);
  });
});

describe('export', () => {
  it('GET /api/members/export?orgId= is the filtered list as xlsx, masked, and is audited', async () => {
    const auditsBefore = (await auditRows('member.export')).length;
    const res = await admin.get(`/api/members/export?orgId=${env.fx.a2.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0];
    const head = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(head).toContain('公民身份号码');
    expect(head).not.toContain('家庭住址');
    const col = (h: string) => head.indexOf(h) + 1;
    const data: { name: string; idNumber: string; orgName: string }[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) data.push({ name: String(row.getCell(col('姓名')).value), idNumber: String(row.getCell(col('公民身份号码')).value), orgName: String(row.getCell(col('所在党组织')).value) });
    });
    const listed = await listAll(`orgId=${env.fx.a2.id}`);
    expect(listed.total).toBeGreaterThan(25);
    expect(data).toEqual(listed.items.map((m) => ({ name: m.name, idNumber: m.idNumber, orgName: m.orgName })));
    for (const d of data) expect(d.idNumber).toMatch(MASKED_ID);

    const audits = (await auditRows('member.export')).slice(auditsBefore);
    expect(audits).toHaveLength(1);
    expect(audits[0].actor_name).toBe('admin');
    expect(audits[0].after).toMatchObject({ rows: listed.total, filter: { orgId: env.fx.a2.id } });
  });

  it('an export filtered by name holds just the matching members', async () => {
    const res = await admin.get(`/api/members/export?name=${encodeURIComponent('赵一')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets[0].rowCount).toBe(2);
    expect(wb.worksheets[0].getRow(2).values).toContain('赵一');
  });
});
