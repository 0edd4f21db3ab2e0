import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyApp, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let leaky: LeakyApp;
let sec: TestClient;
let member: TestClient;
let leakySec: LeakyClient;
let leakyMember: LeakyClient;

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;

beforeAll(async () => {
  ({ env, leaky } = t);
  [sec, member, leakySec, leakyMember] = await Promise.all([env.login('sec_a1'), env.login('member_a1'), leaky.login('sec_a1'), leaky.login('member_a1')]);
});

describe('activity answers are filtered by their response schemas', () => {
  it('create, list, detail, sign-in code and attendance rates carry no key outside the schema', async () => {
    const created = await leakySec.post('/api/activities', { orgId: env.fx.a1.id, types: ['theme_day'], title: '主题党日', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(LEAKED_KEY);
    const a = created.json();
    expect(a).not.toHaveProperty('org_path');
    expect(a).not.toHaveProperty('created_by');
    expect(a.startsAt).toBe('2026-11-20T01:00:00.000Z');
    await expectFilteredGets(sec, leakySec, [
      `/api/activities?orgId=${env.fx.a1.id}`,
      `/api/activities/${a.id}`,
      `/api/activities/attendance-rates?orgId=${env.fx.a1.id}&year=2026`,
    ]);
    const code = await leakySec.get(`/api/activities/${a.id}/sign-in-code`);
    expect(code.body).not.toContain(LEAKED_KEY);
    expect(Object.keys(code.json()).sort()).toEqual(['path', 'token', 'validFrom', 'validUntil']);
  });

  it('a member’s page and sign-in answer carry no key outside the schema', async () => {
    const today = await sec.post('/api/activities', { orgId: env.fx.a1.id, planned: true, types: ['theme_day'], title: '今天的主题党日', startsAt: at('2026-11-23', 10), endsAt: at('2026-11-23', 11) });
    expect(today.statusCode, today.body).toBe(201);
    const { token } = (await sec.get(`/api/activities/${today.json().id}/sign-in-code`)).json();
    const signed = await leakyMember.post('/api/activities/sign-in', { token });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.body).not.toContain(LEAKED_KEY);
    expect(Object.keys(signed.json()).sort()).toEqual(['activityId', 'already', 'kind', 'orgName', 'pending', 'signedInAt', 'title']);
    await expectFilteredGets(member, leakyMember, ['/api/my/activities']);
  });

  it('a vote stored with an extra key goes out without it', async () => {
    const created = await sec.post('/api/activities', {
      orgId: env.fx.a1.id, types: ['branch_assembly'], title: '党员大会', startsAt: at('2026-11-18'), endsAt: at('2026-11-18', 11),
      votes: [{ subject: '接收预备党员', yes: 5, no: 0, abstain: 0 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    // As if an old version or a hand-made fix had written more into the JSON column.
    await sql`update activity set votes = jsonb_set(votes, '{0,counted_by}', '"张三"') where id = ${id}`.execute(env.deps.db);
    const vote = (await sec.get(`/api/activities/${id}`)).json().votes[0];
    expect(Object.keys(vote).sort()).toEqual(['abstain', 'no', 'passed', 'quorum', 'subject', 'votersExpected', 'votersPresent', 'yes']);
  });
});

describe('补录 answers are filtered by their response schemas', () => {
  it('the import, the list of imports, an imported record and the batch approval carry no key outside the schema', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('历史活动');
    ws.addRow(['组织名称', '活动日期', '活动类型', '主题', '出席人员']);
    ws.addRow(['A局综合处党支部', '2025-05-06', '主题党日', '5月主题党日', '赵一、钱二']);
    const imported = await sec.upload('/api/activities/history/import', 'h.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(imported.statusCode, imported.body).toBe(200);
    expect(Object.keys(imported.json()).sort()).toEqual(['created', 'importId', 'ok', 'skipped', 'total']);
    const [unit, leakyUnit] = await t.pair('unitadmin');
    const record = (await unit.get(`/api/activities?orgId=${env.fx.a1.id}&from=2025-05-06&to=2025-05-06`)).json().items[0];
    await expectFilteredGets(unit, leakyUnit, ['/api/activities/history/imports', `/api/activities/${record.id}`]);
    const approved = await leakyUnit.post(`/api/activities/history/imports/${imported.json().importId}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.body).not.toContain(LEAKED_KEY);
    expect(Object.keys(approved.json()).sort()).toEqual(['approved', 'batch']);
  });
});
