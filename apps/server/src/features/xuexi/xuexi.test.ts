import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 学习强国 import on the fixture city: the file an organisation receives is checked row by row (one
// bad row refuses it, every bad row named), matched to members of the chosen subtree (same names
// told apart by the optional columns), previewed, stored per member and month (a later file
// replaces the months it carries), and counted per organisation.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA1: TestClient;

async function sheet(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('积分');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const scores = async () => (await env.deps.db.selectFrom('xuexi_score').select(['member_id', 'period', 'points']).orderBy('member_id').orderBy('period').execute()).map((r) => [r.member_id, r.period, r.points]);

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA1] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('sec_a1')]);
  // A second 钱二, in A2, with a known phone: the name alone no longer says who.
  const a1 = await env.deps.db.selectFrom('member').selectAll().where('id', '=', env.fx.membersA1[1]).executeTakeFirstOrThrow();
  const { id, ...rest } = a1;
  await env.deps.db.insertInto('member').values({ ...rest, org_id: env.fx.a2.id, id_number_hmac: `${a1.id_number_hmac}-2`, phone_masked: '139****4321', id_number_masked: '1101**********222X' } as never).execute();
  await env.deps.db.updateTable('member').set({ phone_masked: '138****1234' }).where('id', '=', id).execute();
});
afterAll(() => env.close());

describe('学习强国 import', () => {
  it('a bad row refuses the whole file, naming every bad row; nothing is stored', async () => {
    const file = await sheet([
      ['姓名', '周期', '积分'],
      ['赵一', '2026-11', 320],
      ['', '2026-11', 100],
      ['孙三', '2026年13月', 50],
      ['李四', '2026-11', '很多'],
    ]);
    const r = await unit.upload(`/api/xuexi/imports?orgId=${env.fx.a.id}`, '学习强国11月.xlsx', file);
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('表格有3处错误（第3、4、5行），未导入任何数据');
    expect(r.json().details.map((d: { row: number; column: string; message: string }) => `${d.row}:${d.message}`)).toEqual(['3:姓名为空', '4:统计周期“2026年13月”无法识别（应为 2026-11 或 2026年11月）', '5:积分“很多”应为0–100000的整数']);
    expect((await unit.upload(`/api/xuexi/imports?orgId=${env.fx.a.id}`, 'x.xlsx', await sheet([['姓名', '分数'], ['赵一', 1]]))).json().message).toContain('表格缺少“积分”列');
    expect(await scores()).toEqual([]);
  });

  it('the preview names the unmatched and the ambiguous; confirming stores the matched and keeps the rest with the import', async () => {
    const file = await sheet([
      ['姓名', '所在组织', '手机号后四位', '本月积分'],
      ['赵一', '', '', 320],
      ['钱二', '', '', 280],
      ['钱二', '', '4321', 150],
      ['卫子', '', '', 90], // B's member: outside A
      ['王 八', '', '', 0],
    ]);
    const dry = await unit.upload(`/api/xuexi/imports?orgId=${env.fx.a.id}&period=2026-11&dryRun=true`, '学习强国11月.xlsx', file);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, importId: null, rows: 5, matched: 3, periods: ['2026-11'] });
    expect(dry.json().unmatched).toEqual([
      { row: 3, name: '钱二', reason: '同名党员2人，请在表中补充“所在组织”“手机号后四位”或“身份证后四位”' },
      { row: 5, name: '卫子', reason: '本组织范围内没有该姓名的党员' },
    ]);
    expect(await scores()).toEqual([]);
    const done = await unit.upload(`/api/xuexi/imports?orgId=${env.fx.a.id}&period=2026-11`, '学习强国11月.xlsx', file);
    expect(done.json()).toMatchObject({ dryRun: false, matched: 3 });
    const second = (await env.deps.db.selectFrom('member').select('id').where('org_id', '=', env.fx.a2.id).where('name', '=', '钱二').executeTakeFirstOrThrow()).id;
    expect(await scores()).toEqual([
      [env.fx.membersA1[0], '2026-11', 320],
      [env.fx.membersA1[7], '2026-11', 0],
      [second, '2026-11', 150],
    ].sort((x, y) => Number(x[0]) - Number(y[0])));
    const list = (await unit.get('/api/xuexi/imports')).json().items;
    expect(list[0]).toMatchObject({ fileName: '学习强国11月.xlsx', rows: 5, matched: 3, importedBy: 'unitadmin' });
    expect(list[0].unmatched).toHaveLength(2);
    expect((await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'xuexi.import' as never).execute()).length).toBe(1);
  });

  it('a later file replaces the months it carries for the members it matched', async () => {
    const file = await sheet([
      ['姓名', '统计周期', '积分'],
      ['赵一', '2026年11月', 400],
      ['赵一', '2026年10月', 210],
    ]);
    expect((await unit.upload(`/api/xuexi/imports?orgId=${env.fx.a.id}`, '补充.xlsx', file)).json()).toMatchObject({ matched: 2, periods: ['2026-10', '2026-11'] });
    const zhao = (await scores()).filter((s) => s[0] === env.fx.membersA1[0]);
    expect(zhao).toEqual([[env.fx.membersA1[0], '2026-10', 210], [env.fx.membersA1[0], '2026-11', 400]]);
    const dup = await sheet([['姓名', '周期', '积分'], ['赵一', '2026-09', 1], ['赵一', '2026-09', 2]]);
    expect((await unit.upload(`/api/xuexi/imports?orgId=${env.fx.a.id}`, 'dup.xlsx', dup)).json().message).toBe('第3行与第2行是同一党员同一周期，请合并后再导入');
  });

  it('participation and averages per organisation, counted in the database', async () => {
    const r = await unit.get('/api/xuexi/stats?period=2026-11');
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json();
    // A: 8 + 3 + the second 钱二 = 12 members; 赵一 400 and the second 钱二 150 took part (王八 had 0).
    expect(s.total).toMatchObject({ orgName: 'A局机关党委', members: 12, participants: 2, rate: 16.7, average: 45.8, averageOfParticipants: 275 });
    expect(s.children.map((c: { orgName: string; participants: number }) => [c.orgName, c.participants])).toEqual([
      ['A局综合处党支部', 1],
      ['A局业务处党支部', 1],
    ]);
    expect(s.periods).toEqual(['2026-11', '2026-10']);
    expect(s.lastImportOn).toBe('2026-11-23');
  });

  it('who may: importers within their subtree; readers of their subtree; members and the 三员 nothing', async () => {
    const file = await sheet([['姓名', '周期', '积分'], ['赵一', '2026-08', 10]]);
    expect((await secA1.upload(`/api/xuexi/imports?orgId=${env.fx.a.id}`, 'x.xlsx', file)).statusCode).toBe(403);
    expect((await secA1.upload(`/api/xuexi/imports?orgId=${env.fx.a1.id}`, 'x.xlsx', file)).statusCode).toBe(200);
    expect((await unit.upload(`/api/xuexi/imports?orgId=${env.fx.b.id}`, 'x.xlsx', file)).statusCode).toBe(403);
    for (const u of ['member_a1', 'sysadmin', 'secadmin', 'auditor']) {
      const c = await env.login(u);
      expect((await c.upload(`/api/xuexi/imports?orgId=${env.fx.a1.id}`, 'x.xlsx', file)).statusCode).toBe(403);
      expect((await c.get('/api/xuexi/stats?period=2026-11')).statusCode).toBe(403);
      expect((await c.get('/api/xuexi/imports')).statusCode).toBe(403);
    }
    expect((await unit.get(`/api/xuexi/stats?period=2026-11&orgId=${env.fx.b.id}`)).statusCode).toBe(404);
    expect((await secA1.get('/api/xuexi/imports')).json().items.map((i: { orgName: string }) => i.orgName)).toEqual(['A局综合处党支部']);
    expect((await admin.get(`/api/xuexi/stats?period=2026-11`)).json().total.members).toBeGreaterThan(12);
  });
});
