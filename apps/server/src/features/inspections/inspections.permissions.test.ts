import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { hashPassword } from '../../lib/password.ts';

// The permission matrix of 督查 and cards: the committee, the admin of a targeted unit (A), the
// admin of a sibling unit (B), a branch secretary below A, a plain member and the three separated
// admins. Out of reach: 404; without the permission: 403; lists hold nothing from outside.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const REFUSED = { member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
/** Readers of something about unit A. */
const READ_A = { admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, ...REFUSED };
/** Only the committee writes. */
const COMMITTEE = (ok: number) => ({ admin: ok, unitadmin: 403, badmin: 403, sec_a1: 403, ...REFUSED });

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let templateId: number;
let checklist: { key: string }[];

beforeAll(async () => {
  env = await createTestEnv();
  // The admin of the sibling unit B.
  const { id } = await env.database.db
    .insertInto('app_user')
    .values({ username: 'badmin', display_name: 'badmin', password_hash: await hashPassword(PASSWORD), member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: env.clock.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await env.database.db.insertInto('role_grant').values({ user_id: id, org_id: env.fx.b.id, role: 'org_admin', created_at: env.clock.now }).execute();
  for (const a of ACTORS) as[a] = await env.login(a);
  const t = (await as.admin.get('/api/checklist-templates')).json().items[0];
  templateId = t.id;
  checklist = t.items;
});
afterAll(() => env.close());

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}

let n = 0;
const plan = (targets: number[]) => ({ year: 2026, kind: 'key', title: `重点督查${++n}`, startsOn: '2026-11-01', endsOn: '2026-11-30', team: ['王督查'], templateId, targetOrgIds: targets });
const created = async (targets: number[], start = false) => {
  const id = (await as.admin.post('/api/inspections', plan(targets))).json().id as number;
  if (start) expect((await as.admin.post(`/api/inspections/${id}/start`)).statusCode).toBe(200);
  return id;
};
const record = { visitedOn: '2026-11-20', summary: '小结', results: [] as { key: string; result: string }[] };

describe('inspections', () => {
  it('lists: each reader sees only inspections that target its subtree', async () => {
    const onA = await created([env.fx.a.id]);
    const onB = await created([env.fx.b.id]);
    const ids = async (c: TestClient) => {
      const r = await c.get('/api/inspections?year=2026');
      return r.statusCode === 200 ? r.json().items.map((i: { id: number }) => i.id) : r.statusCode;
    };
    expect(await ids(as.admin)).toEqual(expect.arrayContaining([onA, onB]));
    expect(await ids(as.unitadmin)).toEqual([onA]);
    expect(await ids(as.badmin)).toEqual([onB]);
    expect(await ids(as.sec_a1)).toEqual([]);
    for (const a of ['member_a1', 'sysadmin', 'secadmin', 'auditor'] as const) expect(await ids(as[a]), a).toBe(403);
  });

  it('one inspection and a target’s checklist: the targeted unit and the committee; a unit sees only its own targets', async () => {
    const id = await created([env.fx.a.id, env.fx.b.id]);
    expect(await statuses((c) => c.get(`/api/inspections/${id}`))).toEqual({ ...READ_A, badmin: 200 });
    expect((await as.unitadmin.get(`/api/inspections/${id}`)).json().targetList.map((t: { orgName: string }) => t.orgName)).toEqual(['A局机关党委']);
    expect(await statuses((c) => c.get(`/api/inspections/${id}/targets/${env.fx.a.id}`))).toEqual(READ_A);
    const onA = await created([env.fx.a.id]);
    expect(await statuses((c) => c.get(`/api/inspections/${onA}`))).toEqual(READ_A);
  });

  it('plan, edit, start, finish, cancel and record: the committee only', async () => {
    expect(await statuses((c) => c.post('/api/inspections', plan([env.fx.a.id])))).toEqual(COMMITTEE(201));
    const id = await created([env.fx.a.id]);
    expect(await statuses((c) => c.put(`/api/inspections/${id}`, plan([env.fx.a.id])))).toEqual(COMMITTEE(200));
    expect(await statuses((c) => c.post(`/api/inspections/${id}/start`))).toEqual({ ...COMMITTEE(200) });
    record.results = checklist.map((i) => ({ key: i.key, result: 'conform' }));
    expect(await statuses((c) => c.put(`/api/inspections/${id}/targets/${env.fx.a.id}`, record))).toEqual(COMMITTEE(200));
    expect(await statuses((c) => c.post(`/api/inspections/${id}/finish`))).toEqual(COMMITTEE(200));
    const other = await created([env.fx.b.id]);
    // After the committee's cancel the others still get 403 (the permission is checked before the state).
    expect(await statuses((c) => c.post(`/api/inspections/${other}/cancel`))).toEqual(COMMITTEE(200));
  });

  it('templates: every reader lists them, the committee adds', async () => {
    expect(await statuses((c) => c.get('/api/checklist-templates'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect(await statuses((c, name) => c.post('/api/checklist-templates', { name: `模板-${name}`, items: [{ key: 'a', label: '检查项' }] }))).toEqual(COMMITTEE(201));
  });

  it('coverage: each reader sees its own units; the Excel the same', async () => {
    const totals = await statuses((c) => c.get('/api/inspections/coverage?year=2026'));
    expect(totals).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    expect((await as.admin.get('/api/inspections/coverage?year=2026')).json().total).toBe(2);
    expect((await as.badmin.get('/api/inspections/coverage?year=2026')).json().units.map((u: { orgName: string }) => u.orgName)).toEqual(['B局机关党委']);
    expect((await as.sec_a1.get('/api/inspections/coverage?year=2026')).json().total).toBe(0);
    expect(await statuses((c) => c.get('/api/inspections/coverage.xlsx?year=2026'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
  });
});

describe('cards', () => {
  it('a card to unit A: A and the committee see it, never the sibling B nor the branch below', async () => {
    const body = { kind: 'yellow', orgId: env.fx.a.id, reason: '落实不到位', issuedOn: '2026-11-20' };
    expect(await statuses((c) => c.post('/api/cards', body))).toEqual(COMMITTEE(201));
    const card = (await as.admin.post('/api/cards', body)).json().id;
    const sees = async (c: TestClient) => {
      const r = await c.get('/api/cards?year=2026');
      return r.statusCode === 200 ? r.json().items.some((x: { id: number }) => x.id === card) : r.statusCode;
    };
    expect(await sees(as.admin)).toBe(true);
    expect(await sees(as.unitadmin)).toBe(true);
    expect(await sees(as.badmin)).toBe(false);
    expect(await sees(as.sec_a1)).toBe(false);
    for (const a of ['member_a1', 'sysadmin', 'secadmin', 'auditor'] as const) expect(await sees(as[a]), a).toBe(403);
    expect((await as.badmin.get(`/api/cards?orgId=${env.fx.a.id}`)).statusCode).toBe(404);
    expect(await statuses((c) => c.post(`/api/cards/${card}/withdraw`, { reason: '撤销' }))).toEqual(COMMITTEE(200));
  });

  it('the card catalogue: readers read, the committee saves', async () => {
    expect(await statuses((c) => c.get('/api/card-kinds'))).toEqual({ admin: 200, unitadmin: 200, badmin: 200, sec_a1: 200, ...REFUSED });
    const kinds = (await as.admin.get('/api/card-kinds')).json().kinds;
    expect(await statuses((c) => c.put('/api/card-kinds', { kinds }))).toEqual(COMMITTEE(200));
  });

  it('without a session: 401', async () => {
    const anon = env.anonymous();
    for (const url of ['/api/inspections', '/api/inspections/coverage?year=2026', '/api/checklist-templates', '/api/cards', '/api/card-kinds']) expect((await anon.get(url)).statusCode, url).toBe(401);
  });
});
