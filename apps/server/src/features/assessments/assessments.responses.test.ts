import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// Every 考核方案 answer goes through its response schema: a key the handler adds that the schema
// does not name never reaches the client — down to the indicator tree and the measures' parameters.

const t = useLeakyEnv();
let env: TestEnv;
let admin: TestClient;
let leakyAdmin: LeakyClient;
let id: number;

beforeAll(async () => {
  ({ env } = t);
  [admin, leakyAdmin] = await t.pair('admin');
  id = (await admin.post('/api/assessments', { year: 2026 })).json().id;
  expect((await admin.put(`/api/assessments/${id}`, { content: demoSchemeContent(env.fx.users.admin!) })).statusCode).toBe(200);
});

describe('考核方案 answers are filtered by their response schemas', () => {
  it('the year, a version and the scorers', async () => {
    await expectFilteredGets(admin, leakyAdmin, ['/api/assessments?year=2026', `/api/assessments/${id}`, '/api/assessments/scorers']);
  });

  it('writes answer filtered too', async () => {
    for (const [call, status] of [
      [() => leakyAdmin.put(`/api/assessments/${id}`, { content: demoSchemeContent(env.fx.users.admin!) }), 200],
      [() => leakyAdmin.post(`/api/assessments/${id}/publish`, {}), 200],
      [() => leakyAdmin.post(`/api/assessments/${id}/revise`, {}), 200],
      [() => leakyAdmin.post('/api/assessments', { year: 2027 }), 201],
    ] as const) {
      const r = await call();
      expect(r.statusCode, r.body).toBe(status);
      expect(r.body).not.toContain(LEAKED_KEY);
    }
  });
});
