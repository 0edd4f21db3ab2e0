import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let admin: TestClient;
let leakyAdmin: LeakyClient;
let itemId: number;

beforeAll(async () => {
  env = t.env;
  [admin, leakyAdmin] = await t.pair('admin');
  const draft = await admin.post('/api/key-tasks', { year: 2026, listKind: 'responsibility', category: '责任', title: '落实主体责任', orgTypes: ['branch'], deadline: '2026-12-31' });
  await admin.post(`/api/key-tasks/${draft.json().id}/publish`, {});
  itemId = (await env.deps.db.selectFrom('list_item').select('id').where('org_id', '=', env.fx.a1.id).executeTakeFirstOrThrow()).id;
});

describe('list answers are filtered by their response schemas', () => {
  it('key tasks, lists and an item carry no key outside the schema (no organisation path, no account ids)', async () => {
    await expectFilteredGets(admin, leakyAdmin, ['/api/key-tasks?year=2026', `/api/lists?year=2026`, `/api/list-items/${itemId}`, `/api/lists/ledger?year=2026&orgId=${env.fx.a1.id}`]);
    const item = (await leakyAdmin.get(`/api/list-items/${itemId}`)).json();
    expect(item).not.toHaveProperty('org_path');
    expect(item).not.toHaveProperty('created_by');
    expect(Object.keys(item.progress).sort()).toEqual(['actual', 'expected', 'light', 'state']);
  });
});
