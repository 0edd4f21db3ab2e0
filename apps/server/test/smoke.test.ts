import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('the test harness', () => {
  it('serves the fixture city to the committee admin', async () => {
    const admin = await env.login('admin');
    const res = await admin.get('/api/orgs');
    expect(res.statusCode).toBe(200);
    expect(res.json().map((o: { name: string }) => o.name)).toContain('B局综合处党支部');
  });
});
