import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyApp, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let leaky: LeakyApp;
let sec: TestClient;
let leakySec: LeakyClient;

beforeAll(async () => {
  ({ env, leaky } = t);
  [sec, leakySec] = await t.pair('sec_a1');
});

const INTERNAL = ['id_number_enc', 'id_number_hmac', 'phone_enc', 'address_enc', 'org_path', 'idNumberEnc'];

describe('member answers are filtered by their response schemas', () => {
  it('the list, a detail and the whole values carry no key outside the schema', async () => {
    const id = env.fx.membersA1[2];
    await expectFilteredGets(sec, leakySec, [`/api/members?orgId=${env.fx.a1.id}`, `/api/members/${id}`, `/api/members/${id}/sensitive`]);
    const list = (await leakySec.get(`/api/members?orgId=${env.fx.a1.id}`)).json();
    for (const key of INTERNAL) expect(list.items[0]).not.toHaveProperty(key);
    // The list shows masked values only.
    expect(list.items[0].idNumber).toMatch(/\*/);
  });

  it('a change answers the detail, filtered', async () => {
    const id = env.fx.membersA1[3];
    const changed = await leakySec.post(`/api/members/${id}/status`, { status: 'suspended', changedOn: '2026-11-01', reason: '测试' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.body).not.toContain(LEAKED_KEY);
    for (const key of INTERNAL) expect(changed.json()).not.toHaveProperty(key);
    expect(changed.json().statusHistory[0]).toEqual({ id: expect.any(Number), fromStatus: 'normal', toStatus: 'suspended', changedOn: '2026-11-01', reason: '测试' });
  });
});
