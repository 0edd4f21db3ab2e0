import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 党纪政务处分台账: its own permission (only the 纪检干部 role reads it — not the committee admin),
// every read audited, the keeper's subtree as its bound, periods of effect from the kind, 开除党籍
// through the member's status history, revocation with a reason, validation in Chinese that
// writes nothing, and nobody handing themselves the role.

let env: TestEnv;
let jj: TestClient; // 纪检干部 of the whole city
let jjB: TestClient; // 纪检干部 of unit B only
const users: Record<string, number> = {};


const addAccount = async (username: string, grants: [number, string][]) => {
  users[username] = await env.addAccount(username, grants);
};

beforeAll(async () => {
  env = await createTestEnv();
  await addAccount('jijian', [[env.fx.root.id, 'discipline_officer']]);
  await addAccount('jijian_b', [[env.fx.b.id, 'discipline_officer']]);
  [jj, jjB] = await Promise.all([env.login('jijian'), env.login('jijian_b')]);
});
afterAll(() => env.close());

const record = (over: Record<string, unknown> = {}) => ({
  memberId: env.fx.membersA1[2],
  kind: 'party_warning',
  decidedOn: '2026-10-15',
  decidedBy: 'A局机关纪委',
  documentNo: 'A纪〔2026〕3号',
  caseNo: 'A-2026-01',
  summary: '违反工作纪律，造成不良影响',
  ...over,
});
const count = async () => Number((await env.deps.db.selectFrom('discipline_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const audits = async (action: string, userId: number) =>
  (await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', action as never).where('actor_user_id', '=', userId).execute()).length;

describe('who reaches the register', () => {
  it('only the 纪检干部: the committee admin, unit and branch admins, members and the 三员 get 403', async () => {
    for (const u of ['admin', 'unitadmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor']) {
      const c = await env.login(u);
      expect((await c.get('/api/discipline-cases')).statusCode, u).toBe(403);
      expect((await c.post('/api/discipline-cases', record())).statusCode, u).toBe(403);
      expect((await c.get('/api/discipline-cases/members?q=赵')).statusCode, u).toBe(403);
    }
    expect(await count()).toBe(0);
  });

  it('nobody hands the role out but the security admin; no admin resets a 纪检干部 account', async () => {
    const grant = { grants: [{ orgId: env.fx.a.id, role: 'discipline_officer' }] };
    for (const u of ['admin', 'unitadmin']) {
      const c = await env.login(u);
      const self = await c.put(`/api/users/${env.fx.users[u]}/grants`, grant);
      expect(self.statusCode, u).toBeGreaterThanOrEqual(400);
      const other = await c.put(`/api/users/${env.fx.users.member_a1}/grants`, grant);
      expect(other.statusCode, u).toBeGreaterThanOrEqual(400);
      expect([403, 404], u).toContain((await c.post(`/api/users/${users.jijian}/password`, { password: 'Taken@2026over' })).statusCode);
    }
    expect(await env.deps.db.selectFrom('role_grant').select('user_id').where('role', '=', 'discipline_officer').execute()).toHaveLength(2);
    const sec = await env.login('secadmin');
    await addAccount('to_be_jijian', []);
    const granted = await sec.put(`/api/users/${users.to_be_jijian}/grants`, { grants: [{ orgId: env.fx.a.id, role: 'discipline_officer' }] });
    expect(granted.statusCode, granted.body).toBe(200);
  });
});

describe('recording', () => {
  it('a party warning: category, severity and a period of one year from the kind; the creation is audited', async () => {
    const res = await jj.post('/api/discipline-cases', record());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ memberName: '孙三', orgName: 'A局综合处党支部', unitName: 'A局机关党委', category: 'party', severity: 'light', effectiveFrom: '2026-10-15', effectiveUntil: '2027-10-14', inEffect: true, status: 'effective' });
    expect(await audits('discipline.create', users.jijian)).toBe(1);
  });

  it('a government 记大过 runs 18 months; a given end day is kept; a talk has no period and is never "in effect"', async () => {
    const gov = (await jj.post('/api/discipline-cases', record({ kind: 'gov_major_demerit', decidedOn: '2026-01-31' }))).json();
    expect(gov).toMatchObject({ category: 'government', severity: 'heavy', effectiveUntil: '2027-07-30' });
    const given = (await jj.post('/api/discipline-cases', record({ kind: 'party_probation', effectiveUntil: '2028-10-14' }))).json();
    expect(given.effectiveUntil).toBe('2028-10-14');
    const talk = (await jj.post('/api/discipline-cases', record({ kind: 'reminder_talk', decidedBy: '机关纪委书记 张某', effectiveUntil: '2027-01-01' }))).json();
    expect(talk).toMatchObject({ category: 'talk', severity: null, effectiveUntil: null, inEffect: false });
  });

  it('bad input is refused in Chinese and writes nothing', async () => {
    const before = await count();
    const future = await jj.post('/api/discipline-cases', record({ decidedOn: '2026-12-01' }));
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toBe('决定（约谈）日期不能晚于今天');
    const empty = await jj.post('/api/discipline-cases', record({ summary: '' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('事由不能为空');
    const backwards = await jj.post('/api/discipline-cases', record({ effectiveFrom: '2026-10-15', effectiveUntil: '2026-10-01' }));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('影响期结束日期不能早于开始日期');
    expect((await jj.post('/api/discipline-cases', record({ kind: 'beheading' }))).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('a unit keeper sees and records only its own subtree: another unit is 404, reading or writing', async () => {
    const a = (await jj.get('/api/discipline-cases')).json().items[0];
    expect((await jjB.get(`/api/discipline-cases/${a.id}`)).statusCode).toBe(404);
    expect((await jjB.get('/api/discipline-cases')).json().total).toBe(0);
    expect((await jjB.post('/api/discipline-cases', record())).statusCode).toBe(404);
    expect((await jjB.post(`/api/discipline-cases/${a.id}/revoke`, { revokedOn: '2026-11-20', reason: '错' })).statusCode).toBe(404);
    expect((await jjB.get('/api/discipline-cases/members?q=孙')).json().items).toEqual([]);
    const own = await jjB.post('/api/discipline-cases', record({ memberId: env.fx.membersB1[0], kind: 'admonition' }));
    expect(own.statusCode).toBe(201);
    expect((await jjB.get('/api/discipline-cases')).json().items.map((i: { memberName: string }) => i.memberName)).toEqual(['卫子']);
  });

  it('every read is audited: the list page (with the ids shown) and each record', async () => {
    const lists = await audits('discipline.list_read', users.jijian);
    const page = (await jj.get('/api/discipline-cases?category=party')).json();
    expect(page.items.every((i: { category: string }) => i.category === 'party')).toBe(true);
    expect(await audits('discipline.list_read', users.jijian)).toBe(lists + 1);
    const entry = await env.deps.db.selectFrom('audit_log').select('after').where('action', '=', 'discipline.list_read').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(entry.after)).toContain(String(page.items[0].id));
    await jj.get(`/api/discipline-cases/${page.items[0].id}`);
    expect(await audits('discipline.read', users.jijian)).toBe(1);
  });

  it('"in effect today" filters in the database: an old warning whose year is over is not', async () => {
    const old = (await jj.post('/api/discipline-cases', record({ decidedOn: '2024-03-01', memberId: env.fx.membersA2[1] }))).json();
    expect(old).toMatchObject({ effectiveUntil: '2025-02-28', inEffect: false });
    const live = (await jj.get('/api/discipline-cases?inEffect=true&pageSize=200')).json().items.map((i: { id: number }) => i.id);
    expect(live).not.toContain(old.id);
    expect((await jj.get('/api/discipline-cases?inEffect=false&pageSize=200')).json().items.map((i: { id: number }) => i.id)).toContain(old.id);
    expect((await jj.get('/api/discipline-cases?year=2024')).json().items.map((i: { id: number }) => i.id)).toEqual([old.id]);
  });
});

describe('开除党籍 and revocation', () => {
  const memberOf = () => env.fx.membersA1[3];
  const status = async () => (await env.deps.db.selectFrom('member').select('status').where('id', '=', memberOf()).executeTakeFirstOrThrow()).status;

  it('an expulsion makes the member 出党 through the status history, in the same transaction; a second one is 409', async () => {
    const res = await jj.post('/api/discipline-cases', record({ memberId: memberOf(), kind: 'party_expulsion', decidedOn: '2026-11-02' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ effectiveUntil: null, inEffect: true });
    expect(await status()).toBe('expelled');
    const history = await env.deps.db.selectFrom('member_status_history').selectAll().where('member_id', '=', memberOf()).execute();
    expect(history).toMatchObject([{ from_status: 'normal', to_status: 'expelled', changed_on: '2026-11-02' }]);
    const again = await jj.post('/api/discipline-cases', record({ memberId: memberOf(), kind: 'party_expulsion' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该党员已是“出党”状态，不能再登记开除党籍');
  });

  it('a record is corrected while effective; an expulsion cannot be turned into another kind', async () => {
    const id = (await jj.get('/api/discipline-cases?memberId=' + env.fx.membersA1[2] + '&category=party')).json().items.at(-1).id;
    const edited = await jj.put(`/api/discipline-cases/${id}`, { ...record(), memberId: undefined, kind: 'party_serious_warning' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ kind: 'party_serious_warning', effectiveUntil: '2028-04-14' });
    const expulsion = (await jj.get(`/api/discipline-cases?memberId=${memberOf()}`)).json().items[0];
    const turned = await jj.put(`/api/discipline-cases/${expulsion.id}`, { ...record(), memberId: undefined, kind: 'party_warning' });
    expect(turned.statusCode).toBe(409);
  });

  it('revoking the expulsion restores the member to 正常; a revoked record is neither edited nor revoked again', async () => {
    const expulsion = (await jj.get(`/api/discipline-cases?memberId=${memberOf()}`)).json().items[0];
    const revoked = await jj.post(`/api/discipline-cases/${expulsion.id}/revoke`, { revokedOn: '2026-11-20', reason: '经复查，处分决定撤销' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', inEffect: false, revokedReason: '经复查，处分决定撤销' });
    expect(await status()).toBe('normal');
    const again = await jj.post(`/api/discipline-cases/${expulsion.id}/revoke`, { revokedOn: '2026-11-20', reason: '再撤' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('已撤销');
    expect((await jj.put(`/api/discipline-cases/${expulsion.id}`, { ...record(), memberId: undefined })).statusCode).toBe(409);
    expect(await audits('discipline.revoke', users.jijian)).toBe(1);
  });

  const historyOf = (memberId: number) =>
    env.deps.db.selectFrom('member_status_history').select(['from_status', 'to_status', 'changed_on', 'reason']).where('member_id', '=', memberId).orderBy('id').execute();
  const memberRow = (memberId: number) => env.deps.db.selectFrom('member').select(['status', 'category']).where('id', '=', memberId).executeTakeFirstOrThrow();

  it('revoking restores the status the member had before the expulsion (停止党籍 stays 停止党籍), not always 正常; the history shows both changes', async () => {
    // A 预备党员 whose 党籍 was suspended (停止党籍), then expelled: the revocation gives back 停止党籍, and
    // the category (预备党员) is untouched by either change.
    const id = env.fx.membersA1[5];
    await env.deps.db.updateTable('member').set({ category: 'probationary' }).where('id', '=', id).execute();
    const admin = await env.login('admin');
    const suspended = await admin.post(`/api/members/${id}/status`, { status: 'suspended', changedOn: '2026-10-01', reason: '停止党籍' });
    expect(suspended.statusCode, suspended.body).toBe(200);
    const expelled = await jj.post('/api/discipline-cases', record({ memberId: id, kind: 'party_expulsion', decidedOn: '2026-11-03', caseNo: 'A-2026-07' }));
    expect(expelled.statusCode, expelled.body).toBe(201);
    expect(await memberRow(id)).toEqual({ status: 'expelled', category: 'probationary' });
    const revoked = await jj.post(`/api/discipline-cases/${expelled.json().id}/revoke`, { revokedOn: '2026-11-21', reason: '经复查，处分决定撤销' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(await memberRow(id)).toEqual({ status: 'suspended', category: 'probationary' });
    expect(await historyOf(id)).toEqual([
      { from_status: 'normal', to_status: 'suspended', changed_on: '2026-10-01', reason: '停止党籍' },
      { from_status: 'suspended', to_status: 'expelled', changed_on: '2026-11-03', reason: '开除党籍（纪律处分）' },
      { from_status: 'expelled', to_status: 'suspended', changed_on: '2026-11-21', reason: '撤销开除党籍处分：经复查，处分决定撤销' },
    ]);
    // The member page shows the restored status.
    expect((await admin.get(`/api/members/${id}`)).json()).toMatchObject({ status: 'suspended' });
  });

  it('without the expulsion\'s history row (an expulsion recorded before the history was kept) the revocation falls back to 正常', async () => {
    const id = env.fx.membersA1[6];
    const expelled = await jj.post('/api/discipline-cases', record({ memberId: id, kind: 'party_expulsion', decidedOn: '2026-11-04', caseNo: 'A-2026-08' }));
    expect(expelled.statusCode, expelled.body).toBe(201);
    await env.deps.db.deleteFrom('member_status_history').where('member_id', '=', id).execute();
    await env.deps.db.updateTable('member').set({ status: 'expelled' }).where('id', '=', id).execute();
    const revoked = await jj.post(`/api/discipline-cases/${expelled.json().id}/revoke`, { revokedOn: '2026-11-21', reason: '撤销' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await memberRow(id)).status).toBe('normal');
    expect(await historyOf(id)).toEqual([{ from_status: 'expelled', to_status: 'normal', changed_on: '2026-11-21', reason: '撤销开除党籍处分：撤销' }]);
  });
});
