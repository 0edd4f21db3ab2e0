import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyApp, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let leaky: LeakyApp;
let admin: TestClient;
let leakyAdmin: LeakyClient;

beforeAll(async () => {
  ({ env, leaky } = t);
  [admin, leakyAdmin] = await t.pair('admin');
});

describe('compliance answers are filtered by their response schemas', () => {
  it('the grid, the heatmap and the requirement table carry no key outside the schema', async () => {
    await expectFilteredGets(admin, leakyAdmin, [
      `/api/compliance?year=2026&orgId=${env.fx.a1.id}`,
      '/api/compliance/heatmap?year=2026',
      '/api/compliance/requirements?year=2026',
    ]);
    const grid = (await leakyAdmin.get(`/api/compliance?year=2026&orgId=${env.fx.a1.id}`)).json();
    // A cell names its period by id; the rule's own periodStart/periodEnd stay on the server.
    expect(Object.keys(grid.items[0].cells[0]).sort()).toEqual(['activityType', 'done', 'needed', 'periodId', 'requirementKey', 'status']);
  });

  it('saving the table answers the table, filtered', async () => {
    const saved = await leakyAdmin.put('/api/compliance/requirements?year=2026', { national: {}, local: [], reminderDays: 10 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.body).not.toContain(LEAKED_KEY);
    expect(saved.json()).toMatchObject({ year: 2026, stored: true, reminderDays: 10, canConfigure: true });
  });
});
