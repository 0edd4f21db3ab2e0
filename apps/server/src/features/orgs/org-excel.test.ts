import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

let env: TestEnv;
let admin: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
});
afterAll(() => env.close());

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党组织');
  ws.addRow(['组织编号', '上级组织编号', '上级组织名称', '组织名称', '组织类别', '所在单位', '单位类型', '成立日期', '任期开始日期', '届满日期']);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (c: TestClient, file: Buffer) => c.upload('/api/orgs/import', 'orgs.xlsx', file);

describe('organisation tree import and export', () => {
  it('reports every bad row and imports nothing', async () => {
    const before = await env.count('org');
    const res = await upload(admin, await xlsx([
      ['', env.fx.b.id, '', 'C处党支部', '党支部', '', '', '2026-01-01'],
      ['', '', '不存在的组织', 'D处党支部', '党支部'],
      ['', env.fx.b.id, '', 'E处党支部', '支部'],
      ['', env.fx.b.id, '', 'F处党支部', '党支部', '', '', '2026-13-01'],
      ['', env.fx.b.id, '', 'G处党支部', '党支部', '', '', '2019-02-01', '2019年2月'],
    ]));
    expect(res.statusCode).toBe(400);
    const errors: { row: number; column: string; message: string }[] = res.json().errors;
    expect(errors.map((e) => [e.row, e.column])).toEqual([[3, '上级组织名称'], [4, '组织类别'], [5, '成立日期'], [6, '任期开始日期']]);
    // A day the calendar lacks is named; a malformed one is a format error.
    expect(errors[2].message).toBe('日期不存在：2026-13-01');
    expect(errors[3].message).toBe('日期格式应为 YYYY-MM-DD');
    expect(await env.count('org')).toBe(before);
  });

  it('creates a subtree whose parents are earlier rows, makes missing units, and updates by 组织编号', async () => {
    const res = await upload(admin, await xlsx([
      ['', env.fx.root.id, '', 'C局机关党委', '机关党委', 'C局', '机关', '2026-01-01', '2026-01-01', '2031-01-01'],
      ['', '', 'C局机关党委', 'C局综合处党支部', '党支部', 'C局', '机关'],
      [env.fx.a2.id, '', '', 'A局业务处党支部（更名）', '党支部'],
    ]));
    expect(res.json()).toMatchObject({ ok: true, created: 2, updated: 1 });
    const orgs: { id: number; name: string; parentId: number; unitName: string }[] = (await admin.get('/api/orgs')).json();
    const c = orgs.find((o) => o.name === 'C局机关党委')!;
    expect(orgs.find((o) => o.name === 'C局综合处党支部')).toMatchObject({ parentId: c.id, unitName: 'C局' });
    expect(orgs.find((o) => o.id === env.fx.a2.id)!.name).toBe('A局业务处党支部（更名）');
  });

  it('a unit admin cannot import under another unit', async () => {
    const unitadmin = await env.login('unitadmin');
    const res = await upload(unitadmin, await xlsx([['', env.fx.b.id, '', 'B局新党支部', '党支部']]));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toContain('不在您的管理范围内');
  });

  it('exports the visible tree in the same layout, and re-imports it unchanged', async () => {
    const sec = await env.login('sec_a1');
    const res = await sec.get('/api/orgs/export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const names = wb.worksheets[0].getColumn(4).values.slice(2);
    expect(names).toEqual(['A局综合处党支部', 'A局综合处第一党小组']);
    expect((await upload(admin, res.rawPayload)).json()).toMatchObject({ ok: true, created: 0, updated: 2 });
  });
});
