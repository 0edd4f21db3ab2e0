import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 启用日期 (GO-1, docs/RULES.md): the city's date and an organisation's own decide which periods are
// judged. The fixture's city went live on 2020-01-01; the clock stands at 2026-11-23.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA1: TestClient;
let secA2: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA1, secA2] = await Promise.all(['admin', 'unitadmin', 'sec_a1', 'sec_a2'].map((u) => env.login(u)));
});
afterAll(() => env.close());

type Cell = { requirementKey: string; periodId: string; status: string };
async function themeDays(orgId: number, who = admin): Promise<Record<string, string>> {
  const res = await who.get(`/api/compliance?year=2026&orgId=${orgId}`);
  expect(res.statusCode, res.body).toBe(200);
  const item = res.json().items.find((i: { orgId: number }) => i.orgId === orgId);
  return Object.fromEntries(item.cells.filter((c: Cell) => c.requirementKey === 'theme_day').map((c: Cell) => [c.periodId, c.status]));
}
const setCity = (goLiveOn: string | null, who = admin) => who.put('/api/compliance/go-live', { goLiveOn });

describe('the city go-live date', () => {
  it('months that ended before it are 未启用, the month it falls in and later are judged', async () => {
    expect((await setCity('2026-07-15')).statusCode).toBe(200);
    const cells = await themeDays(env.fx.a2.id);
    expect(cells['2026-06']).toBe('inactive');
    // July ends after the go-live day: judged, and with no record it is overdue.
    expect(cells['2026-07']).toBe('overdue');
    expect(cells['2026-10']).toBe('overdue');
    expect(cells['2026-11']).toBe('due');
  });

  it('a period that ends on the go-live day is judged', async () => {
    await setCity('2026-06-30');
    expect((await themeDays(env.fx.a2.id))['2026-06']).toBe('overdue');
    expect((await themeDays(env.fx.a2.id))['2026-05']).toBe('inactive');
  });

  it('a record for a month before go-live still counts (met), the months around it stay 未启用', async () => {
    await setCity('2026-07-01');
    const created = await secA2.post('/api/activities', {
      orgId: env.fx.a2.id, types: ['theme_day'], title: '3月主题党日', startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-10T11:00:00+08:00', place: '会议室',
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    const att = await secA2.put(`/api/activities/${a.id}/attendance`, { entries: a.attendance.map((x: { memberId: number }) => ({ memberId: x.memberId, status: 'present' })) });
    expect(att.statusCode, att.body).toBe(200);
    expect((await secA2.post(`/api/activities/${a.id}/submit`)).statusCode).toBe(200);
    expect((await unit.post(`/api/activities/${a.id}/approve`, {})).statusCode).toBe(200);
    const cells = await themeDays(env.fx.a2.id);
    expect(cells['2026-03']).toBe('met');
    expect(cells['2026-02']).toBe('inactive');
    expect(cells['2026-04']).toBe('inactive');
  });

  it('the heatmap counts 未启用 apart and never as overdue', async () => {
    await setCity('2026-07-01');
    const heat = (await admin.get(`/api/compliance/heatmap?year=2026&orgId=${env.fx.a.id}`)).json();
    expect(heat.cityGoLiveOn).toBe('2026-07-01');
    const a2 = heat.rows.find((r: { orgId: number }) => r.orgId === env.fx.a2.id);
    expect(a2.months[1]).toMatchObject({ overdue: 0 });
    expect(a2.statuses[1]).toBe('inactive');
    expect(a2.months[1].inactive).toBeGreaterThan(0);
    expect(a2.months[7].overdue).toBeGreaterThan(0);
  });

  it('not set: nothing is judged, and the answers say so', async () => {
    expect((await setCity(null)).statusCode).toBe(200);
    const cells = await themeDays(env.fx.a2.id);
    expect(Object.values(cells).every((s) => s === 'inactive' || s === 'met')).toBe(true);
    expect(cells['2026-03']).toBe('met');
    expect((await admin.get('/api/compliance/heatmap?year=2026')).json().cityGoLiveOn).toBeNull();
    expect((await admin.get('/api/compliance/requirements?year=2026')).json().goLiveOn).toBeNull();
    await setCity('2026-01-01');
  });

  it('only the committee admin sets it; bad dates are refused in Chinese; each change is audited once', async () => {
    await setCity('2026-01-01');
    for (const name of ['unitadmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor']) {
      const res = await setCity('2025-01-01', await env.login(name));
      expect(res.statusCode, name).toBe(403);
    }
    expect((await admin.get('/api/compliance/requirements?year=2026')).json().goLiveOn).toBe('2026-01-01');
    for (const body of [{ goLiveOn: '2026-02-30' }, { goLiveOn: '1999-12-31' }, { goLiveOn: '2028-06-01' }, { goLiveOn: '2026-01-01', extra: 1 }, {}]) {
      const res = await admin.put('/api/compliance/go-live', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const before = await env.deps.db.selectFrom('audit_log').where('action', '=', 'compliance.go_live').select(['id']).execute();
    await setCity('2026-02-01');
    await setCity('2026-02-01'); // unchanged: no second record
    const after = await env.deps.db.selectFrom('audit_log').where('action', '=', 'compliance.go_live').select(['before', 'after']).orderBy('id', 'desc').execute();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ before: { goLiveOn: '2026-01-01' }, after: { goLiveOn: '2026-02-01' } });
    await setCity('2026-01-01');
  });
});

describe("an organisation's own go-live date", () => {
  it('the level above sets it; the organisation page names where the date comes from', async () => {
    await setCity('2026-01-01');
    const res = await unit.patch(`/api/orgs/${env.fx.a2.id}`, { goLiveOn: '2026-10-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().goLiveOn).toBe('2026-10-01');
    const cells = await themeDays(env.fx.a2.id);
    expect(cells['2026-09']).toBe('inactive');
    expect(cells['2026-10']).toBe('overdue');
    expect(cells['2026-03']).toBe('met');
    expect((await admin.get(`/api/orgs/${env.fx.a2.id}`)).json().goLive).toEqual({ on: '2026-10-01', source: 'own', fromOrgName: null });
    expect((await admin.get(`/api/orgs/${env.fx.a1.id}`)).json().goLive).toEqual({ on: '2026-01-01', source: 'city', fromOrgName: null });
    // A committee's date carries down to its branches without one of their own.
    await admin.patch(`/api/orgs/${env.fx.a.id}`, { goLiveOn: '2026-04-01' });
    expect((await admin.get(`/api/orgs/${env.fx.a1.id}`)).json().goLive).toEqual({ on: '2026-04-01', source: 'ancestor', fromOrgName: 'A局机关党委' });
    expect((await themeDays(env.fx.a1.id))['2026-03']).toBe('inactive');
    await admin.patch(`/api/orgs/${env.fx.a.id}`, { goLiveOn: null });
    expect((await admin.get(`/api/orgs/${env.fx.a1.id}`)).json().goLive.source).toBe('city');
  });

  it('a secretary cannot move their own organisation’s go-live date past a missed month', async () => {
    const res = await secA1.patch(`/api/orgs/${env.fx.a1.id}`, { goLiveOn: '2026-11-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('不能修改自己被授权组织的启用日期，请由上级组织修改');
    expect((await admin.get(`/api/orgs/${env.fx.a1.id}`)).json().goLiveOn).toBeNull();
  });
});

describe('founding dates are asked for, never assumed', () => {
  it('an organisation created without one has 成立日期不详, and its old meetings are not refused', async () => {
    const res = await admin.post('/api/orgs', { parentId: env.fx.b.id, name: 'B局新设处党支部', type: 'branch' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().foundedOn).toBeNull();
    const dated = await admin.post('/api/orgs', { parentId: env.fx.b.id, name: 'B局二处党支部', type: 'branch', foundedOn: '2019-05-04', goLiveOn: '2026-03-01' });
    expect(dated.json()).toMatchObject({ foundedOn: '2019-05-04', goLiveOn: '2026-03-01' });
  });

  it('the tree import reads 不详 and 沿用上级, and its template explains both on a 填写说明 sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党组织');
    ws.addRow(['组织编号', '上级组织编号', '上级组织名称', '组织名称', '组织类别', '所在单位', '单位类型', '成立日期', '启用日期']);
    ws.addRow(['', env.fx.b.id, '', 'B局三处党支部', '党支部', '', '', '不详', '2026-09-01']);
    ws.addRow(['', env.fx.b.id, '', 'B局四处党支部', '党支部', '', '', '', '沿用上级']);
    ws.addRow(['', env.fx.b.id, '', 'B局五处党支部', '党支部', '', '', '2018-02-30']);
    const bad = await admin.upload('/api/orgs/import', 'orgs.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ row: 4, column: '成立日期', message: '日期不存在：2018-02-30' }]);
    ws.spliceRows(4, 1);
    const ok = await admin.upload('/api/orgs/import', 'orgs.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(ok.json()).toMatchObject({ ok: true, created: 2 });
    const orgs: { name: string; foundedOn: string | null; goLiveOn: string | null }[] = (await admin.get('/api/orgs')).json();
    expect(orgs.find((o) => o.name === 'B局三处党支部')).toMatchObject({ foundedOn: null, goLiveOn: '2026-09-01' });
    expect(orgs.find((o) => o.name === 'B局四处党支部')).toMatchObject({ foundedOn: null, goLiveOn: null });

    const template = new ExcelJS.Workbook();
    await template.xlsx.load((await admin.get('/api/orgs/import/template')).rawPayload as never);
    expect(template.worksheets.map((w) => w.name)).toEqual(['党组织', '填写说明']);
    const help = template.getWorksheet('填写说明')!.getColumn(1).values.join('\n');
    expect(help).toContain('不详');
    expect(help).toContain('沿用上级');
  });
});
