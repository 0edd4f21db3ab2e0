import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { hashPassword } from '../../lib/password.ts';

// The permission matrix of 述职评议: the committee (review.configure), the admin of a reporting
// unit (A), the admin of a sibling unit (B, not reporting), a branch secretary below A, a member
// named as a reviewer (member_a1), and the three separated admins. Out of reach: 404; without the
// permission: 403. A reviewer's rights come from being named in this campaign, nothing else.

const ACTORS = ['admin', 'unitadmin', 'badmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const SEPARATED = { sysadmin: 403, secadmin: 403, auditor: 403 };

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let id: number;
let repA: number;

async function statuses(call: (c: TestClient, name: ActorName) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a], a)).statusCode;
  return out;
}

beforeAll(async () => {
  env = await createTestEnv();
  const { id: bId } = await env.database.db
    .insertInto('app_user')
    .values({ username: 'badmin', display_name: 'badmin', password_hash: await hashPassword(PASSWORD), member_id: null, must_change_password: false, password_changed_at: null, last_login_at: null, created_at: env.clock.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await env.database.db.insertInto('role_grant').values({ user_id: bId, org_id: env.fx.b.id, role: 'org_admin', created_at: env.clock.now }).execute();
  for (const a of ACTORS) as[a] = await env.login(a);
  id = (await as.admin.post('/api/review-campaigns', { year: 2026, name: '2026年度述职评议' })).json().id;
  const setup = await as.admin.put(`/api/review-campaigns/${id}/setup`, {
    name: '2026年度述职评议',
    scale: [{ key: 'good', label: '好', score: 100 }, { key: 'poor', label: '差', score: 50 }],
    groups: [{ key: 'g1', name: '工委', weight: 0.6 }, { key: 'g2', name: '党员代表', weight: 0.4 }],
    reviewers: [{ userId: env.fx.users.admin, groupKey: 'g1' }, { userId: env.fx.users.member_a1, groupKey: 'g2' }],
    reporters: [{ orgId: env.fx.a.id, secretaryName: '王局长' }],
  });
  repA = setup.json().reporterList[0].id;
});
afterAll(() => env.close());

describe('述职评议 permissions', () => {
  it('GET /api/review-campaigns?year=: committee, the reporting unit, the reviewer; 403 for those with neither right nor role', async () => {
    const counts = {} as Record<ActorName, number | string>;
    for (const a of ACTORS) {
      const res = await as[a].get('/api/review-campaigns?year=2026');
      counts[a] = res.statusCode === 200 ? res.json().items.length : `${res.statusCode}`;
    }
    expect(counts).toEqual({ admin: 1, unitadmin: 1, badmin: 0, sec_a1: 0, member_a1: 1, sysadmin: '403', secadmin: '403', auditor: '403' });
  });

  it('GET detail: 404 outside (B, A1 branch), 200 for the committee, A and the reviewer', async () => {
    expect(await statuses((c) => c.get(`/api/review-campaigns/${id}`))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 200, sysadmin: 404, secadmin: 404, auditor: 404 });
  });

  it('set-up, meeting, transitions and create: the committee only', async () => {
    expect(await statuses((c) => c.post('/api/review-campaigns', { year: 2030, name: '权限测试' }))).toEqual({ admin: 201, unitadmin: 403, badmin: 403, sec_a1: 403, member_a1: 403, ...SEPARATED });
    for (const url of [`/api/review-campaigns/${id}/start-voting`, `/api/review-campaigns/${id}/close`, `/api/review-campaigns/${id}/comments/1/to-list`]) {
      const s = await statuses((c) => c.post(url));
      expect(s, url).toEqual({ admin: 409, unitadmin: 403, badmin: 403, sec_a1: 403, member_a1: 403, ...SEPARATED });
    }
    expect((await as.unitadmin.put(`/api/review-campaigns/${id}/meeting`, { meetingOn: '2026-12-01' })).statusCode).toBe(403);
    expect((await as.unitadmin.put(`/api/review-campaigns/${id}/setup`, {})).statusCode).toBe(400);
  });

  it('the report: written by the reporting unit (and the committee), read also by reviewers', async () => {
    const url = `/api/review-campaigns/${id}/reporters/${repA}/report`;
    expect(await statuses((c) => c.get(url))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 200, sysadmin: 404, secadmin: 404, auditor: 404 });
    expect(await statuses((c) => c.put(url, { text: '述职报告' }))).toEqual({ admin: 200, unitadmin: 200, badmin: 404, sec_a1: 404, member_a1: 403, sysadmin: 404, secadmin: 404, auditor: 404 });
  });

  it('the ballot sheet, comments and ballots: named reviewers only', async () => {
    await as.admin.post(`/api/review-campaigns/${id}/open`);
    await as.admin.put(`/api/review-campaigns/${id}/meeting`, { meetingOn: '2026-12-05' });
    expect(await statuses((c) => c.get(`/api/review-campaigns/${id}/ballot-sheet`))).toEqual({ admin: 200, unitadmin: 404, badmin: 404, sec_a1: 404, member_a1: 200, sysadmin: 404, secadmin: 404, auditor: 404 });
    expect(await statuses((c) => c.put(`/api/review-campaigns/${id}/reporters/${repA}/comment`, { text: '点评' }))).toEqual({ admin: 200, unitadmin: 404, badmin: 404, sec_a1: 404, member_a1: 200, sysadmin: 404, secadmin: 404, auditor: 404 });
    await as.admin.post(`/api/review-campaigns/${id}/start-voting`);
    expect(await statuses((c) => c.post(`/api/review-campaigns/${id}/reporters/${repA}/ballot`, { grade: 'good' }))).toEqual({ admin: 201, unitadmin: 404, badmin: 404, sec_a1: 404, member_a1: 201, sysadmin: 404, secadmin: 404, auditor: 404 });
  });

  it('a committee admin who is not a reviewer of a campaign may not vote in it (403)', async () => {
    const other = (await as.admin.post('/api/review-campaigns', { year: 2031, name: '无评议人' })).json().id;
    const sheet = await as.admin.get(`/api/review-campaigns/${other}/ballot-sheet`);
    expect(sheet.statusCode).toBe(403);
    expect(sheet.json().message).toBe('您不是本次述职评议的评议人');
  });

  it('results: after close, the committee and the reporting unit; never before', async () => {
    const before = (await as.unitadmin.get(`/api/review-campaigns/${id}`)).json();
    expect(before.reporterList[0].result).toBeNull();
    expect((await as.admin.post(`/api/review-campaigns/${id}/close`)).statusCode).toBe(200);
    expect((await as.unitadmin.get(`/api/review-campaigns/${id}`)).json().reporterList[0].result).toMatchObject({ score: 100, gradeLabel: '好' });
    // The reviewer member sees the campaign but no reporter of its own: no results.
    expect((await as.member_a1.get(`/api/review-campaigns/${id}`)).json().reporterList).toEqual([]);
  });
});
