import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { demoSchemeContent } from './demo-schemes.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): simultaneous publishes of one
// draft, simultaneous revisions of one published version, simultaneous first drafts of a year.
// Exactly one wins; the others answer 409 in Chinese and change nothing (one audit record).

let env: TestEnv;
let admins: TestClient[];
beforeAll(async () => {
  env = await createTestEnv();
  admins = await Promise.all(Array.from({ length: 5 }, () => env.login('admin')));
});
afterAll(() => env.close());

const audits = async (action: string) => (await env.database.db.selectFrom('audit_log').select('entity_id').where('action', '=', action as never).execute()).length;
const rows = (year: number) => env.database.db.selectFrom('assessment_scheme').select(['version', 'status']).where('year', '=', year).orderBy('version').execute();

async function draftWithContent(year: number) {
  const id = (await admins[0]!.post('/api/assessments', { year })).json().id as number;
  expect((await admins[0]!.put(`/api/assessments/${id}`, { content: demoSchemeContent(env.fx.users.admin!) })).statusCode).toBe(200);
  return id;
}

describe('考核方案 races on PostgreSQL', () => {
  it('five simultaneous publishes of one draft: one 200, four 409', async () => {
    const id = await draftWithContent(2025);
    const results = await Promise.all(admins.map((c) => c.post(`/api/assessments/${id}/publish`)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().message).toBe('该考核方案版本当前为“已发布”，不能发布（可能刚被他人处理），请刷新后重试');
    expect(await audits('assessment_scheme.publish')).toBe(1);
    expect(await rows(2025)).toEqual([{ version: 1, status: 'published' }]);
  });

  it('five simultaneous revisions of one published version: one new draft', async () => {
    const published = (await admins[0]!.get('/api/assessments?year=2025')).json().current.id;
    const results = await Promise.all(admins.map((c) => c.post(`/api/assessments/${published}/revise`)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await audits('assessment_scheme.revise')).toBe(1);
    expect(await rows(2025)).toEqual([{ version: 1, status: 'published' }, { version: 2, status: 'draft' }]);
  });

  it('publish of a revision ‖ a second revise: the year keeps one published version and at most one draft', async () => {
    const year = (await admins[0]!.get('/api/assessments?year=2025')).json();
    const draft = year.versions.find((v: { status: string }) => v.status === 'draft').id;
    const published = year.versions.find((v: { status: string }) => v.status === 'published').id;
    const [publish, revise] = await Promise.all([admins[1]!.post(`/api/assessments/${draft}/publish`), admins[2]!.post(`/api/assessments/${published}/revise`)]);
    expect(publish.statusCode).toBe(200);
    expect(revise.statusCode).toBe(409);
    expect(await rows(2025)).toEqual([{ version: 1, status: 'superseded' }, { version: 2, status: 'published' }]);
  });

  it('five simultaneous first drafts of a year: one 201, four 409', async () => {
    const results = await Promise.all(admins.map((c) => c.post('/api/assessments', { year: 2026 })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await audits('assessment_scheme.create')).toBe(2);
    expect(await rows(2026)).toEqual([{ version: 1, status: 'draft' }]);
  });
});
