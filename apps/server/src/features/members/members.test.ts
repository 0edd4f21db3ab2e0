import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { makeIdNumber, memberInput } from '../../../test/fixture.ts';
import { idNumberCheckChar } from '@xianfeng/shared';

// The member roster through the API: create, masked reads, the audited full read, list filters,
// sorting and paging, updates with organisation history, status changes with history, and an
// audit record with before/after for every change.

const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;

let env: TestEnv;
let admin: TestClient;

type Listed = { id: number; name: string; idNumber: string; phone: string | null; status: string; joinDate: string; orgId: number };

async function createOrg(parentId: number, name: string, type = 'branch') {
  const res = await admin.post('/api/orgs', { parentId, name, type });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function createMember(orgId: number, over: Parameters<typeof memberInput>[1] & { birthDate: string; gender: '男' | '女' }, seq: number) {
  const body = memberInput(orgId, { idNumber: makeIdNumber(over.birthDate, over.gender, seq), ...over });
  const res = await admin.post('/api/members', body);
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as number, body };
}

async function list(query: string): Promise<{ items: Listed[]; total: number }> {
  const res = await admin.get(`/api/members?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const names = (r: { items: { name: string }[] }) => r.items.map((m) => m.name);
const sortedNames = (r: { items: { name: string }[] }) => names(r).sort();

async function auditRows(action: string, entityId?: number) {
  let q = env.database.db.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (entityId !== undefined) q = q.where('entity_id', '=', String(entityId));
  return q.orderBy('id').execute();
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
});
afterAll(() => env.close());

describe('create and read', () => {
  let created: { id: number; body: ReturnType<typeof memberInput> };
  let org: number;

  beforeAll(async () => {
    org = await createOrg(env.fx.b.id, '新增测试党支部');
  });

  it('POST creates the member (201); the list shows the ID number and phone masked', async () => {
    const before = await env.count('member');
    created = await createMember(org, { name: '欧阳·娜', birthDate: '1991-04-12', gender: '女', phone: '13912345678', address: '玄武区珠江路88号' }, 600);
    expect(await env.count('member')).toBe(before + 1);
    const r = await list(`orgId=${org}`);
    expect(r.total).toBe(1);
    const item = r.items[0];
    expect(item).toMatchObject({ id: created.id, name: '欧阳·娜', orgId: org, status: 'normal', joinDate: created.body.joinDate });
    expect(item.idNumber).toMatch(MASKED_ID);
    expect(item.idNumber).toBe(`${created.body.idNumber.slice(0, 4)}**********${created.body.idNumber.slice(-4)}`);
    expect(item.phone).toMatch(MASKED_PHONE);
    expect(item.phone).toBe('139****5678');
    expect(JSON.stringify(r)).not.toContain(created.body.idNumber);
    expect(JSON.stringify(r)).not.toContain('13912345678');
  });

  it('the creation is audited with the masked values only', async () => {
    const rows = await auditRows('member.create', created.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_name).toBe('admin');
    expect(rows[0].before).toBeNull();
    expect(rows[0].after).toMatchObject({ name: '欧阳·娜', org_id: org, id_number_masked: expect.stringMatching(MASKED_ID), phone_masked: '139****5678', address: '（已加密）' });
    const text = JSON.stringify(rows[0]);
    expect(text).not.toContain(created.body.idNumber);
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('珠江路');
  });

  it('a second member with the same ID number is refused (400), also with a lower-case x', async () => {
    const before = { members: await env.count('member'), audit: await env.count('audit_log') };
    const res = await admin.post('/api/members', memberInput(org, { name: '重复者', birthDate: '1991-04-12', gender: '女', idNumber: created.body.idNumber }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', message: '该公民身份号码已登记' });

    // An ID number ending in X, registered, then sent again with a lower-case x.
    let seq = 601;
    while (idNumberCheckChar(makeIdNumber('1992-08-08', '男', seq).slice(0, 17)) !== 'X') seq++;
    const withX = makeIdNumber('1992-08-08', '男', seq);
    await createMember(org, { name: '艾克斯', birthDate: '1992-08-08', gender: '男', idNumber: withX }, seq);
    const again = await admin.post('/api/members', memberInput(org, { name: '小写者', birthDate: '1992-08-08', gender: '男', idNumber: withX.toLowerCase() }));
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toBe('该公民身份号码已登记');
    expect(await env.count('member')).toBe(before.members + 1);
    expect(await env.count('audit_log')).toBe(before.audit + 1);
  });

  it('GET /api/members/:id is masked and carries no address', async () => {
    const res = await admin.get(`/api/members/${created.id}`);
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m).toMatchObject({ id: created.id, name: '欧阳·娜', gender: '女', birthDate: '1991-04-12', hasAddress: true, statusHistory: [], orgHistory: [] });
    expect(m.idNumber).toMatch(MASKED_ID);
    expect(m.phone).toBe('139****5678');
    expect(m).not.toHaveProperty('address');
    expect(res.body).not.toContain(created.body.idNumber);
    expect(res.body).not.toContain('珠江路');
  });

  it('GET /sensitive returns the full values and leaves one audit record per read', async () => {
    const before = (await auditRows('member.sensitive_read', created.id)).length;
    const res = await admin.get(`/api/members/${created.id}/sensitive`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idNumber: created.body.idNumber, phone: '13912345678', address: '玄武区珠江路88号' });
    const rows = await auditRows('member.sensitive_read', created.id);
    expect(rows).toHaveLength(before + 1);
    const last = rows.at(-1)!;
    expect(last.actor_name).toBe('admin');
    expect(last.entity_type).toBe('member');
    expect(last.after).toMatchObject({ name: '欧阳·娜', fields: ['idNumber', 'phone', 'address'] });
    // The audit trail itself does not hold what was read.
    expect(JSON.stringify(last)).not.toContain(created.body.idNumber);

    await admin.get(`/api/members/${created.id}/sensitive`);
    expect(await auditRows('member.sensitive_read', created.id)).toHaveLength(before + 2);
  });
});

describe('list filters', () => {
  let f: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    f = await createOrg(env.fx.b.id, '筛选测试党支部');
    // On the test day 2026-11-23: 林小红 turns 30 that very day, 林大明 is 29 (30 tomorrow).
    ids.林小红 = (await createMember(f, { name: '林小红', birthDate: '1996-11-23', gender: '女', category: 'full', joinDate: '2018-07-01', fullDate: '2019-07-01', rank: 'section' }, 610)).id;
    ids.林大明 = (await createMember(f, { name: '林大明', birthDate: '1996-11-24', gender: '男', category: 'probationary', joinDate: '2026-06-01', fullDate: null, rank: 'staff' }, 611)).id;
    ids.张林 = (await createMember(f, { name: '张林', birthDate: '1960-01-15', gender: '男', category: 'full', joinDate: '1985-07-01', fullDate: '1986-07-01', rank: 'county' }, 612)).id;
    ids.王芳 = (await createMember(f, { name: '王芳', birthDate: '2000-02-29', gender: '女', category: 'probationary', joinDate: '2025-11-23', fullDate: null, rank: 'none' }, 613)).id;
    const s = await admin.post(`/api/members/${ids.王芳}/status`, { status: 'transferred_out', changedOn: '2026-10-01', reason: '调往外省工作' });
    expect(s.statusCode, s.body).toBe(200);
  });

  const q = (extra: string) => list(`orgId=${f}&${extra}`);

  it('by name substring', async () => {
    expect(sortedNames(await q(`name=${encodeURIComponent('林')}`))).toEqual(['张林', '林大明', '林小红'].sort());
    expect(names(await q(`name=${encodeURIComponent('小红')}`))).toEqual(['林小红']);
    expect((await q(`name=${encodeURIComponent('赵')}`)).total).toBe(0);
    // LIKE wildcards typed by the user are literal characters.
    expect((await list(`name=${encodeURIComponent('%')}`)).total).toBe(0);
    expect((await list(`name=${encodeURIComponent('_')}`)).total).toBe(0);
  });

  it('by status, category and rank', async () => {
    expect(names(await q('status=transferred_out'))).toEqual(['王芳']);
    expect(sortedNames(await q('status=normal'))).toEqual(['张林', '林大明', '林小红'].sort());
    expect(sortedNames(await q('category=probationary'))).toEqual(['林大明', '王芳'].sort());
    expect(sortedNames(await q('category=full'))).toEqual(['张林', '林小红'].sort());
    expect(names(await q('rank=county'))).toEqual(['张林']);
    expect(names(await q('rank=staff'))).toEqual(['林大明']);
    expect(sortedNames(await q('category=full&rank=section'))).toEqual(['林小红']);
  });

  it('by age, counted on the test day 2026-11-23', async () => {
    expect(sortedNames(await q('ageMin=30'))).toEqual(['张林', '林小红'].sort());
    expect(sortedNames(await q('ageMax=29'))).toEqual(['林大明', '王芳'].sort());
    expect(names(await q('ageMin=30&ageMax=30'))).toEqual(['林小红']);
    expect(names(await q('ageMin=29&ageMax=29'))).toEqual(['林大明']);
    expect(names(await q('ageMin=26&ageMax=26'))).toEqual(['王芳']);
    expect(names(await q('ageMin=60'))).toEqual(['张林']);
    expect((await q('ageMin=67')).total).toBe(0);
  });

  it('by join date range (both ends inclusive)', async () => {
    expect(sortedNames(await q('joinFrom=2018-07-01&joinTo=2025-11-23'))).toEqual(['林小红', '王芳'].sort());
    expect(sortedNames(await q('joinFrom=2018-07-02'))).toEqual(['林大明', '王芳'].sort());
    expect(names(await q('joinTo=2018-06-30'))).toEqual(['张林']);
  });

  it('bad filter values answer 400 in Chinese', async () => {
    for (const bad of ['status=dead', 'ageMin=-1', 'joinFrom=2026-02-30', 'sort=password', 'pageSize=1000', 'orgId=abc', 'unknown=1']) {
      const res = await admin.get(`/api/members?${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().message, bad).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('orgId covers the whole subtree, including the party group', async () => {
    const inGroup = await createMember(env.fx.a1g.id, { name: '组员甲', birthDate: '1988-03-03', gender: '男' }, 614);
    const a1 = await list(`orgId=${env.fx.a1.id}&pageSize=200`);
    expect(a1.total).toBe(9);
    expect(sortedNames(a1)).toEqual(['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八', '组员甲'].sort());
    const group = await list(`orgId=${env.fx.a1g.id}`);
    expect(group.items.map((m) => m.id)).toEqual([inGroup.id]);
    const a = await list(`orgId=${env.fx.a.id}&pageSize=200`);
    expect(a.total).toBe(12);
    expect(names(a)).not.toContain('卫子');
  });
});

describe('sorting and paging', () => {
  let s: number;

  beforeAll(async () => {
    s = await createOrg(env.fx.b.id, '排序测试党支部');
    const people: [string, string, '男' | '女', string][] = [
      ['Dora', '1985-01-01', '女', '2012-03-01'],
      ['Alice', '1986-01-01', '女', '2015-03-01'],
      ['Carol', '1987-01-01', '女', '2009-03-01'],
      ['Bob', '1988-01-01', '男', '2020-03-01'],
      ['Eve', '1989-01-01', '女', '2011-03-01'],
    ];
    let seq = 620;
    for (const [name, birthDate, gender, joinDate] of people) {
      const fullDate = `${Number(joinDate.slice(0, 4)) + 1}${joinDate.slice(4)}`;
      await createMember(s, { name, birthDate, gender, joinDate, fullDate }, seq++);
    }
  });

  it('by name, ascending and descending', async () => {
    expect(names(await list(`orgId=${s}&sort=name&order=asc`))).toEqual(['Alice', 'Bob', 'Carol', 'Dora', 'Eve']);
    expect(names(await list(`orgId=${s}&sort=name&order=desc`))).toEqual(['Eve', 'Dora', 'Carol', 'Bob', 'Alice']);
    // Over everyone: descending is exactly ascending reversed (ties broken by id).
    const asc = (await list('sort=name&order=asc&pageSize=200')).items.map((m) => m.id);
    const desc = (await list('sort=name&order=desc&pageSize=200')).items.map((m) => m.id);
    expect(desc).toEqual([...asc].reverse());
  });

  it('by join date, ascending and descending', async () => {
    expect(names(await list(`orgId=${s}&sort=joinDate&order=asc`))).toEqual(['Carol', 'Eve', 'Dora', 'Alice', 'Bob']);
    expect(names(await list(`orgId=${s}&sort=joinDate&order=desc`))).toEqual(['Bob', 'Alice', 'Dora', 'Eve', 'Carol']);
    const all = (await list('sort=joinDate&order=asc&pageSize=200')).items.map((m) => m.joinDate);
    expect(all).toEqual([...all].sort());
  });

  it('paging: total counts everything, page 2 holds the next slice', async () => {
    const everyone = await list('sort=name&pageSize=200');
    expect(everyone.total).toBe(await env.count('member'));
    expect(everyone.items).toHaveLength(everyone.total);
    const page2 = await list('sort=name&page=2&pageSize=5');
    expect(page2.total).toBe(everyone.total);
    expect(page2.items.map((m) => m.id)).toEqual(everyone.items.slice(5, 10).map((m) => m.id));
    const inOrg2 = await list(`orgId=${s}&sort=name&page=2&pageSize=2`);
    expect(inOrg2.total).toBe(5);
    expect(names(inOrg2)).toEqual(['Carol', 'Dora']);
    const past = await list(`orgId=${s}&page=4&pageSize=2`);
    expect(past.total).toBe(5);
    expect(past.items).toEqual([]);
  });
});

describe('update', () => {
  let from: number;
  let to: number;
  let m: { id: number; body: ReturnType<typeof memberInput> };

  beforeAll(async () => {
    from = await createOrg(env.fx.b.id, '调出党支部');
    to = await createOrg(env.fx.b.id, '调入党支部');
    m = await createMember(from, { name: '孟调动', birthDate: '1983-06-06', gender: '男', phone: '13800001111', jobPost: '科员' }, 630);
  });

  it('PUT without changing the organisation updates the fields, audited with before and after, no org history', async () => {
    const res = await admin.put(`/api/members/${m.id}`, { ...m.body, jobPost: '副科长', phone: '13800002222', rank: 'county' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: m.id, orgId: from, jobPost: '副科长', phone: '138****2222', rank: 'county', orgHistory: [] });
    expect((await admin.get(`/api/members/${m.id}/sensitive`)).json().phone).toBe('13800002222');
    const rows = await auditRows('member.update', m.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].before).toMatchObject({ jobPost: '科员', phone: '138****1111', rank: 'section', orgId: from });
    expect(rows[0].after).toMatchObject({ job_post: '副科长', phone_masked: '138****2222', rank: 'county', org_id: from });
    expect(JSON.stringify(rows[0])).not.toContain('13800002222');
  });

  it('PUT with another organisation moves the member and records the move in orgHistory', async () => {
    const historyBefore = await env.database.db.selectFrom('member_org_history').select('id').where('member_id', '=', m.id).execute();
    expect(historyBefore).toHaveLength(0);
    const res = await admin.put(`/api/members/${m.id}`, { ...m.body, orgId: to, jobPost: '副科长', phone: '13800002222', rank: 'county' });
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json();
    expect(detail.orgId).toBe(to);
    expect(detail.orgName).toBe('调入党支部');
    expect(detail.orgHistory).toEqual([{ id: expect.any(Number), movedOn: '2026-11-23', reason: '调整所在组织', fromOrgName: '调出党支部', toOrgName: '调入党支部' }]);
    expect((await list(`orgId=${to}`)).items.map((x) => x.id)).toEqual([m.id]);
    expect((await list(`orgId=${from}`)).total).toBe(0);
    const rows = await auditRows('member.update', m.id);
    expect(rows).toHaveLength(2);
    expect(rows[1].before).toMatchObject({ orgId: from, orgName: '调出党支部' });
    expect(rows[1].after).toMatchObject({ org_id: to });
  });

  it('a PUT that fails validation changes nothing and writes no audit', async () => {
    const before = { audit: await env.count('audit_log'), detail: (await admin.get(`/api/members/${m.id}`)).json() };
    const res = await admin.put(`/api/members/${m.id}`, { ...m.body, orgId: to, fullDate: '2000-01-01' });
    expect(res.statusCode).toBe(400);
    expect(await env.count('audit_log')).toBe(before.audit);
    expect((await admin.get(`/api/members/${m.id}`)).json()).toEqual(before.detail);
  });
});

describe('status change', () => {
  let m: { id: number };

  beforeAll(async () => {
    const org = await createOrg(env.fx.b.id, '状态测试党支部');
    m = await createMember(org, { name: '苏状态', birthDate: '1979-09-09', gender: '女' }, 640);
  });

  it('writes statusHistory and a member.status_change audit with before and after', async () => {
    const before = await env.count('member_status_history');
    const input = { status: 'suspended', changedOn: '2026-11-01', reason: '失去联系超过六个月' };
    const res = await admin.post(`/api/members/${m.id}/status`, input);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('suspended');
    expect(res.json().statusHistory).toEqual([{ id: expect.any(Number), fromStatus: 'normal', toStatus: 'suspended', changedOn: '2026-11-01', reason: '失去联系超过六个月' }]);
    expect(await env.count('member_status_history')).toBe(before + 1);
    const rows = await auditRows('member.status_change', m.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_name).toBe('admin');
    expect(rows[0].before).toEqual({ status: 'normal' });
    expect(rows[0].after).toEqual(input);
    expect((await list(`name=${encodeURIComponent('苏状态')}`)).items[0].status).toBe('suspended');
  });

  it('a change to the status the member already has (a second click, or someone was faster) is 409 and changes nothing', async () => {
    const before = { history: await env.count('member_status_history'), audit: await env.count('audit_log') };
    const res = await admin.post(`/api/members/${m.id}/status`, { status: 'suspended', changedOn: '2026-11-20', reason: '重复提交' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', message: '该党员已是“停止党籍”状态' });
    const stale = await admin.post(`/api/members/${m.id}/status`, { status: 'deceased', fromStatus: 'normal', changedOn: '2026-11-20', reason: '按旧页面提交' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain('已被改为“停止党籍”');
    expect(await env.count('member_status_history')).toBe(before.history);
    expect(await env.count('audit_log')).toBe(before.audit);
  });

  it('the history keeps every step in order', async () => {
    const res = await admin.post(`/api/members/${m.id}/status`, { status: 'normal', changedOn: '2026-11-20', reason: '恢复联系' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().statusHistory.map((h: { fromStatus: string; toStatus: string }) => `${h.fromStatus}→${h.toStatus}`)).toEqual(['normal→suspended', 'suspended→normal']);
    const rows = await auditRows('member.status_change', m.id);
    expect(rows.map((r) => [r.before, (r.after as { status: string }).status])).toEqual([
      [{ status: 'normal' }, 'suspended'],
      [{ status: 'suspended' }, 'normal'],
    ]);
  });
});

describe('the calendar day is Beijing’s', () => {
  it('just after midnight in Beijing a status change dated today is accepted', async () => {
    // 2026-11-24 00:30 in Beijing is 2026-11-23 16:30 UTC; members.service.ts takes "today" from the UTC date.
    env.clock.advanceMinutes(14 * 60 + 30);
    const again = await env.login('admin');
    const org = await (async () => {
      const res = await again.post('/api/orgs', { parentId: env.fx.b.id, name: '零点测试党支部', type: 'branch' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    })();
    const body = memberInput(org, { name: '零点', birthDate: '1980-01-01', gender: '男', idNumber: makeIdNumber('1980-01-01', '男', 650) });
    const created = await again.post('/api/members', body);
    expect(created.statusCode, created.body).toBe(201);
    const res = await again.post(`/api/members/${created.json().id}/status`, { status: 'deceased', changedOn: '2026-11-24', reason: '病故' });
    expect(res.statusCode, res.body).toBe(200);
  });
});
