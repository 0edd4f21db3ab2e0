import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): simultaneous starts of one
// inspection, and simultaneous withdrawals of one card. Exactly one wins; the others answer 409
// with the machine's Chinese message and change nothing (one audit record).

let env: TestEnv;
let admins: TestClient[];
let templateId: number;
beforeAll(async () => {
  env = await createTestEnv();
  admins = await Promise.all(Array.from({ length: 5 }, () => env.login('admin')));
  templateId = (await admins[0].get('/api/checklist-templates')).json().items[0].id;
});
afterAll(() => env.close());

const audits = async (action: string, entityId: number) =>
  (await env.database.db.selectFrom('audit_log').select('id').where('action', '=', action as never).where('entity_id', '=', String(entityId)).execute()).length;

describe('督查 races on PostgreSQL', () => {
  it('five simultaneous starts of one inspection: one wins, four answer 409', async () => {
    const plan = { year: 2026, kind: 'unannounced', title: '明察暗访', startsOn: '2026-11-01', endsOn: '2026-11-30', team: ['赵督查'], templateId, targetOrgIds: [env.fx.a.id, env.fx.b.id] };
    const id = (await admins[0].post('/api/inspections', plan)).json().id;
    const results = await Promise.all(admins.map((c) => c.post(`/api/inspections/${id}/start`)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().message).toBe('该督查当前为“进行中”，不能开始（可能刚被他人处理），请刷新后重试');
    expect(await audits('inspection.start', id)).toBe(1);
  });

  it('start ‖ cancel of one plan: exactly one of them happens', async () => {
    const plan = { year: 2026, kind: 'revisit', title: '回头看', startsOn: '2026-11-01', endsOn: '2026-11-30', team: ['钱督查'], templateId, targetOrgIds: [env.fx.a.id] };
    const id = (await admins[0].post('/api/inspections', plan)).json().id;
    const [start, cancel] = await Promise.all([admins[1].post(`/api/inspections/${id}/start`), admins[2].post(`/api/inspections/${id}/cancel`)]);
    expect([start.statusCode, cancel.statusCode].sort()).toEqual([200, 409]);
    const status = (await admins[0].get(`/api/inspections/${id}`)).json().status;
    expect(status).toBe(start.statusCode === 200 ? 'in_progress' : 'cancelled');
  });

  it('five simultaneous withdrawals of one card: one wins, four answer 409', async () => {
    const card = (await admins[0].post('/api/cards', { kind: 'red', orgId: env.fx.b.id, reason: '作风问题', issuedOn: '2026-11-20' })).json().id;
    const results = await Promise.all(admins.map((c, i) => c.post(`/api/cards/${card}/withdraw`, { reason: `撤销${i}` })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = results.findIndex((r) => r.statusCode === 200);
    expect((await admins[0].get('/api/cards')).json().items.find((c: { id: number }) => c.id === card)).toMatchObject({ status: 'withdrawn', withdrawnReason: `撤销${winner}` });
    expect(await audits('card.withdraw', card)).toBe(1);
  });
});
