import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../test/harness.ts';
import { memberInput } from '../../test/fixture.ts';

// The permission matrix: every endpoint against the whole-tree admin, a unit admin, a branch
// secretary, the sibling branch's secretary, a plain member and the three separated admins.
// Zero leaks: out-of-scope ids answer 404 and lists hold nothing from outside the subtree.

const ACTORS = ['admin', 'unitadmin', 'sec_a1', 'sec_a2', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;

beforeAll(async () => {
  env = await createTestEnv();
  for (const a of ACTORS) as[a] = await env.login(a);
});
afterAll(() => env.close());

function expectMatrix(results: Record<ActorName, number>, expected: Partial<Record<ActorName, number>>) {
  const relevant = Object.fromEntries(Object.keys(expected).map((k) => [k, results[k as ActorName]]));
  expect(relevant).toEqual(expected);
}

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}

describe('organisations', () => {
  it('GET /api/orgs shows each caller exactly their subtree', async () => {
    const names = async (c: TestClient) => {
      const res = await c.get('/api/orgs');
      return res.statusCode === 200 ? res.json().map((o: { name: string }) => o.name).sort() : res.statusCode;
    };
    expect(await names(as.admin)).toHaveLength(7);
    expect(await names(as.unitadmin)).toEqual(['A局业务处党支部', 'A局机关党委', 'A局综合处党支部', 'A局综合处第一党小组'].sort());
    expect(await names(as.sec_a1)).toEqual(['A局综合处党支部', 'A局综合处第一党小组'].sort());
    expect(await names(as.sec_a2)).toEqual(['A局业务处党支部']);
    // The security admin reads the tree (names, no members) to choose where to grant.
    expect(await names(as.secadmin)).toHaveLength(7);
    for (const a of ['member_a1', 'sysadmin', 'auditor'] as const) expect(await names(as[a])).toBe(403);
  });

  it('GET /api/orgs/:id answers 404 outside the subtree', async () => {
    const a1 = env.fx.a1.id;
    expectMatrix(await statuses((c) => c.get(`/api/orgs/${a1}`)), {
      admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 404, sysadmin: 404, secadmin: 200, auditor: 404,
    });
    expectMatrix(await statuses((c) => c.get(`/api/orgs/${env.fx.a.id}`)), { admin: 200, unitadmin: 200, sec_a1: 404, sec_a2: 404 });
  });

  it('POST /api/orgs needs write access to the parent', async () => {
    let n = 0;
    const create = (c: TestClient) => c.post('/api/orgs', { parentId: env.fx.a1.id, name: `测试党小组${++n}`, type: 'party_group' });
    expectMatrix(await statuses(create), {
      admin: 201, unitadmin: 201, sec_a1: 201, sec_a2: 404, member_a1: 404, sysadmin: 404, secadmin: 403, auditor: 404,
    });
  });

  it('PATCH, move, merge, dissolve and committee changes stay inside the subtree', async () => {
    const b1 = env.fx.b1.id;
    for (const a of ['unitadmin', 'sec_a1', 'sec_a2', 'member_a1', 'sysadmin', 'auditor'] as const) {
      expect((await as[a].patch(`/api/orgs/${b1}`, { name: '改名' })).statusCode, a).toBe(404);
      expect((await as[a].post(`/api/orgs/${b1}/move`, { newParentId: env.fx.a.id })).statusCode, a).toBe(404);
      expect((await as[a].post(`/api/orgs/${b1}/dissolve`, { dissolvedOn: '2026-11-01' })).statusCode, a).toBe(404);
      expect((await as[a].post(`/api/orgs/${b1}/committee`, { memberId: env.fx.membersB1[0], post: 'secretary', startedOn: '2026-01-01' })).statusCode, a).toBe(404);
    }
    // A unit admin cannot pull another unit's branch into their own subtree, nor push one out.
    expect((await as.unitadmin.post(`/api/orgs/${env.fx.a2.id}/move`, { newParentId: env.fx.b.id })).statusCode).toBe(404);
    expect((await as.unitadmin.post(`/api/orgs/${env.fx.a2.id}/merge`, { intoId: b1 })).statusCode).toBe(404);
    // The secretary may read the unit's org? No: the parent is outside, and so is the sibling.
    expect((await as.sec_a1.post(`/api/orgs/${env.fx.a1.id}/merge`, { intoId: env.fx.a2.id })).statusCode).toBe(404);
    const name = (await as.admin.get(`/api/orgs/${b1}`)).json().name;
    expect(name).toBe('B局综合处党支部');
  });

  it('a secretary cannot move, merge or dissolve the branch their own grant sits on', async () => {
    const a1 = env.fx.a1.id;
    expect((await as.sec_a1.get(`/api/orgs/${a1}`)).json().abilities).toMatchObject({ edit: true, move: false, dissolve: false });
    expect((await as.sec_a1.post(`/api/orgs/${a1}/dissolve`, { dissolvedOn: '2026-11-01' })).statusCode).toBe(400);
  });

  it('committee end, tree export and tree import stay inside the subtree', async () => {
    const added = await as.admin.post(`/api/orgs/${env.fx.b1.id}/committee`, { memberId: env.fx.membersB1[0], post: 'secretary', startedOn: '2026-01-01' });
    const end = (c: TestClient) => c.post(`/api/orgs/${env.fx.b1.id}/committee/${added.json().id}/end`, { endedOn: '2026-10-01' });
    expectMatrix(await statuses(end), { unitadmin: 404, sec_a1: 404, sec_a2: 404, member_a1: 404, sysadmin: 404, auditor: 404, admin: 200 });
    expectMatrix(await statuses((c) => c.get('/api/orgs/export')), { admin: 200, unitadmin: 200, sec_a1: 200, member_a1: 403, sysadmin: 403, secadmin: 200, auditor: 403 });
    const upload = (c: TestClient) => c.post('/api/orgs/import', 'x', { 'content-type': 'multipart/form-data; boundary=b' });
    expectMatrix(await statuses(upload), { member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
  });

  it('units: read with org.read, create with org.write', async () => {
    expectMatrix(await statuses((c) => c.get('/api/units')), { admin: 200, unitadmin: 200, sec_a1: 200, member_a1: 403, sysadmin: 403, auditor: 403 });
    let n = 0;
    expectMatrix(await statuses((c) => c.post('/api/units', { name: `测试单位${++n}`, type: 'organ' })), { admin: 201, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
  });
});

describe('members', () => {
  it('GET /api/members lists only the subtree (a member sees only themself)', async () => {
    const totals = async (c: TestClient) => {
      const res = await c.get('/api/members?pageSize=200');
      return res.statusCode === 200 ? res.json().items.map((m: { name: string }) => m.name).sort() : res.statusCode;
    };
    expect(await totals(as.admin)).toHaveLength(15);
    expect(await totals(as.unitadmin)).toHaveLength(11);
    expect(await totals(as.sec_a1)).toEqual(['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八'].sort());
    expect(await totals(as.sec_a2)).toEqual(['冯甲', '陈乙', '褚丙'].sort());
    expect(await totals(as.member_a1)).toEqual(['钱二']);
    for (const a of ['sysadmin', 'secadmin', 'auditor'] as const) expect(await totals(as[a])).toBe(403);
  });

  it('GET /api/members?orgId= of another subtree answers 404, and a name search finds nothing outside', async () => {
    expectMatrix(await statuses((c) => c.get(`/api/members?orgId=${env.fx.a1.id}`)), { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 404, sysadmin: 403 });
    expect((await as.sec_a1.get(`/api/members?name=${encodeURIComponent('卫子')}`)).json().total).toBe(0);
    expect((await as.admin.get(`/api/members?name=${encodeURIComponent('卫子')}`)).json().total).toBe(1);
  });

  it('GET /api/members/:id and /sensitive', async () => {
    const other = env.fx.membersA1[2];
    const self = env.fx.membersA1[1];
    expectMatrix(await statuses((c) => c.get(`/api/members/${other}`)), { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 404, sysadmin: 404, secadmin: 404, auditor: 404 });
    expectMatrix(await statuses((c) => c.get(`/api/members/${env.fx.membersB1[0]}`)), { admin: 200, unitadmin: 404, sec_a1: 404, sec_a2: 404 });
    expectMatrix(await statuses((c) => c.get(`/api/members/${other}/sensitive`)), { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 404, sysadmin: 404, auditor: 404 });
    expect((await as.member_a1.get(`/api/members/${self}/sensitive`)).statusCode).toBe(200);
    expect((await as.member_a1.get(`/api/members/${self}`)).json().abilities).toEqual({ edit: false, viewSensitive: true });
  });

  it('writes need member.write over the member and the target organisation', async () => {
    expectMatrix(await statuses((c) => c.post('/api/members', memberInput(env.fx.b1.id))), {
      admin: 201, unitadmin: 404, sec_a1: 404, sec_a2: 404, member_a1: 404, sysadmin: 404, secadmin: 404, auditor: 404,
    });
    const target = env.fx.membersA2[1];
    const body = { ...memberInput(env.fx.a2.id, { name: '陈乙' }) };
    expectMatrix(await statuses((c) => c.put(`/api/members/${target}`, body)), { sec_a1: 404, member_a1: 404, sysadmin: 404, auditor: 404, sec_a2: 200 });
    expect((await as.member_a1.put(`/api/members/${env.fx.membersA1[1]}`, memberInput(env.fx.a1.id))).statusCode).toBe(403);
    expect((await as.sec_a2.post(`/api/members/${env.fx.membersA1[3]}/status`, { status: 'deceased', changedOn: '2026-11-01', reason: '病故' })).statusCode).toBe(404);
    expect((await as.sec_a1.put(`/api/members/${env.fx.membersA1[4]}`, { ...memberInput(env.fx.b1.id) })).statusCode).toBe(404);
  });

  it('import, export and template need the right permission', async () => {
    expectMatrix(await statuses((c) => c.get('/api/members/export')), { admin: 200, sec_a1: 200, sysadmin: 403, auditor: 403 });
    const form = (c: TestClient) =>
      c.post('/api/members/import', 'x', { 'content-type': 'multipart/form-data; boundary=b' });
    expectMatrix(await statuses(form), { member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
  });
});

describe('accounts and grants (三员分立)', () => {
  // The full escalation matrix is access/escalation.test.ts; these are the list and create basics.
  it('GET /api/users shows the accounts whose every grant the caller could hand out', async () => {
    const names = async (c: TestClient) => {
      const res = await c.get('/api/users?pageSize=200');
      return res.statusCode === 200 ? res.json().items.map((u: { username: string }) => u.username).sort() : res.statusCode;
    };
    expect(await names(as.admin)).toEqual(['member_a1', 'sec_a1', 'sec_a2', 'unitadmin']);
    expect(await names(as.secadmin)).toHaveLength(8);
    // The system admin hands out no role: it sees only accounts without grants (none here).
    expect(await names(as.sysadmin)).toEqual([]);
    // Admins are appointed by the level above: a unit admin does not see itself or its peers.
    expect(await names(as.unitadmin)).toEqual(['member_a1', 'sec_a1', 'sec_a2']);
    expect(await names(as.sec_a2)).toEqual([]);
    expect(await names(as.member_a1)).toBe(403);
    expect(await names(as.auditor)).toBe(403);
    expect((await as.unitadmin.get(`/api/users/${env.fx.users.auditor}`)).statusCode).toBe(404);
  });

  it('POST /api/users: who may create accounts and hand out which roles', async () => {
    let n = 0;
    const create = (c: TestClient, grants: { orgId: number; role: string }[]) => c.post('/api/users', { username: `newuser${++n}`, password: 'Abcdef12!', grants });
    expect((await create(as.sysadmin, [])).statusCode).toBe(201);
    expect((await create(as.sysadmin, [{ orgId: env.fx.a1.id, role: 'org_admin' }])).statusCode).toBe(403);
    expect((await create(as.unitadmin, [{ orgId: env.fx.a1.id, role: 'org_admin' }])).statusCode).toBe(201);
    expect((await create(as.unitadmin, [{ orgId: env.fx.b1.id, role: 'org_admin' }])).statusCode).toBe(403);
    expect((await create(as.unitadmin, [{ orgId: env.fx.a.id, role: 'audit_admin' }])).statusCode).toBe(403);
    expect((await create(as.admin, [{ orgId: env.fx.root.id, role: 'system_admin' }])).statusCode).toBe(403);
    for (const a of ['member_a1', 'auditor', 'secadmin'] as const) expect((await create(as[a], [])).statusCode, a).toBe(403);
  });

  it('only the security admin grants the separated admin roles, and never next to another role', async () => {
    const target = (await as.sysadmin.post('/api/users', { username: 'grant_target', password: 'Abcdef12!', grants: [] })).json().id as number;
    const grants = { grants: [{ orgId: env.fx.root.id, role: 'audit_admin' }] };
    expectMatrix(await statuses((c) => c.put(`/api/users/${target}/grants`, grants)), { admin: 403, unitadmin: 403, sysadmin: 403, member_a1: 403, auditor: 403, secadmin: 200 });
    const after = (await as.secadmin.get(`/api/users/${target}`)).json().grants.map((g: { role: string }) => g.role).sort();
    expect(after).toEqual(['audit_admin']);
    const mixed = await as.secadmin.put(`/api/users/${target}/grants`, { grants: [{ orgId: env.fx.root.id, role: 'audit_admin' }, { orgId: env.fx.a1.id, role: 'member' }] });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().message).toContain('三员分立');
  });
});

describe('audit log', () => {
  it('only the audit admin reads, verifies and exports it', async () => {
    for (const url of ['/api/audit', '/api/audit/verify', '/api/audit/export']) {
      expectMatrix(await statuses((c) => c.get(url)), { auditor: 200, admin: 403, unitadmin: 403, sec_a1: 403, member_a1: 403, sysadmin: 403, secadmin: 403 });
    }
  });

  it('without a session every endpoint answers 401', async () => {
    const anon = env.anonymous();
    for (const url of ['/api/orgs', '/api/members', `/api/members/${env.fx.membersA1[0]}`, '/api/users', '/api/audit', '/api/units', '/api/auth/session']) {
      expect((await anon.get(url)).statusCode, url).toBe(401);
    }
    for (const url of ['/api/members/import/template', '/api/orgs/import/template', '/api/orgs/export', '/api/members/export', '/api/audit/export', '/api/audit/verify']) {
      expect((await anon.get(url)).statusCode, url).toBe(401);
    }
    expect((await anon.post('/api/members', memberInput(env.fx.a1.id))).statusCode).toBe(401);
    expect((await anon.post('/api/users', { username: 'intruder', password: 'Abcdef12!', grants: [] })).statusCode).toBe(401);
  });
});

describe('setup guide (上线准备)', () => {
  it('progress, preview and confirm: the committee and organisation admins; never the three separated admins nor a member', async () => {
    const allowed = { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 200, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
    expectMatrix(await statuses((c) => c.get('/api/setup/progress')), allowed);
    expectMatrix(await statuses((c) => c.post('/api/setup/secretary-accounts/preview', {})), allowed);
    // A member who is no serving secretary: allowed callers get 200 and nothing created.
    const before = await env.count('app_user');
    expectMatrix(await statuses((c) => c.post('/api/setup/secretary-accounts', { memberIds: [env.fx.membersB1[3]] })), allowed);
    expect(await env.count('app_user')).toBe(before);
  });
});

describe('responsibility lists (清单)', () => {
  it('key tasks: everyone who keeps lists reads them; only the committee writes; the three separated admins and members see nothing', async () => {
    expectMatrix(await statuses((c) => c.get('/api/key-tasks?year=2026')), {
      admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 200, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    const body = { year: 2026, listKind: 'task', category: '权限', title: '权限矩阵', orgTypes: ['branch'], deadline: '2026-12-31' };
    expectMatrix(await statuses((c) => c.post('/api/key-tasks', body)), {
      admin: 200, unitadmin: 403, sec_a1: 403, sec_a2: 403, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
  });

  it('an item of A1: read in its subtree and by the level above, 404 to the sibling; kept by A1 and above; reviewed only above', async () => {
    const draft = await as.admin.post('/api/key-tasks', { year: 2026, listKind: 'task', category: '权限', title: '权限事项', orgTypes: ['branch'], deadline: '2026-12-31' });
    expect((await as.admin.post(`/api/key-tasks/${draft.json().id}/publish`, {})).statusCode).toBe(200);
    const item = await env.deps.db.selectFrom('list_item').select('id').where('key_task_id', '=', draft.json().id).where('org_id', '=', env.fx.a1.id).executeTakeFirstOrThrow();
    expectMatrix(await statuses((c) => c.get(`/api/list-items/${item.id}`)), {
      admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    expectMatrix(await statuses((c) => c.get(`/api/lists?year=2026&orgId=${env.fx.a1.id}`)), {
      admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    // A reopen needs a closed item: 409 for whoever may review, 403 for whoever may not, 404 outside.
    expectMatrix(await statuses((c) => c.post(`/api/list-items/${item.id}/reopen`, { reason: '回头看' })), {
      admin: 409, unitadmin: 409, sec_a1: 403, sec_a2: 404, member_a1: 403,
    });
    const plan = { responsibleMemberId: null, responsibleName: '专人', leaderName: '', assistOrgIds: [], milestones: [], steps: [] };
    expectMatrix(await statuses((c) => c.put(`/api/list-items/${item.id}/plan`, plan)), {
      admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    expectMatrix(await statuses((c) => c.post('/api/list-items', { orgId: env.fx.a1.id, year: 2026, listKind: 'task', title: '创新动作', deadline: '2026-12-31' })), {
      admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
  });
});

describe('督查设置 (work calendar, thresholds and ladder)', () => {
  it('everyone with supervision.read reads; only the committee writes; members and the three separated admins get 403', async () => {
    const read = { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 200, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
    expectMatrix(await statuses((c) => c.get('/api/work-calendar?year=2026')), read);
    expectMatrix(await statuses((c) => c.get('/api/supervision/settings')), read);
    const write = { admin: 200, unitadmin: 403, sec_a1: 403, sec_a2: 403, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
    expectMatrix(await statuses((c) => c.put('/api/work-calendar/2027-01-01', { workday: false, note: '元旦' })), write);
    const refused = await as.unitadmin.put('/api/work-calendar/2027-01-01', { workday: true, note: '调休' });
    expect(refused.json().message).toBe('只有工委管理员可以维护工作日历');
    // The committee removes the day first; everyone after it is refused before looking.
    expectMatrix(await statuses((c) => c.delete('/api/work-calendar/2027-01-01')), { ...write, admin: 200 });
    expect((await as.unitadmin.delete('/api/work-calendar/2026-10-10')).json().message).toBe('只有工委管理员可以维护工作日历');
    const body = { thresholds: { blueDays: 7, yellowGap: 10, redGap: 30, idleRedDays: 90 }, ladder: [{ key: 'remind', label: '提醒', offset: -3, unit: 'workday' }] };
    expectMatrix(await statuses((c) => c.post('/api/supervision/settings', body)), { ...write, admin: 201 });
    expect((await as.unitadmin.post('/api/supervision/settings', body)).json().message).toBe('只有工委管理员可以修改督查设置');
  });
});

describe('督查 and cards (清单制+责任制)', () => {
  it('reads: the committee and organisation admins (supervision.read); never a member nor the three separated admins', async () => {
    const readers = { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 200, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
    for (const url of ['/api/inspections', '/api/inspections/coverage?year=2026', '/api/inspections/coverage.xlsx?year=2026', '/api/checklist-templates', '/api/cards', '/api/card-kinds']) {
      expectMatrix(await statuses((c) => c.get(url)), readers);
    }
  });

  it('writes: the committee only (supervision.configure)', async () => {
    const committeeOnly = { unitadmin: 403, sec_a1: 403, sec_a2: 403, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
    const body = { kind: 'yellow', orgId: env.fx.a1.id, reason: '事由', issuedOn: '2026-11-20' };
    expectMatrix(await statuses((c, name) => (name === 'admin' ? Promise.resolve({ statusCode: 403 }) : c.post('/api/cards', body))), committeeOnly);
    expectMatrix(await statuses((c, name) => (name === 'admin' ? Promise.resolve({ statusCode: 403 }) : c.post('/api/inspections', {}))), { ...committeeOnly, unitadmin: 400, sec_a1: 400, sec_a2: 400, member_a1: 400, sysadmin: 400, secadmin: 400, auditor: 400 });
    for (const url of ['/api/inspections/1/start', '/api/inspections/1/finish', '/api/inspections/1/cancel']) {
      expectMatrix(await statuses((c, name) => (name === 'admin' ? Promise.resolve({ statusCode: 403 }) : c.post(url))), committeeOnly);
    }
    expectMatrix(await statuses((c, name) => (name === 'admin' ? Promise.resolve({ statusCode: 403 }) : c.post('/api/cards/1/withdraw', { reason: '撤销' }))), committeeOnly);
    expectMatrix(await statuses((c, name) => (name === 'admin' ? Promise.resolve({ statusCode: 403 }) : c.put('/api/card-kinds', { kinds: [{ key: 'yellow', name: '黄牌', color: 'gold' }] }))), committeeOnly);
  });
});

describe('清单 overview, ledger, handover and rectification', () => {
  it('overview and ledger read the caller’s subtree: 404 outside, 403 without supervision.read', async () => {
    const read = { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
    expectMatrix(await statuses((c) => c.get(`/api/lists/overview?year=2026&orgId=${env.fx.a1.id}`)), read);
    expectMatrix(await statuses((c) => c.get(`/api/lists/ledger.xlsx?year=2026&orgId=${env.fx.a1.id}`)), read);
    expectMatrix(await statuses((c) => c.get(`/api/lists/overview.xlsx?year=2026&orgId=${env.fx.a1.id}`)), read);
    expectMatrix(await statuses((c) => c.get(`/api/lists/ledger?year=2026&orgId=${env.fx.a1.id}`)), read);
    expectMatrix(await statuses((c) => c.get(`/api/list-items/handover-needed?orgId=${env.fx.a1.id}`)), read);
    // Nobody holds items in A1 as the named member: a valid handover is refused with 400 for whoever may keep A1.
    const body = { orgId: env.fx.a1.id, fromMemberId: env.fx.membersA1[7], toMemberId: env.fx.membersA1[6], reason: '调动' };
    expectMatrix(await statuses((c) => c.post('/api/list-items/handover', body)), { admin: 400, unitadmin: 400, sec_a1: 400, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
  });

  it('佐证材料 of an A1 item: uploaded and deleted by whoever keeps A1, downloaded by whoever reads it; 404 to the sibling', async () => {
    const created = await as.sec_a1.post('/api/list-items', { orgId: env.fx.a1.id, year: 2026, listKind: 'task', title: '权限佐证材料', deadline: '2026-12-31' });
    const itemId = created.json().id;
    const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png')]);
    const mine = {} as Record<ActorName, number>;
    expectMatrix(await statuses(async (c, name) => {
      const r = await c.upload(`/api/list-items/${itemId}/files`, '佐证.png', PNG, 'image/png');
      if (r.statusCode === 201) mine[name] = r.json().id;
      return r;
    }), { admin: 201, unitadmin: 201, sec_a1: 201, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 });
    expectMatrix(await statuses((c) => c.get(`/api/list-items/${itemId}/files/${mine.sec_a1}`)), {
      admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    expectMatrix(await statuses((c, name) => c.delete(`/api/list-items/${itemId}/files/${mine[name] ?? mine.admin}`)), {
      admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
  });

  it('findings are recorded and verified by the committee only; the unit keeps the measures; the ledger reads its subtree', async () => {
    const templateId = (await as.admin.get('/api/checklist-templates')).json().items[0].id;
    const insp = await as.admin.post('/api/inspections', { year: 2026, kind: 'key', title: '权限矩阵督查', startsOn: '2026-11-10', endsOn: '2026-11-30', team: ['张督查'], leader: '张督查', templateId, targetOrgIds: [env.fx.a.id] });
    await as.admin.post(`/api/inspections/${insp.json().id}/start`, {});
    let n = 0;
    const finding = () => ({ orgId: env.fx.a.id, findingClass: '权限', title: `权限问题${++n}`, severity: 'general', principalName: '王局长' });
    expectMatrix(await statuses((c) => c.post(`/api/inspections/${insp.json().id}/findings`, finding())), {
      admin: 200, unitadmin: 403, sec_a1: 403, sec_a2: 403, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    expectMatrix(await statuses((c) => c.get(`/api/rectifications?year=2026&orgId=${env.fx.a.id}`)), {
      admin: 200, unitadmin: 200, sec_a1: 404, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    const item = await env.deps.db.selectFrom('list_item').select('id').where('title', '=', '权限问题1').executeTakeFirstOrThrow();
    const plan = { responsibleMemberId: null, responsibleName: '王局长', leaderName: '', assistOrgIds: [], milestones: [], steps: [], measures: [{ content: '整改', ownerName: '赵一', deadline: '2026-12-31' }] };
    expectMatrix(await statuses((c) => c.put(`/api/list-items/${item.id}/plan`, plan)), {
      admin: 200, unitadmin: 200, sec_a1: 404, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    const measure = await env.deps.db.selectFrom('list_item_measure').select('id').where('item_id', '=', item.id).executeTakeFirstOrThrow();
    // The committee keeps it too (write over the whole tree); whoever comes second finds it done.
    expectMatrix(await statuses((c) => c.post(`/api/list-items/${item.id}/measures/${measure.id}/complete`, { note: '完成' })), {
      admin: 200, unitadmin: 409, sec_a1: 404, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
    expect((await as.unitadmin.post(`/api/list-items/${item.id}/close`, { summary: '完成' })).statusCode).toBe(200);
    const verify = { outcome: 'unfinished', verifiers: ['张督查'], comment: '再改' };
    expectMatrix(await statuses((c) => c.post(`/api/list-items/${item.id}/closing/verify`, verify)), {
      admin: 200, unitadmin: 403, sec_a1: 404, sec_a2: 404, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
  });
});

describe('党纪政务处分台账 (its own permission)', () => {
  it('no one in the matrix — the committee admin included — reads or writes it: every endpoint 403', async () => {
    const none = Object.fromEntries(ACTORS.map((a) => [a, 403])) as Record<ActorName, number>;
    const body = { memberId: env.fx.membersA1[1], kind: 'party_warning', decidedOn: '2026-11-01', decidedBy: '纪委', summary: '事由' };
    const { memberId: _m, ...update } = body;
    expectMatrix(await statuses((c) => c.get('/api/discipline-cases')), none);
    expectMatrix(await statuses((c) => c.get('/api/discipline-cases/1')), none);
    expectMatrix(await statuses((c) => c.get('/api/discipline-cases/members?q=赵')), none);
    expectMatrix(await statuses((c) => c.post('/api/discipline-cases', body)), none);
    expectMatrix(await statuses((c) => c.put('/api/discipline-cases/1', update)), none);
    expectMatrix(await statuses((c) => c.post('/api/discipline-cases/1/revoke', { revokedOn: '2026-11-20', reason: '错' })), none);
  });
});
