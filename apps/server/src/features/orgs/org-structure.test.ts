import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { withInsertFault } from '../../../test/fault.ts';

// Which organisation may sit under which (ORG-* in docs/RULES.md), enforced the same way on
// create, move, type change and the Excel import (M1, M2 of the review).

let env: TestEnv;
let admin: TestClient;
let sec: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  [admin, sec] = await Promise.all([env.login('admin'), env.login('sec_a1')]);
});
afterAll(() => env.close());

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党组织');
  ws.addRow(['组织编号', '上级组织编号', '上级组织名称', '组织名称', '组织类别', '所在单位', '单位类型', '成立日期', '任期开始日期', '届满日期', '联系人', '联系电话']);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const importRows = async (c: TestClient, rows: (string | number)[][]) => c.upload('/api/orgs/import', 'orgs.xlsx', await xlsx(rows));
const orgRow = (id: number) => env.deps.db.selectFrom('org').select(['type', 'name', 'parent_id', 'contact_phone']).where('id', '=', id).executeTakeFirstOrThrow();

describe('the API', () => {
  it('M1: a branch admin cannot create a 党支部 under its own 党支部 (only 党小组)', async () => {
    const res = await sec.post('/api/orgs', { parentId: env.fx.a1.id, name: '支部下的支部', type: 'branch', foundedOn: '2019-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('党支部下不能设党支部（党支部下只能设：党小组）');
    expect((await sec.post('/api/orgs', { parentId: env.fx.a1.id, name: '综合处第二党小组', type: 'party_group' })).statusCode).toBe(201);
  });

  it('a move must fit the new parent', async () => {
    const res = await admin.post(`/api/orgs/${env.fx.a2.id}/move`, { newParentId: env.fx.a1.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('党支部下不能设党支部');
    expect((await orgRow(env.fx.a2.id)).parent_id).toBe(env.fx.a.id);
  });

  it('a type change must fit the parent, the children and the members', async () => {
    const cases: [number, string, string][] = [
      [env.fx.a1.id, 'working_committee', '工委只能是根组织'],
      [env.fx.a1.id, 'party_committee', '该组织下有党小组'],
      [env.fx.a2.id, 'general_branch', '直接管理党员'],
      [env.fx.a.id, 'branch', '该组织下有党支部'],
    ];
    for (const [id, type, message] of cases) {
      const res = await admin.patch(`/api/orgs/${id}`, { type });
      expect(res.statusCode, `${id} → ${type}`).toBe(400);
      expect(res.json().message).toContain(message);
    }
    expect((await admin.patch(`/api/orgs/${env.fx.a2.id}`, { type: 'joint_branch' })).statusCode).toBe(200);
    expect((await admin.patch(`/api/orgs/${env.fx.a2.id}`, { type: 'branch' })).statusCode).toBe(200);
  });
});

describe('the Excel import applies exactly the API’s rules', () => {
  it('M2: a branch with members cannot become a 工委 or a 党委 by import, and nothing is written', async () => {
    const before = await orgRow(env.fx.a2.id);
    const res = await importRows(admin, [
      [env.fx.a2.id, '', '', 'A局业务处党支部', '工委'],
      [env.fx.b1.id, '', '', 'B局综合处党支部', '党委'],
      [env.fx.a1.id, '', '', 'A局综合处党支部（更名）', '党支部'],
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { row: 2, column: '组织类别', message: '工委只能是根组织，不能设在其他组织之下' },
      { row: 3, column: '组织类别', message: '该组织直接管理党员，只能是党支部或党小组类别' },
    ]);
    expect(await orgRow(env.fx.a2.id)).toEqual(before);
    expect((await orgRow(env.fx.a1.id)).name).toBe('A局综合处党支部');
  });

  it('new rows must fit their parent, also when the parent is an earlier row of the file', async () => {
    const res = await importRows(admin, [
      ['', env.fx.a1.id, '', '支部下的支部', '党支部'],
      ['', env.fx.root.id, '', 'D局机关党委', '机关党委'],
      ['', '', 'D局机关党委', 'D局机关党委下的机关党委', '机关党委'],
      ['', '', 'D局机关党委', 'D局综合处党支部', '党支部'],
      ['', '', 'D局综合处党支部', 'D局第一党小组', '党小组'],
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { row: 2, column: '组织类别', message: '党支部下不能设党支部（党支部下只能设：党小组）' },
      { row: 4, column: '组织类别', message: expect.stringContaining('机关党委下不能设机关党委') },
    ]);
  });

  it('the same contract: a contact phone that is not a phone, a term ending before it starts', async () => {
    const res = await importRows(admin, [
      [env.fx.a1.id, '', '', 'A局综合处党支部', '党支部', '', '', '', '', '', '王某', '请找办公室'],
      [env.fx.b1.id, '', '', 'B局综合处党支部', '党支部', '', '', '', '2026-01-01', '2025-01-01'],
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { row: 2, column: '联系电话', message: '联系电话应为11位手机号或区号+固定电话' },
      { row: 3, column: '届满日期', message: '届满日期应晚于任期开始日期' },
    ]);
  });

  it('a valid file still imports, and the rejected ones were audited', async () => {
    const res = await importRows(admin, [[env.fx.a1.id, '', '', 'A局综合处党支部', '党支部', '', '', '', '', '', '王某', '025-84561234']]);
    expect(res.json()).toMatchObject({ ok: true, updated: 1 });
    expect((await orgRow(env.fx.a1.id)).contact_phone).toBe('025-84561234');
    const rejected = await env.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'org.import_rejected').execute();
    expect(rejected).toHaveLength(3);
  });
});

describe('what the review found', () => {
  it('two rows of one import cannot each pass against the other’s old type (a 党总支 under a 党总支)', async () => {
    const unit = await env.login('unitadmin');
    const p = (await unit.post('/api/orgs', { parentId: env.fx.a.id, name: '直属单位党委甲', type: 'party_committee', foundedOn: '2020-01-01' })).json().id;
    const c = (await unit.post('/api/orgs', { parentId: p, name: '直属支部甲', type: 'branch', foundedOn: '2020-01-01' })).json().id;
    const res = await importRows(admin, [
      [p, '', '', '直属单位党委甲', '党总支'],
      [c, '', '', '直属支部甲', '党总支'],
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.length).toBeGreaterThan(0);
    expect((await orgRow(p)).type).toBe('party_committee');
    expect((await orgRow(c)).type).toBe('branch');
  });

  it('merging or dissolving never puts members into a 机关党委 or 党委', async () => {
    const branch = (await admin.post('/api/orgs', { parentId: env.fx.b.id, name: '待合并党支部', type: 'branch', foundedOn: '2020-01-01' })).json().id;
    const member = await admin.post('/api/members', { ...(await import('../../../test/fixture.ts')).memberInput(branch) });
    expect(member.statusCode, member.body).toBe(201);
    const merge = await admin.post(`/api/orgs/${branch}/merge`, { intoId: env.fx.b.id });
    expect(merge.statusCode).toBe(400);
    expect(merge.json().message).toContain('党员须编入党支部或党小组');
    const dissolve = await admin.post(`/api/orgs/${branch}/dissolve`, { dissolvedOn: '2026-11-20', moveMembersTo: env.fx.b.id });
    expect(dissolve.statusCode).toBe(400);
    expect((await env.deps.db.selectFrom('member').select('org_id').where('id', '=', member.json().id).executeTakeFirstOrThrow()).org_id).toBe(branch);
  });

  it('founding dates are bounded, and an admin does not re-date or re-type its own organisation', async () => {
    for (const foundedOn of ['1900-01-01', '2999-01-01']) {
      expect((await sec.post('/api/orgs', { parentId: env.fx.a1.id, name: `日期党小组${foundedOn.slice(0, 4)}`, type: 'party_group', foundedOn })).statusCode, foundedOn).toBe(400);
    }
    const redate = await sec.patch(`/api/orgs/${env.fx.a1.id}`, { foundedOn: '2001-01-01' });
    expect(redate.statusCode).toBe(400);
    expect(redate.json().message).toContain('自己被授权组织的成立日期');
    expect((await sec.patch(`/api/orgs/${env.fx.a1.id}`, { type: 'temporary_branch' })).json().message).toContain('自己被授权组织的类别');
    expect((await sec.patch(`/api/orgs/${env.fx.a1.id}`, { contact: '王某' })).statusCode).toBe(200);
  });

  it('one serving committee seat per person', async () => {
    const body = { memberId: env.fx.membersA2[1], post: 'member', startedOn: '2024-01-01' };
    expect((await admin.post(`/api/orgs/${env.fx.a2.id}/committee`, body)).statusCode).toBe(201);
    const twice = await admin.post(`/api/orgs/${env.fx.a2.id}/committee`, body);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('已在本组织委员会任职');
  });
});

describe('a large tree import', () => {
  const rows = (n: number, tag: string): (string | number)[][] => Array.from({ length: n }, (_, i) => ['', env.fx.b.id, '', `${tag}党支部${i}`, '党支部']);

  it('other requests are answered while it is written', async () => {
    const before = await env.count('org');
    const file = await xlsx(rows(600, '压测'));
    let importDone = false;
    const upload = admin.upload('/api/orgs/import', 'orgs.xlsx', file).then((r) => ((importDone = true), r));
    let answeredDuring = 0;
    while (!importDone) {
      const r = await sec.get('/api/auth/session');
      expect(r.statusCode).toBe(200);
      if (!importDone) answeredDuring++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await upload).json()).toMatchObject({ ok: true, created: 600 });
    expect(answeredDuring).toBeGreaterThan(1);
    expect(await env.count('org')).toBe(before + 600);
  });

  it('a failure in the middle leaves none of the file’s organisations, and is audited', async () => {
    const db = env.database.db;
    const before = await env.count('org');
    const res = await withInsertFault(db, 'org', 250, 'injected tree fault', () => importRows(admin, rows(400, '失败')));
    expect(res.statusCode).toBe(500);
    expect(await env.count('org')).toBe(before);
    const audited = await db.selectFrom('audit_log').select('after').where('action', '=', 'org.import_failed').executeTakeFirstOrThrow();
    expect(audited.after).toMatchObject({ reason: expect.stringContaining('injected tree fault') });
  });
});
