import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../test/harness.ts';
import { makeIdNumber, memberInput, type Fixture } from '../../test/fixture.ts';

// Bad input on every write endpoint answers 400 { code: 'VALIDATION', message: <Chinese> } and
// changes nothing: no row in any table is added, altered or removed and no audit record is written.

const HAN = /[\u4e00-\u9fa5]/;
const HTML = '<script>alert(1)</script>';
const SQLI = "'; drop table member; --";
const LONG_HAN = '长'.repeat(10_000);
const LONG_LATIN = 'a'.repeat(10_000);

let env: TestEnv;
let admin: TestClient;
let fx: Fixture;
/** Organisations of our own, so the org endpoints have safe targets. */
const own = { mover: 0, dissolvable: 0, committeeId: 0, withChild: 0, withMembers: 0, dissolveEarly: 0, dissolveFuture: 0 };

const COUNTED = ['member', 'org', 'app_user', 'role_grant', 'org_committee_member', 'unit', 'member_status_history', 'audit_log'] as const;
const DUMPED = ['org', 'member', 'app_user', 'role_grant', 'org_committee_member', 'unit', 'member_status_history', 'member_org_history'] as const;

/** Row counts (the brief's tables, the audit log and sessions) and the full content of every data table. */
async function snapshot() {
  const counts: Record<string, number> = {};
  for (const t of COUNTED) counts[t] = await env.count(t);
  counts.session = (await sql<{ n: number }>`select count(*)::int as n from session`.execute(env.database.db)).rows[0].n;
  const rows: Record<string, unknown[]> = {};
  for (const t of DUMPED) rows[t] = (await sql`select * from ${sql.table(t)} order by id`.execute(env.database.db)).rows;
  return { counts, rows };
}

async function memberTableExists() {
  const r = await sql<{ t: string | null }>`select to_regclass('public.member')::text as t`.execute(env.database.db);
  return r.rows[0].t === 'member';
}

/**
 * Sends a bad request and checks the answer and that the database is exactly as before — but for
 * the one audit record of a refusal that is audited by design (a wrong password), when named.
 */
async function expectRejected(send: () => Promise<LightMyRequestResponse>, mention?: string | RegExp, audited?: string) {
  const before = await snapshot();
  if (audited) before.counts.audit_log += 1;
  const res = await send();
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json();
  expect(body.code).toBe('VALIDATION');
  expect(body.message).toMatch(HAN);
  if (typeof mention === 'string') expect(body.message).toContain(mention);
  else if (mention) expect(body.message).toMatch(mention);
  const after = await snapshot();
  expect(after.counts).toEqual(before.counts);
  expect(after.rows).toEqual(before.rows);
  if (audited) expect((await env.database.db.selectFrom('audit_log').select('action').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).action).toBe(audited);
  return body as { code: string; message: string };
}

type Case = [label: string, body: (f: Fixture) => unknown, mention?: string | RegExp];

beforeAll(async () => {
  env = await createTestEnv();
  fx = env.fx;
  admin = await env.login('admin');
  const mk = async (body: object) => {
    const res = await admin.post('/api/orgs', body);
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as number;
  };
  own.mover = await mk({ parentId: fx.a.id, name: '待移动党支部', type: 'branch', foundedOn: '2024-01-01' });
  own.dissolvable = await mk({ parentId: fx.b.id, name: '待撤销党支部', type: 'branch', foundedOn: '2024-01-01' });
  own.dissolveEarly = await mk({ parentId: fx.b.id, name: '早撤销党支部', type: 'branch', foundedOn: '2024-01-01' });
  own.dissolveFuture = await mk({ parentId: fx.b.id, name: '未来撤销党支部', type: 'branch', foundedOn: '2024-01-01' });
  own.withChild = await mk({ parentId: fx.b.id, name: '有下级的党支部', type: 'branch' });
  await mk({ parentId: own.withChild, name: '有下级的党支部第一党小组', type: 'party_group' });
  own.withMembers = await mk({ parentId: fx.b.id, name: '有党员的党支部', type: 'branch' });
  const m = await admin.post('/api/members', memberInput(own.withMembers, { name: '周有', birthDate: '1985-03-03', gender: '男', idNumber: makeIdNumber('1985-03-03', '男', 504) }));
  if (m.statusCode !== 201) throw new Error(m.body);
  const c = await admin.post(`/api/orgs/${fx.a1.id}/committee`, { memberId: fx.membersA1[0], post: 'secretary', startedOn: '2026-01-01' });
  if (c.statusCode !== 201) throw new Error(c.body);
  own.committeeId = c.json().id;
});
afterAll(() => env.close());

// ───────────────────────────────────────────── organisations ─────────────────────────────────────────────

describe('POST /api/orgs', () => {
  const ok = (f: Fixture, over: object = {}) => ({ parentId: f.a.id, name: '新建党支部', type: 'branch', ...over });
  const cases: Case[] = [
    ['HTML in the name', (f) => ok(f, { name: HTML }), '组织名称只能包含'],
    ['SQL in the name', (f) => ok(f, { name: SQLI }), '组织名称只能包含'],
    ['a name of 10,000 characters', (f) => ok(f, { name: LONG_HAN }), '不能超过100个字符'],
    ['an empty name', (f) => ok(f, { name: '' }), '组织名称不能为空'],
    ['a name of blanks only', (f) => ok(f, { name: '   ' }), '组织名称不能为空'],
    ['a name that is a number', (f) => ok(f, { name: 123 })],
    ['the parent id as a string', (f) => ok(f, { parentId: String(f.a.id) }), '上级组织'],
    ['a fractional parent id', (f) => ok(f, { parentId: 1.5 }), '上级组织'],
    ['a negative parent id', (f) => ok(f, { parentId: -1 }), '上级组织'],
    ['a parent id beyond int4', (f) => ok(f, { parentId: 2_147_483_648 }), '上级组织'],
    ['no parent', (f) => ({ name: '新建党支部', type: 'branch' }), '上级组织'],
    ['an unknown type', (f) => ok(f, { type: 'club' }), '类型'],
    ['founding date 2026-02-30', (f) => ok(f, { foundedOn: '2026-02-30' }), '日期不存在：2026-02-30'],
    ['founding date with slashes', (f) => ok(f, { foundedOn: '2026/01/01' }), 'YYYY-MM-DD'],
    ['term end before term start', (f) => ok(f, { termStart: '2026-01-01', termEnd: '2025-01-01' }), '届满日期应晚于任期开始日期'],
    ['HTML in the contact', (f) => ok(f, { contact: HTML }), '尖括号'],
    ['a contact phone of 10,000 characters', (f) => ok(f, { contactPhone: LONG_LATIN }), '联系电话应为11位手机号或区号+固定电话'],
    ['a contact phone that is not a phone number', (f) => ok(f, { contactPhone: '请找办公室' }), '联系电话应为11位手机号或区号+固定电话'],
    ['the unit id as a string', (f) => ok(f, { unitId: '1' }), '所属单位'],
    ['an unknown field (path)', (f) => ok(f, { path: '/1/' }), 'path'],
    ['a body that is an array', () => [], '输入有误'],
    ['a party group as the parent', (f) => ok(f, { parentId: f.a1g.id }), '党小组下不能再设组织'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post('/api/orgs', body(fx)), mention);
  });

  it('SQL text in the contact (free text) is stored literally', async () => {
    const contact = "王'; drop table org; --";
    const before = await env.count('org');
    const res = await admin.post('/api/orgs', { parentId: fx.b.id, name: '字面存储测试党支部', type: 'branch', contact });
    expect(res.statusCode, res.body).toBe(201);
    expect((await admin.get(`/api/orgs/${res.json().id}`)).json().contact).toBe(contact);
    expect(await env.count('org')).toBe(before + 1);
  });
});

describe('PATCH /api/orgs/:id', () => {
  const cases: Case[] = [
    ['HTML in the name', () => ({ name: HTML }), '组织名称只能包含'],
    ['SQL in the name', () => ({ name: SQLI }), '组织名称只能包含'],
    ['a name of 10,000 characters', () => ({ name: LONG_HAN }), '不能超过100个字符'],
    ['an empty name', () => ({ name: '' }), '组织名称不能为空'],
    ['a null name', () => ({ name: null })],
    ['an unknown type', () => ({ type: 'club' }), '类型'],
    ['the unit id as a string', () => ({ unitId: 'x' }), '所属单位'],
    ['founding date 2026-02-30', () => ({ foundedOn: '2026-02-30' }), '日期不存在：2026-02-30'],
    ['term end before term start', () => ({ termStart: '2026-01-01', termEnd: '2025-01-01' }), '届满日期应晚于任期开始日期'],
    ['HTML in the contact', () => ({ contact: `<img src=x onerror=alert(1)>` }), '尖括号'],
    ['an unknown field (parentId: moving is its own action)', (f) => ({ parentId: f.b.id }), 'parentId'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.patch(`/api/orgs/${fx.a2.id}`, body(fx)), mention);
  });

  it('a non-numeric id in the path → 400', async () => {
    await expectRejected(() => admin.patch('/api/orgs/abc', { name: '改名' }));
  });

  it('turning an organisation with sub-organisations into a 党小组 is refused', async () => {
    // It holds a party group: a 党小组 cannot have organisations under it (createOrg and moveOrg refuse it).
    await expectRejected(() => admin.patch(`/api/orgs/${own.withChild}`, { type: 'party_group' }));
  });

  it('turning a 党支部 that holds members into a 机关党委 is refused', async () => {
    // Members must be kept in a 党支部 or 党小组 (createMember refuses any other type).
    await expectRejected(() => admin.patch(`/api/orgs/${own.withMembers}`, { type: 'organ_committee' }));
  });
});

describe('POST /api/orgs/:id/move', () => {
  const cases: Case[] = [
    ['an empty body', () => ({}), '新的上级组织'],
    ['the new parent id as a string', (f) => ({ newParentId: String(f.b.id) }), '新的上级组织'],
    ['a zero id', () => ({ newParentId: 0 }), '新的上级组织'],
    ['an id beyond int4', () => ({ newParentId: 2_147_483_648 }), '新的上级组织'],
    ['an unknown field', (f) => ({ newParentId: f.b.id, keepMembers: true }), 'keepMembers'],
    ['itself as the new parent', () => ({ newParentId: own.mover }), '不能把组织移动到它自己'],
    ['a party group as the new parent', (f) => ({ newParentId: f.a1g.id }), '党小组下不能再设组织'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post(`/api/orgs/${own.mover}/move`, body(fx)), mention);
  });

  it('the root cannot be moved → 400', async () => {
    await expectRejected(() => admin.post(`/api/orgs/${fx.root.id}/move`, { newParentId: fx.a.id }), '根组织不能移动');
  });
});

describe('POST /api/orgs/:id/merge', () => {
  const cases: Case[] = [
    ['an empty body', () => ({}), '并入组织'],
    ['the target id as a string', (f) => ({ intoId: String(f.a2.id) }), '并入组织'],
    ['a negative id', () => ({ intoId: -5 }), '并入组织'],
    ['an unknown field', (f) => ({ intoId: f.a2.id, reason: '合并' }), 'reason'],
    ['itself as the target', () => ({ intoId: own.mover }), '不能与自身合并'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post(`/api/orgs/${own.mover}/merge`, body(fx)), mention);
  });
});

describe('POST /api/orgs/:id/dissolve', () => {
  const cases: Case[] = [
    ['an empty body', () => ({}), '撤销日期'],
    ['dissolution date 2026-02-30', () => ({ dissolvedOn: '2026-02-30' }), '日期不存在：2026-02-30'],
    ['dissolution date with slashes', () => ({ dissolvedOn: '2026/11/01' }), 'YYYY-MM-DD'],
    ['dissolution date as a number', () => ({ dissolvedOn: 20261101 }), '撤销日期'],
    ['the receiving org id as a string', (f) => ({ dissolvedOn: '2026-11-01', moveMembersTo: String(f.b1.id) }), '接收党员的组织'],
    ['an unknown field', () => ({ dissolvedOn: '2026-11-01', reason: '机构改革' }), 'reason'],
    ['itself as the receiving org', () => ({ dissolvedOn: '2026-11-01', moveMembersTo: own.dissolvable }), '接收党员的组织无效'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post(`/api/orgs/${own.dissolvable}/dissolve`, body(fx)), mention);
  });

  it('the root cannot be dissolved → 400', async () => {
    await expectRejected(() => admin.post(`/api/orgs/${fx.root.id}/dissolve`, { dissolvedOn: '2026-11-01' }), '根组织不能撤销');
  });

  it('a dissolution date before the founding date is refused', async () => {
    // 早撤销党支部 was founded on 2024-01-01.
    await expectRejected(() => admin.post(`/api/orgs/${own.dissolveEarly}/dissolve`, { dissolvedOn: '2023-06-01' }));
  });

  it('a dissolution date in the future is refused', async () => {
    // Today is 2026-11-23; the org would vanish from the tree at once with a date that has not come.
    await expectRejected(() => admin.post(`/api/orgs/${own.dissolveFuture}/dissolve`, { dissolvedOn: '2027-06-01' }));
  });
});

describe('POST /api/orgs/:id/committee', () => {
  const ok = (f: Fixture, over: object = {}) => ({ memberId: f.membersA1[2], post: 'organization', startedOn: '2026-01-01', ...over });
  const cases: Case[] = [
    ['an empty body', () => ({}), '党员'],
    ['the member id as a string', (f) => ok(f, { memberId: String(f.membersA1[2]) }), '党员'],
    ['a fractional member id', (f) => ok(f, { memberId: 2.5 }), '党员'],
    ['an unknown post', (f) => ok(f, { post: 'king' }), '职务'],
    ['start date 2026-02-30', (f) => ok(f, { startedOn: '2026-02-30' }), '日期不存在：2026-02-30'],
    ['end date before start date', (f) => ok(f, { endedOn: '2025-12-31' }), '离任日期不能早于任职日期'],
    ['an unknown field', (f) => ok(f, { orgId: f.b1.id }), 'orgId'],
    ['a member from another subtree', (f) => ok(f, { memberId: f.membersB1[0] }), '委员须为本组织'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post(`/api/orgs/${fx.a1.id}/committee`, body(fx)), mention);
  });
});

describe('POST /api/orgs/:id/committee/:cid/end', () => {
  const cases: Case[] = [
    ['an empty body', () => ({}), '离任日期'],
    ['end date 2026-02-30', () => ({ endedOn: '2026-02-30' }), '日期不存在：2026-02-30'],
    ['end date as a number', () => ({ endedOn: 20260601 }), '离任日期'],
    ['an unknown field', () => ({ endedOn: '2026-06-01', reason: '调动' }), 'reason'],
    ['end date before the start date', () => ({ endedOn: '2025-12-31' }), '离任日期不能早于任职日期'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post(`/api/orgs/${fx.a1.id}/committee/${own.committeeId}/end`, body(fx)), mention);
    const row = await env.database.db.selectFrom('org_committee_member').select('ended_on').where('id', '=', own.committeeId).executeTakeFirstOrThrow();
    expect(row.ended_on).toBeNull();
  });

  it('a non-numeric committee id in the path → 400', async () => {
    await expectRejected(() => admin.post(`/api/orgs/${fx.a1.id}/committee/abc/end`, { endedOn: '2026-06-01' }));
  });
});

describe('POST /api/units', () => {
  const cases: Case[] = [
    ['HTML in the name', () => ({ name: HTML, type: 'organ' }), '单位名称只能包含'],
    ['SQL in the name', () => ({ name: SQLI, type: 'organ' }), '单位名称只能包含'],
    ['a name of 10,000 characters', () => ({ name: LONG_HAN, type: 'organ' }), '不能超过100个字符'],
    ['an empty name', () => ({ name: '', type: 'organ' }), '单位名称不能为空'],
    ['a name that is a number', () => ({ name: 123, type: 'organ' })],
    ['an unknown type', () => ({ name: '测试局', type: 'bank' }), '类型'],
    ['a credit code of 10,000 characters', () => ({ name: '测试局', type: 'organ', creditCode: LONG_LATIN }), '不能超过18个字符'],
    ['HTML in the credit code', () => ({ name: '测试局', type: 'organ', creditCode: '<b>1</b>' }), '尖括号'],
    ['an unknown field (id)', () => ({ id: 5, name: '测试局', type: 'organ' }), /\bid\b/],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post('/api/units', body(fx)), mention);
  });
});

// ──────────────────────────────────────────────── members ────────────────────────────────────────────────

/** A valid new member for A1 with an ID number no fixture member has. */
function newMember(f: Fixture, over: Record<string, unknown> = {}) {
  return { ...memberInput(f.a1.id, { name: '新党员', birthDate: '1990-05-17', gender: '女', idNumber: makeIdNumber('1990-05-17', '女', 501) }), ...over };
}

const memberCases: Case[] = [
  ['HTML in the name', (f) => newMember(f, { name: HTML }), '姓名只能包含汉字、字母、间隔号'],
  ['SQL in the name', (f) => newMember(f, { name: SQLI }), '姓名只能包含汉字、字母、间隔号'],
  ['digits in the name', (f) => newMember(f, { name: '张三3' }), '姓名只能包含'],
  ['a name of 10,000 characters', (f) => newMember(f, { name: LONG_HAN }), '姓名不能超过50个字符'],
  ['an empty name', (f) => newMember(f, { name: '' }), '姓名不能为空'],
  ['the org id as a string', (f) => newMember(f, { orgId: String(f.a1.id) }), '所在党组织'],
  ['an unknown gender', (f) => newMember(f, { gender: '未知' }), '性别'],
  ['an ID number with a bad checksum', (f) => {
    const good = makeIdNumber('1990-05-17', '女', 501);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    return newMember(f, { idNumber: bad });
  }, '公民身份号码校验位错误'],
  ['an ID number of 17 digits', (f) => newMember(f, { idNumber: makeIdNumber('1990-05-17', '女', 501).slice(0, 17) }), '公民身份号码应为18位'],
  ['an ID number of 10,000 characters', (f) => newMember(f, { idNumber: '1'.repeat(10_000) }), '公民身份号码'],
  ['a birth date that differs from the ID number', (f) => newMember(f, { birthDate: '1990-05-18' }), '出生日期与公民身份号码不一致'],
  ['a gender that differs from the ID number', (f) => newMember(f, { gender: '男' }), '性别与公民身份号码不一致'],
  ['birth date 1990-02-30', (f) => newMember(f, { birthDate: '1990-02-30' }), '日期不存在：1990-02-30'],
  ['join date 2016-02-30', (f) => newMember(f, { joinDate: '2016-02-30' }), '日期不存在：2016-02-30'],
  ['join date with slashes', (f) => newMember(f, { joinDate: '2016/07/01' }), 'YYYY-MM-DD'],
  ['转正日期 before 入党日期', (f) => newMember(f, { joinDate: '2016-07-01', fullDate: '2016-01-01' }), '转正日期应晚于入党日期'],
  ['正式党员 without 转正日期', (f) => newMember(f, { category: 'full', fullDate: null }), '正式党员应填写转正日期'],
  ['预备党员 with a 转正日期', (f) => newMember(f, { category: 'probationary' }), '预备党员不应有转正日期'],
  ['an unknown education', (f) => newMember(f, { education: 'phd' }), '学历'],
  ['a bad phone number', (f) => newMember(f, { phone: '12345' }), '联系电话应为11位手机号'],
  ['HTML in the address', (f) => newMember(f, { address: '<img src=x onerror=alert(1)>' }), '尖括号'],
  ['an address of 10,000 characters', (f) => newMember(f, { address: LONG_HAN }), '不能超过200个字符'],
  ['a boolean as a string', (f) => newMember(f, { lostContact: 'false' }), '是否失联党员'],
  ['an unknown field (status)', (f) => newMember(f, { status: 'normal' }), 'status'],
  ['a body that is an array', () => [], '输入有误'],
];

describe('POST /api/members', () => {
  it.each(memberCases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post('/api/members', body(fx)), mention);
  });

  it('malformed JSON → 400, nothing changes', async () => {
    await expectRejected(() => admin.post('/api/members', '{"name": "张三", ', { 'content-type': 'application/json' }));
  });

  it('a __proto__ key in the body → 400, nothing changes', async () => {
    const raw = JSON.stringify(newMember(fx)).replace(/^\{/, '{"__proto__": {"isAdmin": true}, ');
    await expectRejected(() => admin.post('/api/members', raw, { 'content-type': 'application/json' }));
  });

  it('SQL text in the address (free text) is stored literally and the member table survives', async () => {
    const address = "中山路1号'; drop table member; --";
    const before = await env.count('member');
    const res = await admin.post('/api/members', newMember(fx, { name: '字面存储', address, idNumber: makeIdNumber('1990-05-17', '女', 502) }));
    expect(res.statusCode, res.body).toBe(201);
    expect(await memberTableExists()).toBe(true);
    expect(await env.count('member')).toBe(before + 1);
    const sensitive = await admin.get(`/api/members/${res.json().id}/sensitive`);
    expect(sensitive.json().address).toBe(address);
    // A name search with SQL in it is just text that matches nobody.
    const search = await admin.get(`/api/members?name=${encodeURIComponent("' or '1'='1")}`);
    expect(search.statusCode).toBe(200);
    expect(search.json().total).toBe(0);
  });
});

describe('PUT /api/members/:id', () => {
  // 王八 of A1, sent back whole with one bad field.
  const target = (f: Fixture) => f.membersA1[7];
  const current = async () => {
    const m = (await admin.get(`/api/members/${target(fx)}`)).json();
    const s = (await admin.get(`/api/members/${target(fx)}/sensitive`)).json();
    return {
      orgId: m.orgId, name: m.name, gender: m.gender, ethnicity: m.ethnicity, idNumber: s.idNumber, birthDate: m.birthDate,
      education: m.education, category: m.category, joinDate: m.joinDate, fullDate: m.fullDate, jobPost: m.jobPost, phone: s.phone,
      address: s.address, lostContact: m.lostContact, flowing: m.flowing, rank: m.rank, hardship: m.hardship, retired: m.retired,
    } as Record<string, unknown>;
  };
  const cases: [label: string, over: (f: Fixture, m: Record<string, unknown>) => Record<string, unknown>, mention?: string][] = [
    ['HTML in the name', () => ({ name: HTML }), '姓名只能包含'],
    ['SQL in the name', () => ({ name: SQLI }), '姓名只能包含'],
    ['a name of 10,000 characters', () => ({ name: LONG_HAN }), '姓名不能超过50个字符'],
    ['the org id as a string', (f) => ({ orgId: String(f.a2.id) }), '所在党组织'],
    ['an ID number with a bad checksum', (_f, m) => ({ idNumber: String(m.idNumber).slice(0, 17) + (String(m.idNumber)[17] === '0' ? '1' : '0') }), '公民身份号码校验位错误'],
    ['a birth date that differs from the ID number', () => ({ birthDate: '1970-01-01' }), '出生日期与公民身份号码不一致'],
    ['a gender that differs from the ID number', (_f, m) => ({ gender: m.gender === '男' ? '女' : '男' }), '性别与公民身份号码不一致'],
    ['join date 2016-02-30', () => ({ joinDate: '2016-02-30' }), '日期不存在：2016-02-30'],
    ['转正日期 before 入党日期', () => ({ fullDate: '2009-01-01' }), '转正日期应晚于入党日期'],
    ['正式党员 without 转正日期', () => ({ category: 'full', fullDate: null }), '正式党员应填写转正日期'],
    ['an address of 10,000 characters', () => ({ address: LONG_HAN }), '不能超过200个字符'],
    ['an unknown field (status)', () => ({ status: 'expelled' }), 'status'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, over, mention) => {
    const m = await current();
    await expectRejected(() => admin.put(`/api/members/${target(fx)}`, { ...m, ...over(fx, m) }), mention);
  });

  it('a non-numeric id in the path → 400', async () => {
    const m = await current();
    await expectRejected(() => admin.put('/api/members/abc', m));
  });

  it('(control) the same record unchanged is accepted', async () => {
    const res = await admin.put(`/api/members/${target(fx)}`, await current());
    expect(res.statusCode, res.body).toBe(200);
  });

  it('another member’s ID number → 400, nothing changes', async () => {
    const m = await current();
    const other = (await admin.get(`/api/members/${fx.membersA1[6]}/sensitive`)).json().idNumber;
    const otherDetail = (await admin.get(`/api/members/${fx.membersA1[6]}`)).json();
    await expectRejected(() => admin.put(`/api/members/${target(fx)}`, { ...m, idNumber: other, birthDate: otherDetail.birthDate, gender: otherDetail.gender }), '已登记');
  });
});

describe('POST /api/members/:id/status', () => {
  const ok = { status: 'suspended', changedOn: '2026-11-01', reason: '失联超过六个月' };
  const cases: Case[] = [
    ['an empty body', () => ({}), '状态'],
    ['an unknown status', () => ({ ...ok, status: 'dead' }), '状态'],
    ['change date 2026-02-30', () => ({ ...ok, changedOn: '2026-02-30' }), '日期不存在：2026-02-30'],
    ['change date with slashes', () => ({ ...ok, changedOn: '2026/11/01' }), 'YYYY-MM-DD'],
    ['a change date in the future', () => ({ ...ok, changedOn: '2026-12-01' }), '变更日期不能晚于今天'],
    ['an empty reason', () => ({ ...ok, reason: '' }), '变更原因不能为空'],
    ['a reason of blanks only', () => ({ ...ok, reason: '   ' }), '变更原因不能为空'],
    ['HTML in the reason', () => ({ ...ok, reason: HTML }), '尖括号'],
    ['a reason of 10,000 characters', () => ({ ...ok, reason: LONG_HAN }), '不能超过200个字符'],
    ['an unknown field', (f) => ({ ...ok, orgId: f.b1.id }), 'orgId'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post(`/api/members/${fx.membersA1[5]}/status`, body(fx)), mention);
  });

  it('the status it already has → 409 (a repeated click), nothing changes', async () => {
    const before = await snapshot();
    const res = await admin.post(`/api/members/${fx.membersA1[5]}/status`, { ...ok, status: 'normal' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('已是');
    expect(await snapshot()).toEqual(before);
  });
});

// ─────────────────────────────────────────────── import ───────────────────────────────────────────────


async function xlsx(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('POST /api/members/import', () => {
  const upload = (filename: string, content: Buffer, contentType?: string) => admin.upload('/api/members/import', filename, content, contentType);

  it('a CSV file → 400, nothing changes', async () => {
    const csv = Buffer.from('姓名,性别,公民身份号码\n张三,男,110101199003070011\n');
    await expectRejected(() => upload('roster.csv', csv, 'text/csv'), '仅支持 .xlsx');
  });

  it('a text file named .xlsx → 400, nothing changes', async () => {
    await expectRejected(() => upload('roster.xlsx', Buffer.from('这不是一个 Excel 文件'.repeat(50))), '无法读取文件');
  });

  it('an xlsx with the wrong headers → 400 naming the missing columns, nothing changes', async () => {
    const file = await xlsx([
      ['名字', '身份证', '支部'],
      ['张三', makeIdNumber('1990-03-07', '男', 503), 'A局综合处党支部'],
    ]);
    const body = await expectRejected(() => upload('roster.xlsx', file), '表头缺少必填列');
    expect(body.message).toContain('姓名');
    expect(body.message).toContain('公民身份号码');
  });

  it('an xlsx with headers only → 400, nothing changes', async () => {
    const file = await xlsx([['所在党组织', '姓名*', '性别*', '公民身份号码*', '出生日期*', '人员类别*', '入党日期*']]);
    await expectRejected(() => upload('roster.xlsx', file), '没有数据行');
  });

  it('a JSON body instead of a file → 400, nothing changes', async () => {
    await expectRejected(() => admin.post('/api/members/import', { rows: [] }), 'multipart/form-data');
  });
});

// ──────────────────────────────────────────────── users ────────────────────────────────────────────────

const weakPasswords: [string, string][] = [
  ['Ab1!', '密码至少8位'],
  ['abcdefgh', '至少三类'],
  ['abcdefg1', '至少三类'],
  ['ABCDEFG1', '至少三类'],
  ['Abcdefgh', '至少三类'],
  ['12345678!', '至少三类'],
  ['Aa1!'.repeat(2_500), '密码不能超过128位'],
];

describe('POST /api/users', () => {
  const ok = (f: Fixture, over: object = {}) => ({ username: 'new_user', password: 'Abcdef12!', grants: [{ orgId: f.a2.id, role: 'member' }], ...over });
  const cases: Case[] = [
    ['a Chinese username', (f) => ok(f, { username: '张三' }), '用户名为3至32位'],
    ['a two-letter username', (f) => ok(f, { username: 'ab' }), '用户名为3至32位'],
    ['SQL in the username', (f) => ok(f, { username: "x'; drop table app_user; --" }), '用户名为3至32位'],
    ['HTML in the username', (f) => ok(f, { username: HTML }), '用户名为3至32位'],
    ['a username of 10,000 characters', (f) => ok(f, { username: LONG_LATIN }), '用户名为3至32位'],
    ...weakPasswords.map(([p, m]): Case => [`weak password ${p.slice(0, 12)}`, (f) => ok(f, { password: p }), m]),
    ['no password', (f) => ({ username: 'new_user', grants: [{ orgId: f.a2.id, role: 'member' }] }), '密码'],
    ['grants that are a string', (f) => ok(f, { grants: 'all' }), '授权'],
    ['a grant with the org id as a string', (f) => ok(f, { grants: [{ orgId: String(f.a2.id), role: 'member' }] })],
    ['a grant of an unknown role', (f) => ok(f, { grants: [{ orgId: f.a2.id, role: 'superuser' }] }), '角色'],
    ['a grant with an unknown field', (f) => ok(f, { grants: [{ orgId: f.a2.id, role: 'member', inherit: false }] }), 'inherit'],
    ['21 grants', (f) => ok(f, { grants: Array.from({ length: 21 }, () => ({ orgId: f.a2.id, role: 'member' })) }), '授权'],
    ['the member id as a string', (f) => ok(f, { memberId: String(f.membersA2[1]) }), '党员'],
    ['HTML in the display name', (f) => ok(f, { displayName: HTML }), '尖括号'],
    ['a display name of 10,000 characters', (f) => ok(f, { displayName: LONG_HAN }), '不能超过50个字符'],
    ['an unknown field (mustChangePassword)', (f) => ok(f, { mustChangePassword: false }), 'mustChangePassword'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post('/api/users', body(fx)), mention);
  });

  it('a password that meets the policy (8 characters, 3 classes) is accepted', async () => {
    const res = await admin.post('/api/users', ok(fx, { username: 'policy_ok', password: 'Abcdefg1' }));
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('PATCH /api/users/:id', () => {
  const target = (f: Fixture) => f.users.member_a1;
  const cases: Case[] = [
    ['disabled as a string', () => ({ disabled: 'true' }), '停用'],
    ['HTML in the display name', () => ({ displayName: HTML }), '尖括号'],
    ['a display name of 10,000 characters', () => ({ displayName: LONG_HAN }), '不能超过50个字符'],
    ['the member id as a string', (f) => ({ memberId: String(f.membersA1[1]) }), '党员'],
    ['a zero member id', () => ({ memberId: 0 }), '党员'],
    ['an unknown field (username)', () => ({ username: 'renamed' }), 'username'],
    ['an unknown field (password)', () => ({ password: 'Abcdef12!' }), 'password'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.patch(`/api/users/${target(fx)}`, body(fx)), mention);
  });

  it('disabling one’s own account → 404 (out of one’s own reach), nothing changes but the audited refusal', async () => {
    const before = await snapshot();
    before.counts.audit_log += 1;
    expect((await admin.patch(`/api/users/${fx.users.admin}`, { disabled: true })).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('an empty change → 400, nothing changes', async () => {
    await expectRejected(() => admin.patch(`/api/users/${target(fx)}`, {}), '请至少修改一项');
  });

  it('a blank display name → 400, nothing changes', async () => {
    await expectRejected(() => admin.patch(`/api/users/${target(fx)}`, { displayName: '   ' }), '姓名不能为空');
  });

  it('a non-numeric id in the path → 400', async () => {
    await expectRejected(() => admin.patch('/api/users/abc', { displayName: '张三' }));
  });
});

describe('POST /api/users/:id/password', () => {
  const cases: Case[] = [
    ...weakPasswords.map(([p, m]): Case => [`weak password ${p.slice(0, 12)}`, () => ({ password: p }), m]),
    ['an empty body', () => ({}), '密码'],
    ['a password that is a number', () => ({ password: 12345678 }), '密码'],
    ['an unknown field', () => ({ password: 'Abcdef12!', mustChangePassword: false }), 'mustChangePassword'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post(`/api/users/${fx.users.member_a1}/password`, body(fx)), mention);
  });
});

describe('PUT /api/users/:id/grants', () => {
  const cases: Case[] = [
    ['an empty body', () => ({}), '授权'],
    ['grants that are a string', () => ({ grants: 'member' }), '授权'],
    ['a grant with the org id as a string', (f) => ({ grants: [{ orgId: String(f.a1.id), role: 'member' }] })],
    ['a grant of an unknown role', (f) => ({ grants: [{ orgId: f.a1.id, role: 'god' }] }), '角色'],
    ['a grant without a role', (f) => ({ grants: [{ orgId: f.a1.id }] }), '角色'],
    ['a grant with an unknown field', (f) => ({ grants: [{ orgId: f.a1.id, role: 'member', until: '2027-01-01' }] }), 'until'],
    ['21 grants', (f) => ({ grants: Array.from({ length: 21 }, () => ({ orgId: f.a1.id, role: 'member' })) }), '授权'],
    ['an unknown field', () => ({ grants: [], replace: true }), 'replace'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.put(`/api/users/${fx.users.member_a1}/grants`, body(fx)), mention);
  });
});

// ──────────────────────────────────────────────── auth ────────────────────────────────────────────────

describe('POST /api/auth/login', () => {
  const cases: Case[] = [
    ['an empty body', () => ({}), '必填'],
    ['no password', () => ({ username: 'admin' }), '密码'],
    ['an empty password', () => ({ username: 'admin', password: '' }), '请输入密码'],
    ['a password that is a number', () => ({ username: 'admin', password: 12345678 }), '密码'],
    ['a username of 10,000 characters', () => ({ username: LONG_LATIN, password: PASSWORD }), '不能超过64个字符'],
    ['a password of 10,000 characters', () => ({ username: 'admin', password: LONG_LATIN }), '密码'],
    ['HTML in the username', () => ({ username: HTML, password: PASSWORD }), '尖括号'],
    ['an unknown field', () => ({ username: 'admin', password: PASSWORD, remember: true }), 'remember'],
  ];
  it.each(cases)('%s → 400, nothing changes (no session, no audit)', async (_label, body, mention) => {
    const anon = env.anonymous();
    const body400 = await expectRejected(() => anon.post('/api/auth/login', body(fx)), mention);
    expect(body400.code).toBe('VALIDATION');
  });

  it('an unknown field is reported with the wording the error handler means: 不允许的字段：<name>', async () => {
    // error-handler.ts looks for params.issue.code === 'unrecognized_keys', but fastify-type-provider-zod
    // puts the fields straight into params and drops `code`, so zod's generic wording comes out.
    const body = await expectRejected(() => env.anonymous().post('/api/auth/login', { username: 'admin', password: PASSWORD, remember: true }));
    expect(body.message).toContain('不允许的字段：remember');
  });

  it('SQL in the username is just a wrong username: 401, no session, the tables survive', async () => {
    const before = await snapshot();
    before.counts.audit_log += 1; // the failed login is audited
    const res = await env.anonymous().post('/api/auth/login', { username: "admin' or '1'='1' --", password: 'x' });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('用户名或密码错误');
    expect(res.cookies.find((c) => c.name === 'xf_session' && c.value)).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });
});

describe('POST /api/auth/password', () => {
  const cases: Case[] = [
    ...weakPasswords.map(([p, m]): Case => [`weak new password ${p.slice(0, 12)}`, () => ({ oldPassword: PASSWORD, newPassword: p }), m]),
    ['an empty body', () => ({}), '必填'],
    ['no old password', () => ({ newPassword: 'Newpass#2026' }), '原密码'],
    ['the same password again', () => ({ oldPassword: PASSWORD, newPassword: PASSWORD }), '新密码不能与最近5次使用过的密码相同'],
    ['an unknown field (whose password)', () => ({ oldPassword: PASSWORD, newPassword: 'Newpass#2026', username: 'sec_a1' }), 'username'],
  ];
  it.each(cases)('%s → 400, nothing changes', async (_label, body, mention) => {
    await expectRejected(() => admin.post('/api/auth/password', body(fx)), mention);
  });

  it('a wrong old password → 400, audited, nothing else changes', async () => {
    await expectRejected(() => admin.post('/api/auth/password', { oldPassword: 'Wrong#2026pass', newPassword: 'Newpass#2026' }), '原密码不正确', 'auth.password_change_failed');
  });

  it('the old password still works afterwards', async () => {
    const again = await env.login('admin');
    expect((await again.get('/api/auth/session')).statusCode).toBe(200);
  });
});
