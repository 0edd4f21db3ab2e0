import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// The permission matrix of 考核方案: the committee configures and reads every version; an
// organisation's admins (a unit, a branch) read the published scheme only (a draft: 404); a plain
// member and the three separated admins are refused (403).

const ACTORS = ['admin', 'unitadmin', 'sec_a1', 'member_a1', 'sysadmin', 'secadmin', 'auditor'] as const;
type ActorName = (typeof ACTORS)[number];
const REFUSED = { member_a1: 403, sysadmin: 403, secadmin: 403, auditor: 403 };
const COMMITTEE = (ok: number) => ({ admin: ok, unitadmin: 403, sec_a1: 403, ...REFUSED });

let env: TestEnv;
const as = {} as Record<ActorName, TestClient>;
let published: number;
let draft: number;

beforeAll(async () => {
  env = await createTestEnv();
  for (const a of ACTORS) as[a] = await env.login(a);
  published = (await as.admin.post('/api/assessments', { year: 2025 })).json().id;
  expect((await as.admin.put(`/api/assessments/${published}`, { content: demoSchemeContent(env.fx.users.admin!) })).statusCode).toBe(200);
  expect((await as.admin.post(`/api/assessments/${published}/publish`)).statusCode).toBe(200);
  draft = (await as.admin.post('/api/assessments', { year: 2026 })).json().id;
});
afterAll(() => env.close());

async function statuses(call: (c: TestClient) => Promise<{ statusCode: number }>) {
  const out = {} as Record<ActorName, number>;
  for (const a of ACTORS) out[a] = (await call(as[a])).statusCode;
  return out;
}

describe('考核方案 permissions', () => {
  it('read a year and a published version: the committee and organisation admins', async () => {
    const readers = { admin: 200, unitadmin: 200, sec_a1: 200, ...REFUSED };
    expect(await statuses((c) => c.get('/api/assessments?year=2025'))).toEqual(readers);
    expect(await statuses((c) => c.get(`/api/assessments/${published}`))).toEqual(readers);
  });

  it('a draft: the committee only; units get 404 for it and do not see it in the year', async () => {
    expect(await statuses((c) => c.get(`/api/assessments/${draft}`))).toEqual({ admin: 200, unitadmin: 404, sec_a1: 404, ...REFUSED });
    expect((await as.unitadmin.get('/api/assessments?year=2026')).json().versions).toEqual([]);
  });

  it('create, edit, publish, revise and the scorer list: the committee only', async () => {
    expect(await statuses((c) => c.get('/api/assessments/scorers'))).toEqual(COMMITTEE(200));
    expect(await statuses((c) => c.put(`/api/assessments/${draft}`, { content: demoSchemeContent(env.fx.users.admin!) }))).toEqual(COMMITTEE(200));
    expect(await statuses((c) => c.post(`/api/assessments/${published}/revise`))).toEqual(COMMITTEE(200));
    expect(await statuses((c) => c.post(`/api/assessments/${draft}/publish`))).toEqual(COMMITTEE(200));
    expect(await statuses((c) => c.post('/api/assessments', { year: 2027 }))).toEqual(COMMITTEE(201));
  });

  it('refusals change nothing (they are audited as refusals only)', async () => {
    const schemes = () => env.database.db.selectFrom('assessment_scheme').select(['id', 'status', 'updated_at']).orderBy('id').execute();
    const before = await schemes();
    expect((await as.unitadmin.post(`/api/assessments/${draft}/revise`)).statusCode).toBe(403);
    expect((await as.member_a1.post('/api/assessments', { year: 2030 })).statusCode).toBe(403);
    expect(await schemes()).toEqual(before);
    const denied = await env.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'assessment_scheme.%' as never).where('actor_user_id', '!=', env.fx.users.admin!).execute();
    expect(denied).toEqual([]);
    expect((await as.admin.get('/api/assessments?year=2030')).json().versions).toEqual([]);
  });
});
