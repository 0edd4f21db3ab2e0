import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

let env: TestEnv;
let admin: TestClient;
let sec: TestClient;
let unit: TestClient;
let member: TestClient;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, sec, unit, member] = await Promise.all(['admin', 'sec_a1', 'unitadmin', 'member_a1'].map((u) => env.login(u)));
  // A1 gets a committee: 赵一 书记, 钱二 and 孙三 委员 (ZB-21 in docs/RULES.md: 8 正式党员 need one).
  const [zhao, qian, sun] = env.fx.membersA1;
  for (const [memberId, post] of [[zhao, 'secretary'], [qian, 'organization'], [sun, 'propaganda']] as const) {
    const r = await unit.post(`/api/orgs/${env.fx.a1.id}/committee`, { memberId, post, startedOn: '2025-01-01' });
    expect(r.statusCode, r.body).toBe(201);
  }
});
afterAll(() => env.close());

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;

describe('activity workflow', () => {
  it('a 支委会 expects the committee; submitted, returned, fixed, approved; the heatmap cell turns met', async () => {
    const created = await sec.post('/api/activities', {
      orgId: env.fx.a1.id, types: ['committee_meeting'], title: '11月支委会', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11), place: '302会议室',
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    expect(a.status).toBe('draft');
    expect(a.attendanceSummary.expected).toBe(3);

    const zhao = env.fx.membersA1[0];
    const att = await sec.put(`/api/activities/${a.id}/attendance`, {
      entries: a.attendance.map((x: { memberId: number }) => ({ memberId: x.memberId, status: x.memberId === zhao ? 'present' : 'leave', reason: x.memberId === zhao ? undefined : '出差' })),
    });
    expect(att.statusCode, att.body).toBe(200);
    expect(att.json().attendanceSummary).toMatchObject({ present: 1, leave: 2 });

    const before = await admin.get('/api/compliance?year=2026&orgId=' + env.fx.a1.id);
    expect(before.statusCode, before.body).toBe(200);
    const cellOf = (body: any) => body.items[0].cells.find((c: any) => c.requirementKey === 'committee_meeting' && c.periodId === '2026-11');
    expect(cellOf(before.json()).status).toBe('due');

    expect((await sec.post(`/api/activities/${a.id}/submit`)).statusCode).toBe(200);
    // The secretary cannot approve their own branch's record; the level above can.
    expect((await sec.post(`/api/activities/${a.id}/approve`, {})).statusCode).toBe(403);
    const locked = await sec.patch(`/api/activities/${a.id}`, { title: '改' });
    expect(locked.statusCode).toBe(409);

    const ret = await unit.post(`/api/activities/${a.id}/return`, { comment: '请补充会议记录' });
    expect(ret.statusCode, ret.body).toBe(200);
    expect(ret.json().status).toBe('returned');
    const fixed = await sec.patch(`/api/activities/${a.id}`, { minutes: '<p>研究了<strong>发展党员</strong>工作<script>alert(1)</script></p>' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().minutes).toBe('<p>研究了<strong>发展党员</strong>工作</p>');
    expect((await sec.post(`/api/activities/${a.id}/submit`)).statusCode).toBe(200);
    const ok = await unit.post(`/api/activities/${a.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().reviews.map((r: any) => r.action)).toEqual(['submit', 'return', 'submit', 'approve']);

    expect(cellOf((await admin.get('/api/compliance?year=2026&orgId=' + env.fx.a1.id)).json()).status).toBe('met');
    const heat = (await admin.get('/api/compliance/heatmap?year=2026')).json();
    expect(heat.rows.map((r: any) => r.orgName)).toEqual(['A局机关党委', 'B局机关党委']);

    // Reopen: the cell is no longer met; both versions stay in the audit log.
    expect((await unit.post(`/api/activities/${a.id}/reopen`, { comment: '补正' })).statusCode).toBe(200);
    expect(cellOf((await admin.get('/api/compliance?year=2026&orgId=' + env.fx.a1.id)).json()).status).toBe('due');
  });

  it('a planned 主题党日 notifies members; the member signs in with the QR token and sees it', async () => {
    const plan = await sec.post('/api/activities', {
      orgId: env.fx.a1.id, planned: true, types: ['theme_day', 'party_lecture'], title: '主题党日暨党课', startsAt: at('2026-11-23', 10), endsAt: at('2026-11-23', 12), lecturerMemberId: env.fx.membersA1[0],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const p = plan.json();
    expect(p.attendanceSummary.expected).toBe(8);
    const mine = (await member.get('/api/my/activities')).json();
    expect(mine.upcoming.map((x: any) => x.title)).toContain('主题党日暨党课');
    const code = await sec.get(`/api/activities/${p.id}/sign-in-code`);
    expect(code.statusCode, code.body).toBe(200);
    const signed = await member.post('/api/activities/sign-in', { token: code.json().token });
    expect(signed.statusCode, signed.body).toBe(200);
    const after = (await sec.get(`/api/activities/${p.id}`)).json();
    expect(after.attendanceSummary.present).toBe(1);
    const bad = await member.post('/api/activities/sign-in', { token: code.json().token.slice(0, -2) + 'xx' });
    expect(bad.statusCode).toBe(400);
  });
});
