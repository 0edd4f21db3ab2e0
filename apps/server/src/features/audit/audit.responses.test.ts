import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyApp, type LeakyClient } from '../../../test/leaky-app.ts';

const t = useLeakyEnv();
let env: TestEnv;
let leaky: LeakyApp;
let auditor: TestClient;
let leakyAuditor: LeakyClient;

beforeAll(async () => {
  ({ env, leaky } = t);
  const admin = await env.login('admin');
  expect((await admin.patch(`/api/orgs/${env.fx.a2.id}`, { contact: '王老师' })).statusCode).toBe(200);
  [auditor, leakyAuditor] = await t.pair('auditor');
});

describe('audit answers are filtered by their response schemas', () => {
  it('log entries carry exactly their fields (no previous hash, no actor id); before/after are the record as written', async () => {
    const res = await leakyAuditor.get('/api/audit?action=org.update');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(Object.keys(page).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    const entry = page.items[0];
    expect(Object.keys(entry).sort()).toEqual(['action', 'actorName', 'after', 'at', 'before', 'entityId', 'entityType', 'hash', 'id', 'ip'].sort());
    expect(entry).not.toHaveProperty('prev_hash');
    expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // The schema leaves before/after free (any record's shape): what the service logged goes out as logged.
    expect(entry.after.contact).toBe('王老师');
  });

  it('the chain check carries no key outside the schema', async () => {
    await expectFilteredGets(auditor, leakyAuditor, ['/api/audit/verify']);
    const verify = await leakyAuditor.get('/api/audit/verify');
    expect(verify.body).not.toContain(LEAKED_KEY);
    expect(verify.json()).toEqual({ ok: true, checked: expect.any(Number) });
  });
});
