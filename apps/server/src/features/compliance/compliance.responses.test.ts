import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, leakyApp, type LeakyApp, type LeakyClient } from '../../../test/leaky-app.ts';

let env: TestEnv;
let leaky: LeakyApp;
let admin: TestClient;
let leakyAdmin: LeakyClient;

beforeAll(async () => {
  env = await createTestEnv();
  leaky = await leakyApp(env);
  [admin, leakyAdmin] = await Promise.all([env.login('admin'), leaky.login('admin')]);
});
afterAll(async () => {
  await leaky.close();
  await env.close();
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
