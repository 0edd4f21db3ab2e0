import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { memberInput } from '../../../test/fixture.ts';

// 补录 (history import): past meetings from Excel, all-or-nothing, marked, approved by the level above
// in one step, counted in compliance once approved. The clock stands at 2026-11-23.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA1: TestClient;
let extraIdNumber: string;

const HEAD = ['组织编号', '组织名称', '活动日期*', '开始时间', '结束时间', '活动类型*', '主题*', '地点', '第一议题', '主讲人', '出席人员*', '请假人员及原因', '缺席人员', '会议记录'];

async function file(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('历史活动');
  ws.addRow(HEAD);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = async (c: TestClient, rows: (string | number)[][], name = '2025年台账.xlsx') => c.upload('/api/activities/history/import', name, await file(rows));
const activityCount = async () => Number((await env.deps.db.selectFrom('activity').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA1] = await Promise.all(['admin', 'unitadmin', 'sec_a1'].map((u) => env.login(u)));
  // A member known here by ID number (the file may name people either way).
  const input = memberInput(env.fx.a1.id, { name: '冯十一' });
  const created = await admin.post('/api/members', input);
  expect(created.statusCode, created.body).toBe(201);
  extraIdNumber = input.idNumber;
  for (const name of ['组员甲', '组员乙']) expect((await admin.post('/api/members', memberInput(env.fx.a1g.id, { name }))).statusCode).toBe(201);
});
afterAll(() => env.close());

const a1Rows = () => [
  ['', 'A局综合处党支部', '2025-03-12', '14:30', '16:30', '党员大会、党课', '学习全国两会精神', '302会议室', '习近平总书记在全国两会期间的重要讲话', '赵一', '赵一、钱二、孙三、李四、周五', '吴六（出差）、郑七(病假)', `王八、${extraIdNumber}`, '传达学习两会精神。\n讨论支部年度计划。'],
  ['', 'A局综合处党支部', '2025-04-08', '', '', '主题党日', '4月主题党日', '', '', '外请专家张教授', '赵一、钱二、孙三', '', '', ''],
  [env.fx.a1g.id, '', '2025-04-20', '', '', '党小组会', '4月党小组会', '', '', '', '组员甲', '组员乙（出差）', '', ''],
];

describe('the template', () => {
  it('names every column and explains the rules on a 填写说明 sheet', async () => {
    const res = await secA1.get('/api/activities/history/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['历史活动', '填写说明']);
    expect(wb.getWorksheet('历史活动')!.getRow(1).values).toEqual([undefined, ...HEAD]);
    const help = wb.getWorksheet('填写说明')!.getColumn(1).values.join('\n');
    for (const phrase of ['公民身份号码', '请假', '跳过', '补录', '审核']) expect(help).toContain(phrase);
  });
});

describe('a good file', () => {
  let importId: number;

  it('writes every row as a record waiting for review, marked 补录 with who imported it and when', async () => {
    const before = await activityCount();
    const res = await upload(secA1, a1Rows());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 3, skipped: [], total: 3 });
    importId = res.json().importId;
    expect(await activityCount()).toBe(before + 3);

    const list = (await admin.get(`/api/activities?orgId=${env.fx.a1.id}&from=2025-03-01&to=2025-03-31`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: 'submitted', importId, expectedCount: 9, presentCount: 5 });
    const detail = (await admin.get(`/api/activities/${list.items[0].id}`)).json();
    expect(detail.backfill).toMatchObject({ importId, importedBy: 'sec_a1' });
    expect(detail.types).toEqual(['branch_assembly', 'party_lecture']);
    expect(detail.startsAt).toBe('2025-03-12T06:30:00.000Z');
    expect(detail.firstTopic).toBe('习近平总书记在全国两会期间的重要讲话');
    expect(detail.lecturerMemberId).toBe(env.fx.membersA1[0]);
    expect(detail.minutes).toBe('<p>传达学习两会精神。</p><p>讨论支部年度计划。</p>');
    expect(detail.attendanceSummary).toMatchObject({ expected: 9, present: 5, leave: 2, absent: 2 });
    expect(detail.attendance.find((a: { memberName: string }) => a.memberName === '吴六')).toMatchObject({ status: 'leave', reason: '出差' });
    expect(detail.attendance.find((a: { memberName: string }) => a.memberName === '冯十一')).toMatchObject({ status: 'absent' });
    expect(detail.reviews[0]).toMatchObject({ action: 'submit', comment: '补录导入（2025年台账.xlsx）' });
    const invited = (await admin.get(`/api/activities?orgId=${env.fx.a1.id}&from=2025-04-08&to=2025-04-08`)).json().items[0];
    expect((await admin.get(`/api/activities/${invited.id}`)).json()).toMatchObject({ lecturerMemberId: null, lecturerName: '外请专家张教授' });
  });

  it('a second import of the same file adds nothing and says which rows were already there', async () => {
    const before = await activityCount();
    const res = await upload(secA1, a1Rows());
    expect(res.json()).toMatchObject({ ok: true, importId: null, created: 0, total: 3 });
    expect(res.json().skipped.map((s: { row: number }) => s.row)).toEqual([2, 3, 4]);
    expect(res.json().skipped[0].message).toContain('已在系统中');
    expect(await activityCount()).toBe(before);
  });

  it('the level above approves the whole file in one step; compliance counts it; a second approval is 409', async () => {
    const cell = async () => {
      const grid = (await admin.get(`/api/compliance?year=2025&orgId=${env.fx.a1.id}`)).json();
      return grid.items.find((i: { orgId: number }) => i.orgId === env.fx.a1.id).cells.find((c: { requirementKey: string; periodId: string }) => c.requirementKey === 'theme_day' && c.periodId === '2025-04').status;
    };
    expect(await cell()).toBe('overdue');
    const batches = (await unit.get('/api/activities/history/imports')).json();
    expect(batches[0]).toMatchObject({ id: importId, importedBy: 'sec_a1', records: 3, submitted: 3, approved: 0, canApprove: true, fileName: '2025年台账.xlsx' });
    // The importer does not approve their own file (NK-1), nor does anyone outside the level above.
    expect((await secA1.get('/api/activities/history/imports')).json()[0].canApprove).toBe(false);
    expect((await secA1.post(`/api/activities/history/imports/${importId}/approve`, {})).statusCode).toBe(403);
    expect((await (await env.login('sec_a2')).post(`/api/activities/history/imports/${importId}/approve`, {})).statusCode).toBe(404);

    const ok = await unit.post(`/api/activities/history/imports/${importId}/approve`, { comment: '与纸质台账核对无误' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ approved: 3, batch: { submitted: 0, approved: 3, canApprove: false } });
    expect(await cell()).toBe('met');
    const again = await unit.post(`/api/activities/history/imports/${importId}/approve`, {});
    expect(again.statusCode).toBe(409);
    const audits = await env.deps.db.selectFrom('audit_log').where('action', 'in', ['activity.approve', 'activity.import_approve']).where('at', '=', env.clock.now).select('action').execute();
    expect(audits.filter((a) => a.action === 'activity.approve')).toHaveLength(3);
    expect(audits.filter((a) => a.action === 'activity.import_approve')).toHaveLength(1);
  });

  it('appears in the ledger with its 补录 mark', async () => {
    const res = await admin.get(`/api/activities/ledger?orgId=${env.fx.a1.id}&year=2025`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['word/document.xml']);
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('学习全国两会精神【补录】');
    expect(text).toMatch(/据原有台账补录：sec_a1于2026年11月23日导入|据原有台账补录：sec_a1于2026-11-23导入/);
  });
});

describe('a bad file', () => {
  it('reports every bad row and column in Chinese and writes nothing', async () => {
    // A second 周五 in A1: the name alone no longer says who.
    expect((await admin.post('/api/members', memberInput(env.fx.a1.id, { name: '周五' }))).statusCode).toBe(201);
    const before = await activityCount();
    const audits = await env.count('audit_log');
    const res = await upload(secA1, [
      ['', '不存在的支部', '2025-05-01', '', '', '主题党日', '甲', '', '', '', '赵一'],
      [env.fx.a2.id, '', '2025-05-01', '', '', '主题党日', '乙', '', '', '', '冯甲'],
      ['', 'A局综合处党支部', '2025-02-30', '', '', '主题党日', '丙', '', '', '', '赵一'],
      ['', 'A局综合处党支部', '2026-12-01', '', '', '主题党日', '丁', '', '', '', '赵一'],
      ['', 'A局综合处党支部', '2025-05-02', '', '', '支部大会', '戊', '', '', '', '赵一'],
      ['', 'A局综合处党支部', '2025-05-03', '', '', '党小组会', '己', '', '', '', '赵一'],
      ['', 'A局综合处党支部', '2025-05-04', '', '', '主题党日', '', '', '', '', '赵一'],
      ['', 'A局综合处党支部', '2025-05-05', '9点', '', '主题党日', '庚', '', '', '', '赵一'],
      ['', 'A局综合处党支部', '2025-05-06', '', '', '主题党日', '辛', '', '', '', '赵一、无名氏'],
      ['', 'A局综合处党支部', '2025-05-07', '', '', '主题党日', '壬', '', '', '', '周五'],
      ['', 'A局综合处党支部', '2025-05-08', '', '', '主题党日', '癸', '', '', '', '赵一', '钱二'],
      ['', 'A局综合处党支部', '2025-05-09', '', '', '主题党日', '子', '', '', '', '', '钱二（病假）'],
      ['', 'A局综合处党支部', '2025-05-10', '', '', '主题党日', '丑', '', '', '', '赵一', '', '赵一'],
      ['', 'A局综合处党支部', '2025-05-11', '', '', '主题党日', '寅', '', '', '', '赵一'],
      ['', 'A局综合处党支部', '2025-05-11', '', '', '主题党日', '寅', '', '', '', '钱二'],
      ['', 'A局综合处党支部', '2025-05-12', '16:00', '15:00', '主题党日', '卯', '', '', '', '赵一'],
      ['', 'A局综合处党支部', '2025-05-13', '', '', '主题党日', '辰', '', '', '', '110101199001011234'],
    ]);
    expect(res.statusCode).toBe(400);
    const errors: { row: number; column: string; message: string }[] = res.json().errors;
    const at = (row: number) => errors.filter((e) => e.row === row).map((e) => `${e.column}:${e.message}`);
    expect(at(2)).toEqual(['组织名称:未找到党组织“不存在的支部”（或不在您的管理范围内）']);
    expect(at(3)).toEqual(['组织编号:组织编号不存在或不在您的管理范围内']);
    expect(at(4)).toEqual(['活动日期:日期不存在：2025-02-30']);
    expect(at(5)).toEqual(['活动日期:活动日期晚于今天：补录只用于已经召开的活动']);
    expect(at(6)[0]).toMatch(/^活动类型:“支部大会”不是活动类型/);
    expect(at(7)).toEqual(['活动类型:党小组会应记录在党小组下']);
    expect(at(8)[0]).toMatch(/^主题:/);
    expect(at(9)).toEqual(['开始时间:时间格式应为 HH:MM，如 09:00']);
    expect(at(10)).toEqual(['出席人员:本组织没有名为“无名氏”的党员（可改填公民身份号码）']);
    expect(at(11)).toEqual(['出席人员:本组织有 2 名党员叫“周五”，请改填其公民身份号码']);
    expect(at(12)).toEqual(['请假人员及原因:请写明“钱二”的请假原因，如“钱二（出差）”']);
    expect(at(13)).toEqual(['出席人员:请填写出席人员：没有人出席的会议不能补录']);
    expect(at(14)).toEqual(['缺席人员:“赵一”在本行出现了两次']);
    expect(at(16)).toEqual(['主题:与第15行是同一组织、同一天、同一主题的活动']);
    expect(at(17)).toEqual(['结束时间:结束时间应晚于开始时间']);
    expect(at(18)[0]).toMatch(/^出席人员:未找到公民身份号码为 1101…1234 的党员/);
    expect(at(15)).toEqual([]);
    expect(await activityCount()).toBe(before);
    // The refusal itself is audited (one record), nothing else.
    expect(await env.count('audit_log')).toBe(audits + 1);
  });

  it('a date before the organisation was founded is refused', async () => {
    const res = await upload(admin, [[env.fx.a2.id, '', '2019-06-01', '', '', '主题党日', '建支部前', '', '', '', '冯甲']]);
    expect(res.json().errors).toEqual([{ row: 2, column: '活动日期', message: '活动日期早于组织成立日期（2020-01-01）' }]);
  });

  it('a sheet without the template headers is refused as a whole', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['日期', '内容']);
    const res = await secA1.upload('/api/activities/history/import', 'x.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('请使用系统提供的模板');
  });
});

describe('permissions', () => {
  it('only those who record activities import, and only for their own subtree; the list shows only visible imports', async () => {
    const row = [['', 'A局综合处党支部', '2025-06-10', '', '', '主题党日', '6月主题党日', '', '', '', '赵一']];
    const statuses: Record<string, number> = {};
    for (const name of ['admin', 'unitadmin', 'sec_a1', 'sec_a2', 'member_a1', 'sysadmin', 'secadmin', 'auditor']) {
      statuses[name] = (await upload(await env.login(name), row)).statusCode;
    }
    // The first writes it, the others' same row is skipped (200); sec_a2 cannot see A1 (its row is an error).
    expect(statuses).toEqual({ admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 400, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
    const templates: Record<string, number> = {};
    for (const name of ['sec_a2', 'member_a1', 'auditor']) templates[name] = (await (await env.login(name)).get('/api/activities/history/template')).statusCode;
    expect(templates).toEqual({ sec_a2: 200, member_a1: 403, auditor: 403 });
    const seenBy = async (name: string) => ((await (await env.login(name)).get('/api/activities/history/imports')).json() as { fileName: string }[]).length;
    expect(await seenBy('sec_a2')).toBe(0);
    expect(await seenBy('unitadmin')).toBeGreaterThanOrEqual(2);
    expect((await (await env.login('auditor')).get('/api/activities/history/imports')).statusCode).toBe(403);
  });

  it('a file imported by the unit is approved by the committee, not by the unit itself', async () => {
    const res = await upload(unit, [
      ['', 'A局综合处党支部', '2025-07-01', '', '', '主题党日', '七一主题党日', '', '', '', '赵一、钱二'],
      [env.fx.a2.id, '', '2025-07-01', '', '', '主题党日', '七一主题党日', '', '', '', '冯甲、陈乙'],
    ]);
    expect(res.json()).toMatchObject({ ok: true, created: 2 });
    const id = res.json().importId;
    expect((await unit.post(`/api/activities/history/imports/${id}/approve`, {})).statusCode).toBe(403);
    const ok = await admin.post(`/api/activities/history/imports/${id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().approved).toBe(2);
  });
});

describe('every import template', () => {
  it('carries a 填写说明 sheet after its data sheet', async () => {
    for (const url of ['/api/members/import/template', '/api/orgs/import/template', '/api/activities/history/template']) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as never);
      expect(wb.worksheets.map((w) => w.name)[1], url).toBe('填写说明');
      expect(wb.getWorksheet('填写说明')!.rowCount, url).toBeGreaterThanOrEqual(5);
    }
  });
});
