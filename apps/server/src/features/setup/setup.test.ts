import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { memberInput } from '../../../test/fixture.ts';
import { hashPassword } from '../../lib/password.ts';
import { insertRootOrg } from '../orgs/index.ts';

// 上线准备: the seven steps on an empty platform, then after each step. The fixture city is
// already built; a second city root with its own 工委管理员 ("newadmin") stands in for the empty
// platform (the guide counts in the caller's subtree). The go-live date and the requirement
// table are the platform's, shared with the fixture city.

let env: TestEnv;
let admin: TestClient;
let fresh: TestClient;
let rootId: number;

beforeAll(async () => {
  env = await createTestEnv();
  const now = env.deps.clock();
  rootId = await insertRootOrg(env.deps.db, '新区机关工委', 'working_committee', now);
  const { id } = await env.deps.db
    .insertInto('app_user')
    .values({ username: 'newadmin', display_name: '新管理员', password_hash: await hashPassword(PASSWORD), member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await env.deps.db.insertInto('role_grant').values({ user_id: id, org_id: rootId, role: 'committee_admin', created_at: now }).execute();
  [admin, fresh] = await Promise.all([env.login('admin'), env.login('newadmin')]);
});
afterAll(() => env.close());

type Step = { key: string; done: boolean; missing: string[] };
async function progress(who: TestClient) {
  const res = await who.get('/api/setup/progress');
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { steps: Step[]; doneCount: number; total: number; empty: boolean; canGenerateAccounts: boolean };
  return { ...body, step: (key: string) => body.steps.find((s) => s.key === key)! };
}

describe('setup progress', () => {
  it('who sees it: committee and organisation admins; not the three separated admins nor a member', async () => {
    expect((await env.anonymous().get('/api/setup/progress')).statusCode).toBe(401);
    for (const u of ['sysadmin', 'secadmin', 'auditor', 'member_a1']) {
      const res = await (await env.login(u)).get('/api/setup/progress');
      expect(res.statusCode, u).toBe(403);
      expect(res.json().message).toBe('没有查看上线准备的权限');
    }
    for (const u of ['admin', 'unitadmin', 'sec_a1']) expect((await (await env.login(u)).get('/api/setup/progress')).statusCode, u).toBe(200);
  });

  it('an organisation admin sees its own subtree only', async () => {
    const unit = await progress(await env.login('unitadmin'));
    // A1 and A2 have members; B1 is not in the unit admin's subtree.
    expect(unit.step('roster').done).toBe(true);
    expect(unit.step('committees').missing.join()).toContain('A局综合处党支部');
    expect(unit.step('committees').missing.join()).not.toContain('B局');
    expect(unit.empty).toBe(false);
    // A branch's own admin: nothing below the branch, and nothing is missing for that.
    const branch = await progress(await env.login('sec_a2'));
    expect(branch.empty).toBe(false);
    expect(branch.step('orgs').done).toBe(true);
    expect(branch.canGenerateAccounts).toBe(true);
  });

  it('an empty platform: nothing done, every step says what is missing', async () => {
    expect((await admin.put('/api/compliance/go-live', { goLiveOn: null })).statusCode).toBe(200);
    const p = await progress(fresh);
    expect(p).toMatchObject({ doneCount: 0, total: 7, empty: true, canGenerateAccounts: true });
    expect(p.steps.map((s) => s.key)).toEqual(['orgs', 'roster', 'committees', 'accounts', 'go_live', 'requirements', 'first_meeting']);
    expect(p.step('orgs').missing[0]).toContain('尚未建立下级党组织');
    expect(p.step('roster').missing).toEqual(['尚无党支部，请先建立组织架构']);
    expect(p.step('accounts').missing).toEqual(['尚无在任书记，请先配齐各党支部书记']);
    expect(p.step('go_live').missing[0]).toContain('尚未设定全市启用日期');
    expect(p.step('requirements').missing[0]).toContain('2026年度考核要求尚未保存');
    expect(p.step('first_meeting').done).toBe(false);
  });

  let branchId: number;
  let members: number[] = [];

  it('step 1: an organ committee alone is not enough; a branch completes the tree', async () => {
    const organ = await fresh.post('/api/orgs', { parentId: rootId, name: '新区某局机关党委', type: 'organ_committee' });
    expect(organ.statusCode, organ.body).toBe(201);
    let p = await progress(fresh);
    expect(p.empty).toBe(false);
    expect(p.step('orgs')).toEqual({ key: 'orgs', done: false, missing: ['尚无党支部'] });
    const branch = await fresh.post('/api/orgs', { parentId: organ.json().id, name: '新区某局第一党支部', type: 'branch' });
    expect(branch.statusCode, branch.body).toBe(201);
    branchId = branch.json().id;
    p = await progress(fresh);
    expect(p.step('orgs').done).toBe(true);
    expect(p.step('roster').missing).toEqual(['1个党支部还没有党员：新区某局第一党支部']);
    expect(p.step('committees').missing).toEqual(['1个党支部没有在任书记：新区某局第一党支部']);
  });

  it('step 2: members in the branch; with 7 正式党员 it needs a committee (ZB-21)', async () => {
    for (let i = 0; i < 7; i++) {
      const m = await fresh.post('/api/members', memberInput(branchId));
      expect(m.statusCode, m.body).toBe(201);
      members.push(m.json().id);
    }
    const p = await progress(fresh);
    expect(p.step('roster').done).toBe(true);
    expect(p.step('committees').missing).toEqual([
      '1个党支部正式党员7名以上，应当成立支部委员会（ZB-21）：新区某局第一党支部',
      '1个党支部没有在任书记：新区某局第一党支部',
    ]);
  });

  it('step 3: a committee with a 书记; then the secretary still lacks an account', async () => {
    for (const [i, post] of (['secretary', 'organization', 'propaganda'] as const).entries()) {
      const c = await fresh.post(`/api/orgs/${branchId}/committee`, { memberId: members[i], post, startedOn: '2026-01-01' });
      expect(c.statusCode, c.body).toBe(201);
    }
    const p = await progress(fresh);
    expect(p.step('committees').done).toBe(true);
    expect(p.step('accounts').done).toBe(false);
    expect(p.step('accounts').missing[0]).toMatch(/^1名书记还没有账户：.+（新区某局第一党支部）$/);
  });

  it('step 4: the generated account completes it', async () => {
    const res = await fresh.post('/api/setup/secretary-accounts', { memberIds: [members[0]] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toHaveLength(1);
    expect((await progress(fresh)).step('accounts').done).toBe(true);
  });

  it('steps 5–7: go-live date, this year’s requirement table, a submitted record', async () => {
    expect((await fresh.put('/api/compliance/go-live', { goLiveOn: '2026-11-01' })).statusCode).toBe(200);
    expect((await progress(fresh)).step('go_live').done).toBe(true);
    expect((await fresh.put('/api/compliance/requirements?year=2026', { national: {}, local: [], reminderDays: 10 })).statusCode).toBe(200);
    expect((await progress(fresh)).step('requirements').done).toBe(true);
    // Paper history brought in (补录) is the past, not the first meeting held on the platform.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('历史活动');
    ws.addRow(['组织编号', '活动日期', '活动类型', '主题', '出席人员']);
    const first = (await fresh.get(`/api/members/${members[0]}`)).json().name;
    ws.addRow([branchId, '2026-05-10', '主题党日', '5月主题党日', first]);
    const imported = await fresh.upload('/api/activities/history/import', 'h.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(imported.json()).toMatchObject({ ok: true, created: 1 });
    expect((await progress(fresh)).step('first_meeting').done).toBe(false);
    const a = await fresh.post('/api/activities', { orgId: branchId, types: ['theme_day'], title: '第一次主题党日', startsAt: '2026-11-20T09:00:00+08:00', endsAt: '2026-11-20T10:00:00+08:00' });
    expect(a.statusCode, a.body).toBe(201);
    const entries = a.json().attendance.map((x: { memberId: number }) => ({ memberId: x.memberId, status: 'present' }));
    expect((await fresh.put(`/api/activities/${a.json().id}/attendance`, { entries })).statusCode).toBe(200);
    // A draft is not yet the first meeting: it must be submitted.
    expect((await progress(fresh)).step('first_meeting').done).toBe(false);
    expect((await fresh.post(`/api/activities/${a.json().id}/submit`)).statusCode).toBe(200);
    const p = await progress(fresh);
    expect(p.doneCount).toBe(7);
    expect(p.steps.every((s) => s.done && s.missing.length === 0)).toBe(true);
  });

  it('a branch without members and a second branch list a few names, counted', async () => {
    const organ = (await fresh.post('/api/orgs', { parentId: rootId, name: '新区另一局机关党委', type: 'organ_committee' })).json().id;
    for (let i = 1; i <= 6; i++) expect((await fresh.post('/api/orgs', { parentId: organ, name: `新区另一局第${i}党支部`, type: 'branch' })).statusCode).toBe(201);
    const p = await progress(fresh);
    expect(p.step('roster').missing).toEqual(['6个党支部还没有党员：新区另一局第1党支部、新区另一局第2党支部、新区另一局第3党支部、新区另一局第4党支部、新区另一局第5党支部等6个']);
  });
});
