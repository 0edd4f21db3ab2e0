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

describe('organisation answers are filtered by their response schemas', () => {
  it('the tree, a detail and the units carry no key outside the schema', async () => {
    expect((await admin.post('/api/units', { name: '测试局', type: 'organ' })).statusCode).toBe(201);
    await expectFilteredGets(admin, leakyAdmin, ['/api/orgs', '/api/orgs?includeDissolved=true', `/api/orgs/${env.fx.a1.id}`, '/api/units']);
  });

  it('a change answers exactly the organisation’s fields', async () => {
    const changed = await leakyAdmin.patch(`/api/orgs/${env.fx.a2.id}`, { contact: '王老师' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.body).not.toContain(LEAKED_KEY);
    expect(Object.keys(changed.json()).sort()).toEqual(
      ['id', 'parentId', 'path', 'name', 'type', 'unitId', 'unitName', 'foundedOn', 'goLiveOn', 'dissolvedOn', 'termStart', 'termEnd', 'contact', 'contactPhone', 'memberCount'].sort(),
    );
  });

  it('a new unit answers like a unit of the list (creditCode null when not given)', async () => {
    const unit = await leakyAdmin.post('/api/units', { name: '测试二局', type: 'organ' });
    expect(unit.statusCode, unit.body).toBe(201);
    expect(unit.json()).toEqual({ id: expect.any(Number), name: '测试二局', type: 'organ', creditCode: null });
  });
});
