import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

// Every answer of 创先争优 goes through its response schema: a key the handler adds that the schema
// does not name never reaches the client (the public page included).

const t = useLeakyEnv();
let admin: TestClient;
let leaky: LeakyClient;
let id: number;

beforeAll(async () => {
  [admin, leaky] = await t.pair('admin');
  const res = await admin.post('/api/honour-campaigns', {
    year: 2026,
    kind: 'excellent_worker',
    title: '2026年度优秀党务工作者',
    periodFrom: '2026-01-01',
    periodTo: '2026-12-31',
    quota: 2,
    rules: { discipline: { enabled: true, advisory: false }, compliance: { enabled: true, advisory: true, threshold: 90 }, red_card: { enabled: true, advisory: false } },
    publicityDays: 5,
    objectionContact: '工委组织部',
  });
  expect(res.statusCode, res.body).toBe(201);
  id = res.json().id;
});

describe('honours answers are filtered by their response schemas', () => {
  it('reads', async () => {
    await expectFilteredGets(admin, leaky, ['/api/honour-campaigns', `/api/honour-campaigns/${id}`, '/api/honours?year=2026', `/api/honours/orgs/${t.env.fx.a.id}`, `/api/honours/members/${t.env.fx.membersA1[1]}`, '/api/public/honours']);
  });

  it('writes', async () => {
    const opened = await leaky.post(`/api/honour-campaigns/${id}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.body).not.toContain(LEAKED_KEY);
    const nominated = await leaky.post(`/api/honour-campaigns/${id}/nominations`, { memberId: t.env.fx.membersA1[1], deeds: '事迹' });
    expect(nominated.statusCode, nominated.body).toBe(201);
    expect(nominated.body).not.toContain(LEAKED_KEY);
  });
});
