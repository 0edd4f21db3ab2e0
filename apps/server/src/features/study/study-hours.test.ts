import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 学时统计 on the fixture city: sources are approved study-type meetings attended (出席) and online
// study; targets 32 / 56 (书记和班子成员) or the committee's setting for the year; the organisation's
// rate and its children's, members filtered and paged in the database; a member's lines with sources.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA2: TestClient;
let member: TestClient;

async function meeting(orgId: number, types: string[], startsAt: string, present: number[], status = 'approved', title = '学习会') {
  const db = env.deps.db;
  const { id } = await db
    .insertInto('activity')
    .values({ org_id: orgId, types: types as never, status: status as never, title, starts_at: startsAt, ends_at: new Date(new Date(startsAt).getTime() + 2 * 3600_000), held_on: startsAt.slice(0, 10), created_at: env.clock.now, updated_at: env.clock.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (present.length) await db.insertInto('activity_attendance').values(present.map((m) => ({ activity_id: id, member_id: m, kind: 'expected' as const, status: 'present' as const }))).execute();
  return id;
}

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA2, member] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('sec_a2'), env.login('member_a1')]);
  const [m0, m1, m2] = env.fx.membersA1;
  await env.deps.db.updateTable('member').set({ party_post: '党支部书记' }).where('id', '=', m0).execute();
  // 16 党课 of 2 学时 for 钱二 (m1): 32 — on track; one on New Year's Eve across midnight counts, one at 00:30 on 1 Jan does not.
  for (let i = 0; i < 15; i++) await meeting(env.fx.a1.id, ['party_lecture'], `2026-0${1 + (i % 9)}-1${i % 10}T01:00:00Z`, [m1, m0]);
  await meeting(env.fx.a1.id, ['party_lecture', 'theme_day'], '2026-12-31T15:30:00Z', [m1, m0], 'approved', '跨年夜党课');
  await meeting(env.fx.a1.id, ['party_lecture'], '2026-12-31T16:30:00Z', [m1], 'approved', '元旦党课');
  // Not counted: a submitted (unapproved) meeting, a 党员大会 (not a study type), leave.
  await meeting(env.fx.a1.id, ['collective_study'], '2026-06-01T01:00:00Z', [m2], 'submitted');
  await meeting(env.fx.a1.id, ['branch_assembly'], '2026-06-02T01:00:00Z', [m2]);
});
afterAll(() => env.close());

describe('学时统计', () => {
  it('A1: 钱二 32 of 32 on track; the secretary 赵一 32 of 56 behind; the others 0', async () => {
    const res = await unit.get(`/api/study-hours?orgId=${env.fx.a1.id}&year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ orgName: 'A局综合处党支部', targets: { member: 32, cadre: 56 }, summary: { members: 8, onTrack: 1, rate: 12.5 } });
    const byName = new Map(body.items.map((i: { name: string }) => [i.name, i]));
    expect(byName.get('钱二')).toMatchObject({ hours: 32, target: 32, onTrack: true, cadre: false });
    expect(byName.get('赵一')).toMatchObject({ hours: 32, target: 56, onTrack: false, cadre: true });
    expect(byName.get('孙三')).toMatchObject({ hours: 0, onTrack: false });
  });

  it('the unit sees its children\'s rates for drill-down; filters and pages run in the database', async () => {
    const body = (await unit.get(`/api/study-hours?orgId=${env.fx.a.id}&year=2026`)).json();
    expect(body.summary).toMatchObject({ members: 11, onTrack: 1 });
    expect(body.children).toEqual([
      { orgId: env.fx.a1.id, orgName: 'A局综合处党支部', members: 8, onTrack: 1, rate: 12.5 },
      { orgId: env.fx.a2.id, orgName: 'A局业务处党支部', members: 3, onTrack: 0, rate: 0 },
    ]);
    const onTrack = (await unit.get(`/api/study-hours?orgId=${env.fx.a.id}&year=2026&standing=on_track`)).json();
    expect(onTrack.items.map((i: { name: string }) => i.name)).toEqual(['钱二']);
    const behind = (await unit.get(`/api/study-hours?orgId=${env.fx.a.id}&year=2026&standing=behind&pageSize=4&page=3`)).json();
    expect(behind).toMatchObject({ total: 10, page: 3 });
    expect(behind.items).toHaveLength(2);
  });

  it('the next year counts only the 1 Jan meeting', async () => {
    const body = (await unit.get(`/api/study-hours?orgId=${env.fx.a1.id}&year=2027&name=${encodeURIComponent('钱二')}`)).json();
    expect(body.items).toEqual([expect.objectContaining({ name: '钱二', hours: 2 })]);
  });

  it('the committee sets the year\'s targets: 30 for members makes 孙三 still behind and 钱二 on track', async () => {
    const set = await admin.put('/api/study/settings', { dailyOnlineCap: 4, targets: { 2026: { member: 30, cadre: 32 } } });
    expect(set.statusCode, set.body).toBe(200);
    const body = (await unit.get(`/api/study-hours?orgId=${env.fx.a1.id}&year=2026`)).json();
    expect(body.targets).toEqual({ member: 30, cadre: 32 });
    expect(body.summary).toMatchObject({ onTrack: 2 });
    await admin.put('/api/study/settings', { dailyOnlineCap: 4 });
  });

  it('a member\'s detail lists each line with its source; the member reads their own', async () => {
    const detail = (await unit.get(`/api/study-hours/members/${env.fx.membersA1[1]}?year=2026`)).json();
    expect(detail).toMatchObject({ name: '钱二', hours: 32, target: 32, onTrack: true });
    expect(detail.lines).toHaveLength(16);
    expect(detail.lines.at(-1)).toMatchObject({ day: '2026-12-31', hours: 2, source: 'activity', title: '跨年夜党课' });
    const mine = (await member.get('/api/study/my/hours?year=2026')).json();
    expect(mine.hours).toBe(32);
  });

  it('outside the subtree: 404; no permission: 403', async () => {
    expect((await secA2.get(`/api/study-hours?orgId=${env.fx.a1.id}&year=2026`)).statusCode).toBe(404);
    expect((await secA2.get(`/api/study-hours/members/${env.fx.membersA1[1]}?year=2026`)).statusCode).toBe(404);
    expect((await member.get(`/api/study-hours?orgId=${env.fx.a1.id}&year=2026`)).statusCode).toBe(403);
    expect((await member.get(`/api/study-hours/members/${env.fx.membersA1[2]}?year=2026`)).statusCode).toBe(403);
    for (const u of ['sysadmin', 'secadmin', 'auditor']) expect((await (await env.login(u)).get(`/api/study-hours?orgId=${env.fx.root.id}&year=2026`)).statusCode).toBe(403);
  });
});
