import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { seedXuexi } from './demo-xuexi.ts';

// The demo's 学习强国 months on the fixture city, read back through the API a visitor uses.
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const admin = await env.deps.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  await env.deps.db.transaction().execute((trx) => seedXuexi(trx, { now: env.clock.now, rootId: env.fx.root.id, importerId: admin.id }));
});
afterAll(() => env.close());

describe('the demo’s 学习强国 points', () => {
  it('three months imported for the city, most members taking part, the unmatched rows kept', async () => {
    const admin = await env.login('admin');
    const s = (await admin.get('/api/xuexi/stats?period=2026-10')).json();
    expect(s.periods).toEqual(['2026-10', '2026-09', '2026-08']);
    expect(s.total.members).toBeGreaterThan(10);
    expect(s.total.rate).toBeGreaterThan(40);
    expect(s.total.rate).toBeLessThan(100);
    expect(s.children.map((c: { orgName: string }) => c.orgName)).toEqual(['A局机关党委', 'B局机关党委']);
    const imports = (await admin.get('/api/xuexi/imports')).json().items;
    expect(imports).toHaveLength(3);
    expect(imports[0]).toMatchObject({ periods: ['2026-10'], matched: s.total.members });
    expect(imports[0].unmatched).toHaveLength(2);
  });
});
