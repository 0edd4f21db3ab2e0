import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

// Every 督查 and card answer goes through its response schema: a key the handler adds that the
// schema does not name never reaches the client.

const t = useLeakyEnv();
let env: TestEnv;
let admin: TestClient;
let leakyAdmin: LeakyClient;
let id: number;
let card: number;

beforeAll(async () => {
  ({ env } = t);
  [admin, leakyAdmin] = await t.pair('admin');
  const tpl = (await admin.get('/api/checklist-templates')).json().items[0];
  id = (await admin.post('/api/inspections', { year: 2026, kind: 'special', quarter: 4, title: '专项督查', startsOn: '2026-11-01', endsOn: '2026-11-30', team: ['孙督查'], templateId: tpl.id, targetOrgIds: [env.fx.a.id] })).json().id;
  await admin.post(`/api/inspections/${id}/start`);
  const finding = await admin.post(`/api/inspections/${id}/findings`, { orgId: env.fx.a.id, findingClass: '三会一课', title: '支委会未按月召开', severity: 'general', principalName: '王局长' });
  card = (await admin.post('/api/cards', { kind: 'yellow', orgId: env.fx.a.id, reason: '事由', issuedOn: '2026-11-20', inspectionId: id, findingIds: [finding.json().id] })).json().id;
  expect((await admin.get('/api/cards?year=2026')).json().items[0].findings).toHaveLength(1);
});

describe('督查 answers are filtered by their response schemas', () => {
  it('lists, details, checklists, coverage, templates, cards and kinds', async () => {
    await expectFilteredGets(admin, leakyAdmin, [
      '/api/inspections?year=2026',
      `/api/inspections/${id}`,
      `/api/inspections/${id}/targets/${env.fx.a.id}`,
      '/api/inspections/coverage?year=2026',
      '/api/checklist-templates',
      '/api/cards?year=2026',
      '/api/card-kinds',
    ]);
  });

  it('writes answer filtered too', async () => {
    const tpl = (await admin.get('/api/checklist-templates')).json().items[0];
    const recorded = await leakyAdmin.put(`/api/inspections/${id}/targets/${env.fx.a.id}`, {
      visitedOn: '2026-11-20',
      summary: '小结',
      results: tpl.items.map((i: { key: string }) => ({ key: i.key, result: 'na' })),
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.body).not.toContain(LEAKED_KEY);
    const finished = await leakyAdmin.post(`/api/inspections/${id}/finish`, {});
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.body).not.toContain(LEAKED_KEY);
    const withdrawn = await leakyAdmin.post(`/api/cards/${card}/withdraw`, { reason: '撤销' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.body).not.toContain(LEAKED_KEY);
  });
});
