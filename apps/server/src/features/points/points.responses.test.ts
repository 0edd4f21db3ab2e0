import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POINT_ITEMS } from '@xianfeng/shared';
import type { TestClient } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

// Every answer of 党员积分 goes through its response schema: a key the handler adds that the schema
// does not name never reaches the client.

const t = useLeakyEnv();
let admin: TestClient;
let leaky: LeakyClient;
let id: number;

beforeAll(async () => {
  [admin, leaky] = await t.pair('admin');
  const res = await admin.post('/api/point-rule-sets', { year: 2026, effectiveFrom: '2026-01-01', basePoints: 60, floor: 0, items: DEFAULT_POINT_ITEMS, note: '' });
  expect(res.statusCode, res.body).toBe(201);
  id = res.json().id;
  await admin.post('/api/point-exemptions', { year: 2026, memberId: t.env.fx.membersA1[3], reason: '长期患病', decidedOn: '2026-02-01' });
});

describe('points answers are filtered by their response schemas', () => {
  it('reads', async () => {
    await expectFilteredGets(admin, leaky, ['/api/point-rule-sets?year=2026', `/api/point-rule-sets/${id}`, '/api/point-exemptions?year=2026', '/api/point-entries?year=2026', '/api/point-appeals?year=2026', `/api/points?memberId=${t.env.fx.membersA1[1]}&year=2026`]);
  });

  it('writes', async () => {
    const published = await leaky.post(`/api/point-rule-sets/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.body).not.toContain(LEAKED_KEY);
    const created = await leaky.post('/api/point-exemptions', { year: 2026, memberId: t.env.fx.membersA1[4], reason: '长期患病', decidedOn: '2026-02-01' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(LEAKED_KEY);
    const entry = await leaky.post('/api/point-entries', { memberId: t.env.fx.membersA1[4], kind: 'manual_deduction', occurredOn: '2026-06-10', points: -2, reason: '无故缺席', evidence: '签到表' });
    expect(entry.statusCode, entry.body).toBe(201);
    expect(entry.body).not.toContain(LEAKED_KEY);
  });
});
