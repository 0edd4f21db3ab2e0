import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { memberInput } from '../../../test/fixture.ts';

// 批量生成书记账户 on the fixture city. Secretaries: A1 赵一 (already linked to sec_a1), A2 陈乙 and
// B1 卫子 (no account). Who may generate follows the account policy: 组织管理员 only strictly below
// the caller's own level, the member within its reach; the three separated admins never.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA2: TestClient;
let a1Sec: number, a2Sec: number, b1Sec: number;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA2] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('sec_a2')]);
  a1Sec = env.fx.membersA1[0];
  a2Sec = env.fx.membersA2[1];
  b1Sec = env.fx.membersB1[0];
  for (const [org, member] of [[env.fx.a1.id, a1Sec], [env.fx.a2.id, a2Sec], [env.fx.b1.id, b1Sec]]) {
    const res = await admin.post(`/api/orgs/${org}/committee`, { memberId: member, post: 'secretary', startedOn: '2025-01-01' });
    expect(res.statusCode, res.body).toBe(201);
  }
  // A former secretary (term ended) gets nothing.
  const ended = await admin.post(`/api/orgs/${env.fx.b1.id}/committee`, { memberId: env.fx.membersB1[1], post: 'secretary', startedOn: '2020-01-01', endedOn: '2024-12-31' });
  expect(ended.statusCode, ended.body).toBe(201);
});
afterAll(() => env.close());

type Row = { memberId: number; memberName: string; orgName: string; username: string; state: string; existingUsername: string | null; reason: string | null };
async function preview(who: TestClient) {
  const res = await who.post('/api/setup/secretary-accounts/preview', {});
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries((res.json().items as Row[]).map((r) => [r.memberId, r]));
}
const accountsOf = (memberId: number) => env.deps.db.selectFrom('app_user').selectAll().where('member_id', '=', memberId).execute();

describe('secretary accounts: who may', () => {
  it('the three separated admins and a member are refused (403), anonymous 401; nothing is written', async () => {
    const before = await env.count('app_user');
    for (const u of ['sysadmin', 'secadmin', 'auditor', 'member_a1']) {
      const c = await env.login(u);
      expect((await c.post('/api/setup/secretary-accounts/preview', {})).statusCode, u).toBe(403);
      expect((await c.post('/api/setup/secretary-accounts', { memberIds: [a2Sec] })).statusCode, u).toBe(403);
    }
    expect((await env.anonymous().post('/api/setup/secretary-accounts', { memberIds: [a2Sec] })).statusCode).toBe(401);
    expect(await env.count('app_user')).toBe(before);
  });

  it('preview: the committee admin sees every branch; who has an account, who would get one', async () => {
    const rows = await preview(admin);
    expect(Object.keys(rows).map(Number).sort()).toEqual([a1Sec, a2Sec, b1Sec].sort());
    expect(rows[a1Sec]).toMatchObject({ state: 'has_account', existingUsername: 'sec_a1' });
    expect(rows[a2Sec]).toMatchObject({ state: 'create', username: `sj${a2Sec}`, orgName: 'A局业务处党支部', parentOrgName: 'A局机关党委', memberName: '陈乙' });
    expect(rows[b1Sec]).toMatchObject({ state: 'create', username: `sj${b1Sec}` });
  });

  it('a unit admin sees its own subtree; a branch admin may not appoint at its own level (not_allowed)', async () => {
    const unitRows = await preview(unit);
    expect(Object.keys(unitRows).map(Number).sort()).toEqual([a1Sec, a2Sec].sort());
    expect(unitRows[a2Sec].state).toBe('create');
    const own = await preview(secA2);
    expect(Object.keys(own).map(Number)).toEqual([a2Sec]);
    expect(own[a2Sec]).toMatchObject({ state: 'not_allowed', reason: '组织管理员由上级任命：只能为本级以下党支部的书记开通账户' });
    const res = await secA2.post('/api/setup/secretary-accounts', { memberIds: [a2Sec] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toEqual([]);
    expect(res.json().skipped[0]).toMatchObject({ memberId: a2Sec, state: 'not_allowed' });
    expect(await accountsOf(a2Sec)).toEqual([]);
  });

  it('a member outside the caller’s subtree, or not a serving secretary, is skipped unnamed', async () => {
    const res = await unit.post('/api/setup/secretary-accounts', { memberIds: [b1Sec, env.fx.membersB1[1]] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toEqual([]);
    expect(res.json().skipped).toEqual([
      { memberId: b1Sec, memberName: '', orgId: 0, orgName: '', parentOrgName: null, username: '', state: 'not_allowed', existingUsername: null, reason: '不是您管理范围内的在任书记' },
      { memberId: env.fx.membersB1[1], memberName: '', orgId: 0, orgName: '', parentOrgName: null, username: '', state: 'not_allowed', existingUsername: null, reason: '不是您管理范围内的在任书记' },
    ]);
    expect(await accountsOf(b1Sec)).toEqual([]);
  });

  it('validation: an empty list is refused in Chinese', async () => {
    const res = await admin.post('/api/setup/secretary-accounts', { memberIds: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('请至少选择一名书记');
  });
});

describe('secretary accounts: creating', () => {
  let created: { userId: number; memberId: number; username: string; initialPassword: string; orgName: string; memberName: string }[];
  let workbook: string;

  it('the unit admin creates A2’s; the committee admin then creates B1’s, A2 already has one', async () => {
    const first = await unit.post('/api/setup/secretary-accounts', { memberIds: [a2Sec] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().created.map((c: { memberId: number }) => c.memberId)).toEqual([a2Sec]);
    const second = await admin.post('/api/setup/secretary-accounts', { memberIds: [a1Sec, a2Sec, b1Sec] });
    expect(second.statusCode, second.body).toBe(200);
    created = [...first.json().created, ...second.json().created];
    workbook = second.json().workbookBase64;
    expect(second.json().created.map((c: { memberId: number }) => c.memberId)).toEqual([b1Sec]);
    expect(second.json().skipped.map((s: Row) => [s.memberId, s.state, s.existingUsername])).toEqual([
      [a1Sec, 'has_account', 'sec_a1'],
      [a2Sec, 'has_account', `sj${a2Sec}`],
    ]);
  });

  it('each account: linked to the member, 组织管理员 and 党员 at the branch, must change its password', async () => {
    for (const c of created) {
      const [row] = await accountsOf(c.memberId);
      expect(row).toMatchObject({ id: c.userId, username: `sj${c.memberId}`, must_change_password: true, disabled: false, display_name: c.memberName });
      expect(row.password_hash).not.toContain(c.initialPassword);
      const grants = await env.deps.db.selectFrom('role_grant').select(['org_id', 'role']).where('user_id', '=', c.userId).orderBy('role').execute();
      const branch = c.memberId === a2Sec ? env.fx.a2.id : env.fx.b1.id;
      expect(grants).toEqual([{ org_id: branch, role: 'member' }, { org_id: branch, role: 'org_admin' }]);
      expect(c.initialPassword).toMatch(/^[A-HJ-NP-Za-km-z2-9@#%+=]{12}$/);
    }
    expect((await accountsOf(a2Sec))[0].created_by).toBe(env.fx.users.unitadmin);
    // The initial password logs in, and the session is told to change it first.
    const login = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: created[0].username, password: created[0].initialPassword } });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().user.mustChangePassword).toBe(true);
  });

  it('audit: one user.create per account, with the source, never the password', async () => {
    const rows = await env.deps.db.selectFrom('audit_log').select(['action', 'entity_id', sql<string>`after::text`.as('after')]).where('action', '=', 'user.create').execute();
    const ours = rows.filter((r) => r.after.includes('setup.secretary_accounts'));
    expect(ours.map((r) => Number(r.entity_id)).sort()).toEqual(created.map((c) => c.userId).sort());
    const everything = await sql<{ t: string }>`select string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ' ') as t from audit_log`.execute(env.deps.db);
    for (const c of created) expect(everything.rows[0].t).not.toContain(c.initialPassword);
  });

  it('the workbook carries the same slips: branch, name, username, initial password, login address', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(workbook, 'base64') as never);
    const ws = wb.getWorksheet('书记账户')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(['上级党组织', '党组织', '姓名', '用户名', '初始密码', '登录地址', '说明']);
    const b1 = created.find((c) => c.memberId === b1Sec)!;
    expect((ws.getRow(2).values as string[]).slice(1)).toEqual(['B局机关党委', 'B局综合处党支部', '卫子', `sj${b1Sec}`, b1.initialPassword, 'http://localhost:80/login', '首次登录须修改密码']);
  });

  it('a second run creates nothing: every secretary has an account', async () => {
    const before = await env.count('app_user');
    const rows = await preview(admin);
    expect(Object.values(rows).map((r) => r.state)).toEqual(['has_account', 'has_account', 'has_account']);
    const res = await admin.post('/api/setup/secretary-accounts', { memberIds: [a1Sec, a2Sec, b1Sec] });
    expect(res.json().created).toEqual([]);
    expect(await env.count('app_user')).toBe(before);
  });

  it('a username already used by another account is reported, not overwritten', async () => {
    const m = await admin.post('/api/members', memberInput(env.fx.b1.id));
    const id = m.json().id;
    // Someone created "sj<id>" by hand, unlinked, before the member became secretary.
    expect((await admin.post('/api/users', { username: `sj${id}`, password: 'Abcdef#2026x', grants: [] })).statusCode).toBe(201);
    await admin.post(`/api/orgs/${env.fx.b1.id}/committee/${(await env.deps.db.selectFrom('org_committee_member').select('id').where('member_id', '=', b1Sec).executeTakeFirstOrThrow()).id}/end`, { endedOn: '2026-11-22' });
    expect((await admin.post(`/api/orgs/${env.fx.b1.id}/committee`, { memberId: id, post: 'secretary', startedOn: '2026-11-23' })).statusCode).toBe(201);
    expect((await preview(admin))[id]).toMatchObject({ state: 'username_taken' });
    const res = await admin.post('/api/setup/secretary-accounts', { memberIds: [id] });
    expect(res.json()).toMatchObject({ created: [], skipped: [{ memberId: id, state: 'username_taken' }] });
  });

  it('a secretary whose linked account lacks 组织管理员 at the branch: reported, never re-granted by the bulk', async () => {
    // 钱二 (linked to member_a1, 党员 only) follows 赵一 as A1's secretary.
    const serving = await env.deps.db.selectFrom('org_committee_member').select('id').where('member_id', '=', a1Sec).where('post', '=', 'secretary').executeTakeFirstOrThrow();
    expect((await admin.post(`/api/orgs/${env.fx.a1.id}/committee/${serving.id}/end`, { endedOn: '2026-11-22' })).statusCode).toBe(200);
    const qian = env.fx.membersA1[1];
    expect((await admin.post(`/api/orgs/${env.fx.a1.id}/committee`, { memberId: qian, post: 'secretary', startedOn: '2026-11-23' })).statusCode).toBe(201);
    expect((await preview(admin))[qian]).toMatchObject({ state: 'has_account', existingUsername: 'member_a1', reason: '该账户没有本支部“组织管理员”授权，请在“账户与权限”中为 member_a1 授权' });
    const res = await admin.post('/api/setup/secretary-accounts', { memberIds: [qian] });
    expect(res.json().created).toEqual([]);
    const grants = await env.deps.db.selectFrom('role_grant').select('role').where('user_id', '=', env.fx.users.member_a1).execute();
    expect(grants).toEqual([{ role: 'member' }]);
    const progress = (await admin.get('/api/setup/progress')).json();
    const accounts = progress.steps.find((st: { key: string }) => st.key === 'accounts');
    expect(accounts.done).toBe(false);
    expect(accounts.missing).toContain('1名书记的账户没有本支部“组织管理员”授权（请在“账户与权限”中授权）：钱二（member_a1）');
  });
});
