import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyApp, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let leaky: LeakyApp;
let member: TestClient;
let leakyMember: LeakyClient;

beforeAll(async () => {
  ({ env, leaky } = t);
  const sec = await env.login('sec_a1');
  const r = await sec.post('/api/activities', { orgId: env.fx.a1.id, planned: true, types: ['theme_day'], title: '活动', startsAt: '2026-11-25T09:00:00+08:00', endsAt: '2026-11-25T11:00:00+08:00' });
  expect(r.statusCode, r.body).toBe(201);
  [member, leakyMember] = await t.pair('member_a1');
});

describe('inbox answers are filtered by their response schemas', () => {
  it('the inbox, a notice read and read-all carry no key outside the schema (no owner, no dedupe key)', async () => {
    await expectFilteredGets(member, leakyMember, ['/api/inbox', '/api/inbox?unread=true']);
    const notice = (await member.get('/api/inbox')).json().items[0];
    const read = await leakyMember.post(`/api/inbox/${notice.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.body).not.toContain(LEAKED_KEY);
    expect(Object.keys(read.json()).sort()).toEqual(['body', 'createdAt', 'id', 'kind', 'link', 'readAt', 'title']);
    const all = await leakyMember.post('/api/inbox/read-all');
    expect(all.json()).toEqual({ updated: 0, unread: 0 });
  });
});
