import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markPresent, placeInGroup } from '../../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The permission matrix for organisational life: own branch, parent, sibling, plain member, the
// three separated admins, anonymous. Out-of-scope ids answer 404; lists hold nothing from outside.

const ACTORS = ['admin', 'unitadmin', 'sec_a1', 'sec_a2', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let a1Activity: number;
let b1Activity: number;

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const draft = (orgId: number, title = '主题党日') => ({ orgId, types: ['theme_day'], title, startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });

beforeAll(async () => {
  env = await createTestEnv();
  for (const a of ACTORS) as[a] = await env.login(a);
  a1Activity = (await as.sec_a1.post('/api/activities', draft(env.fx.a1.id))).json().id;
  b1Activity = (await as.admin.post('/api/activities', draft(env.fx.b1.id, 'B1主题党日'))).json().id;
});
afterAll(() => env.close());

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}

const READERS_OF_A1 = { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 404, member_a1: 404, sysadmin: 404, secadmin: 404, auditor: 404 };

describe('activities', () => {
  it('POST /api/activities needs write access to the organisation', async () => {
    expect(await statuses((c) => c.post('/api/activities', draft(env.fx.a1.id)))).toEqual({ ...READERS_OF_A1, admin: 201, unitadmin: 201, sec_a1: 201 });
  });

  it('a 党小组会 in the branch’s child 党小组: the branch records it and reviews it, the unit sees it, the sibling cannot', async () => {
    const group = env.fx.a1g.id;
    await placeInGroup(env, group, [env.fx.membersA1[7]]);
    const body = { orgId: group, types: ['group_meeting'], title: '党小组会', startsAt: at('2026-11-18'), endsAt: at('2026-11-18', 10) };
    expect(await statuses((c) => c.post('/api/activities', body))).toEqual({ ...READERS_OF_A1, admin: 201, unitadmin: 201, sec_a1: 201 });
    const id = (await as.sec_a1.post('/api/activities', body)).json().id;
    expect(await statuses((c) => c.get(`/api/activities/${id}`))).toEqual(READERS_OF_A1);
    await markPresent(as.sec_a1, id);
    expect((await as.sec_a1.post(`/api/activities/${id}/submit`)).statusCode).toBe(200);
    // The level above a 党小组 is its branch — but the secretary recorded and submitted this one
    // (NK-1): it waits for another reviewer of the branch or the unit, and is not in the
    // secretary's queue.
    expect((await as.sec_a2.post(`/api/activities/${id}/approve`, {})).statusCode).toBe(404);
    const own = await as.sec_a1.post(`/api/activities/${id}/approve`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toContain('本人');
    expect((await as.sec_a1.get(`/api/activities/${id}`)).json().abilities.approve).toBe(false);
    expect((await as.sec_a1.get('/api/activities?toReview=true')).json().items.map((i: { id: number }) => i.id)).not.toContain(id);
    expect((await as.unitadmin.get(`/api/activities/${id}`)).json().abilities.approve).toBe(true);
    expect((await as.unitadmin.post(`/api/activities/${id}/approve`, {})).statusCode).toBe(200);
  });

  it('GET /api/activities/:id answers 404 outside the subtree', async () => {
    expect(await statuses((c) => c.get(`/api/activities/${a1Activity}`))).toEqual(READERS_OF_A1);
  });

  it('GET /api/activities lists only the caller’s subtree', async () => {
    const titles = async (c: TestClient) => {
      const r = await c.get('/api/activities?pageSize=200');
      return r.statusCode === 200 ? [...new Set(r.json().items.map((i: { orgName: string }) => i.orgName))].sort() : r.statusCode;
    };
    const a1AndGroup = ['A局综合处党支部', 'A局综合处第一党小组'].sort();
    expect(await titles(as.admin)).toEqual([...a1AndGroup, 'B局综合处党支部'].sort());
    expect(await titles(as.unitadmin)).toEqual(a1AndGroup);
    expect(await titles(as.sec_a1)).toEqual(a1AndGroup);
    expect(await titles(as.sec_a2)).toEqual([]);
    for (const a of ['member_a1', 'sysadmin', 'secadmin', 'auditor'] as const) expect(await titles(as[a]), a).toBe(403);
    expect((await as.sec_a2.get(`/api/activities?orgId=${env.fx.a1.id}`)).statusCode).toBe(404);
  });

  it('PATCH, attendance, submit, delete and the sign-in code stay inside the subtree', async () => {
    for (const a of ['unitadmin', 'sec_a1', 'sec_a2', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const) {
      expect((await as[a].patch(`/api/activities/${b1Activity}`, { title: '改' })).statusCode, a).toBe(404);
      expect((await as[a].put(`/api/activities/${b1Activity}/attendance`, { entries: [] })).statusCode, a).toBe(404);
      expect((await as[a].post(`/api/activities/${b1Activity}/submit`)).statusCode, a).toBe(404);
      expect((await as[a].get(`/api/activities/${b1Activity}/sign-in-code`)).statusCode, a).toBe(404);
      expect((await env.app.inject({ method: 'DELETE', url: `/api/activities/${b1Activity}`, headers: { cookie: as[a].cookie, 'x-csrf-token': as[a].csrfToken } })).statusCode, a).toBe(404);
    }
    expect((await as.admin.get(`/api/activities/${b1Activity}`)).json().title).toBe('B1主题党日');
  });

  it('only the level above approves, returns and reopens', async () => {
    const id = (await as.sec_a1.post('/api/activities', draft(env.fx.a1.id, '待审'))).json().id;
    await markPresent(as.sec_a1, id);
    expect((await as.sec_a1.post(`/api/activities/${id}/submit`)).statusCode).toBe(200);
    // The admin returns it first; the unit admin then finds it no longer waiting (409).
    expect(await statuses((c) => c.post(`/api/activities/${id}/return`, { comment: '补充' }))).toEqual({ ...READERS_OF_A1, admin: 200, unitadmin: 409, sec_a1: 403 });
    expect((await as.sec_a1.post(`/api/activities/${id}/submit`)).statusCode).toBe(200);
    expect((await as.unitadmin.post(`/api/activities/${id}/approve`, {})).statusCode).toBe(200);
    expect(await statuses((c) => c.post(`/api/activities/${id}/reopen`, {}))).toEqual({ ...READERS_OF_A1, admin: 200, unitadmin: 409, sec_a1: 403 });
    // What the caller may review: the unit admin sees A1's submitted record in the queue, the secretary does not.
    expect((await as.sec_a1.post(`/api/activities/${id}/submit`)).statusCode).toBe(200);
    const queue = async (c: TestClient) => (await c.get('/api/activities?toReview=true')).json().items.map((i: { id: number }) => i.id);
    expect(await queue(as.unitadmin)).toEqual([id]);
    expect(await queue(as.sec_a1)).toEqual([]);
  });

  it('attendance rates and the member’s own page', async () => {
    expect(await statuses((c) => c.get(`/api/activities/attendance-rates?orgId=${env.fx.a1.id}&year=2026`))).toEqual(READERS_OF_A1);
    expect(await statuses((c) => c.get('/api/my/activities'))).toEqual({
      admin: 403, unitadmin: 403, sec_a1: 200, sec_a2: 200, member_a1: 200, sysadmin: 403, secadmin: 403, auditor: 403,
    });
  });

  it('signing in needs a member record and the right token', async () => {
    const code = (await as.sec_a1.get(`/api/activities/${a1Activity}/sign-in-code`)).json();
    // The activity was on 20 November; the test clock is 23 November: the window has closed.
    expect((await as.member_a1.post('/api/activities/sign-in', { token: code.token })).json().message).toBe('签到已结束');
    expect((await as.sysadmin.post('/api/activities/sign-in', { token: code.token })).statusCode).toBe(400);
  });
});

describe('compliance', () => {
  it('GET /api/compliance and the heatmap need compliance.read; orgId outside answers 404', async () => {
    const readers = { admin: 200, unitadmin: 200, sec_a1: 200, sec_a2: 200, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
    expect(await statuses((c) => c.get('/api/compliance?year=2026'))).toEqual(readers);
    expect(await statuses((c) => c.get('/api/compliance/heatmap?year=2026'))).toEqual(readers);
    expect(await statuses((c) => c.get('/api/compliance/heatmap.xlsx?year=2026'))).toEqual(readers);
    expect(await statuses((c) => c.get('/api/compliance/requirements?year=2026'))).toEqual(readers);
    expect(await statuses((c) => c.get(`/api/compliance?year=2026&orgId=${env.fx.a1.id}`))).toEqual({ ...readers, sec_a2: 404, member_a1: 403 });
  });

  it('each caller’s compliance covers exactly their branches', async () => {
    const orgs = async (c: TestClient) => (await c.get('/api/compliance?year=2026')).json().items.map((i: { orgName: string }) => i.orgName).sort();
    expect(await orgs(as.admin)).toEqual(['A局业务处党支部', 'A局综合处党支部', 'B局综合处党支部']);
    expect(await orgs(as.unitadmin)).toEqual(['A局业务处党支部', 'A局综合处党支部']);
    expect(await orgs(as.sec_a2)).toEqual(['A局业务处党支部']);
    const rows = async (c: TestClient) => (await c.get('/api/compliance/heatmap?year=2026')).json().rows.map((r: { orgName: string }) => r.orgName);
    expect(await rows(as.admin)).toEqual(['A局机关党委', 'B局机关党委']);
    expect(await rows(as.sec_a2)).toEqual(['A局业务处党支部']);
    // A1 has a 党小组: it belongs to the branch, which is still the secretary's one row.
    expect(await rows(as.sec_a1)).toEqual(['A局综合处党支部']);
  });

  it('only the committee admin saves the requirement table', async () => {
    const body = { national: { secretary_lecture: false }, local: [] };
    expect(await statuses((c) => c.put('/api/compliance/requirements?year=2026', body))).toEqual({
      admin: 200, unitadmin: 403, sec_a1: 403, sec_a2: 403, member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403,
    });
  });
});

describe('anonymous', () => {
  it('every organisational-life endpoint answers 401 without a session', async () => {
    const anon = env.anonymous();
    for (const url of ['/api/activities', `/api/activities/${a1Activity}`, '/api/compliance?year=2026', '/api/compliance/heatmap?year=2026', '/api/my/activities']) {
      expect((await anon.get(url)).statusCode, url).toBe(401);
    }
    expect((await anon.post('/api/activities', draft(env.fx.a1.id))).statusCode).toBe(401);
    expect((await anon.post('/api/activities/sign-in', { token: 'x'.repeat(20) })).statusCode).toBe(401);
  });
});
