import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { runReminders } from './reminders.service.ts';

let env: TestEnv;
let sec: TestClient;
let member: TestClient;

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;

beforeAll(async () => {
  env = await createTestEnv();
  [sec, member] = await Promise.all(['sec_a1', 'member_a1'].map((u) => env.login(u)));
  // Three planned activities tell every A1 member with an account (sec_a1 and member_a1).
  for (const [i, day] of ['2026-11-25', '2026-11-26', '2026-11-27'].entries()) {
    const r = await sec.post('/api/activities', { orgId: env.fx.a1.id, planned: true, types: ['theme_day'], title: `活动${i + 1}`, startsAt: at(day), endsAt: at(day, 11) });
    expect(r.statusCode, r.body).toBe(201);
    env.clock.advanceMinutes(1);
  }
  await runReminders(env.deps); // sec_a1 is also told what is due in November
});
afterAll(() => env.close());

describe('inbox', () => {
  it('pages the caller’s own notices, newest first, with the unread count', async () => {
    const p1 = await member.get('/api/inbox?page=1&pageSize=2');
    expect(p1.statusCode, p1.body).toBe(200);
    expect(p1.json()).toMatchObject({ total: 3, unread: 3, page: 1, pageSize: 2 });
    expect(p1.json().items.map((i: any) => i.title)).toEqual(['活动通知：活动3', '活动通知：活动2']);
    expect(p1.json().items[0]).toEqual({
      id: expect.any(Number), kind: 'activity_plan', title: '活动通知：活动3', body: expect.stringContaining('开展主题党日'), link: '/m', createdAt: expect.any(String), readAt: null,
    });
    const p2 = (await member.get('/api/inbox?page=2&pageSize=2')).json();
    expect(p2.items.map((i: any) => i.title)).toEqual(['活动通知：活动1']);
    // The secretary sees the same plans and the due reminder, never the member's copies.
    const mine = (await sec.get('/api/inbox')).json();
    expect(mine.total).toBe(4);
    expect(mine.items.map((i: any) => i.kind).sort()).toEqual(['activity_plan', 'activity_plan', 'activity_plan', 'period_due']);
  });

  it('read one, unread filter, read again keeps the first time, read all', async () => {
    const [newest, , oldest] = (await member.get('/api/inbox')).json().items;
    const read = await member.post(`/api/inbox/${oldest.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: oldest.id, readAt: env.clock.now.toISOString() });

    const unread = (await member.get('/api/inbox?unread=true')).json();
    expect(unread).toMatchObject({ total: 2, unread: 2 });
    expect(unread.items.map((i: any) => i.id)).not.toContain(oldest.id);
    expect((await member.get('/api/inbox')).json()).toMatchObject({ total: 3, unread: 2 });

    env.clock.advanceMinutes(5);
    const twice = await member.post(`/api/inbox/${oldest.id}/read`);
    expect(twice.json().readAt).toBe(read.json().readAt);

    const all = await member.post('/api/inbox/read-all');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({ updated: 2, unread: 0 });
    expect((await member.get('/api/inbox?unread=true')).json()).toMatchObject({ total: 0, unread: 0, items: [] });
    expect((await member.get('/api/inbox')).json().items.find((i: any) => i.id === newest.id).readAt).toBe(env.clock.now.toISOString());
    // Reading is the member's own business: the secretary's copies stay unread.
    expect((await sec.get('/api/inbox')).json().unread).toBe(4);
  });

  it('another account’s notice answers 404, as does one that does not exist; nothing changes', async () => {
    const theirs = (await sec.get('/api/inbox')).json().items[0];
    expect((await member.post(`/api/inbox/${theirs.id}/read`)).statusCode).toBe(404);
    expect((await member.post('/api/inbox/999999/read')).statusCode).toBe(404);
    expect((await sec.get('/api/inbox')).json().unread).toBe(4);
  });

  it('any logged-in account may use it, the separated admins included; anonymous callers get 401', async () => {
    const auditor = await env.login('auditor');
    expect((await auditor.get('/api/inbox')).json()).toMatchObject({ items: [], total: 0, unread: 0 });
    const anon = env.anonymous();
    expect((await anon.get('/api/inbox')).statusCode).toBe(401);
    expect((await anon.post('/api/inbox/read-all')).statusCode).toBe(401);
    expect((await anon.post('/api/inbox/1/read')).statusCode).toBe(401);
  });

  it('refuses bad queries and needs the CSRF header to change state', async () => {
    expect((await member.get('/api/inbox?unread=yes')).statusCode).toBe(400);
    expect((await member.get('/api/inbox?pageSize=1000')).statusCode).toBe(400);
    expect((await member.get('/api/inbox?other=1')).statusCode).toBe(400);
    expect((await member.post('/api/inbox/abc/read')).statusCode).toBe(400);
    const noCsrf = await env.app.inject({ method: 'POST', url: '/api/inbox/read-all', headers: { cookie: member.cookie } });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('marking read is not audited (the reader’s own view; see inbox.service.ts)', async () => {
    const before = await env.count('audit_log');
    await sec.post('/api/inbox/read-all');
    expect(await env.count('audit_log')).toBe(before);
  });
});
