import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The list workflows under simultaneous requests (PostgreSQL pass only: PGlite's single
// connection runs requests one after the other). Every transition locks the item row, so of two
// decisions on one item exactly one wins; the other answers 409 and changes nothing.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA1: TestClient;
let taskId: number;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA1] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('sec_a1')]);
  taskId = (await admin.post('/api/key-tasks', { year: 2026, listKind: 'task', category: '并发', title: '并发测试任务', orgTypes: ['branch'], deadline: '2026-12-31' })).json().id;
});
afterAll(() => env.close());

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();

describe('list workflows on PostgreSQL', () => {
  it('two publishes of one task: one creates the items, the other 409', async () => {
    const rs = await Promise.all([admin.post(`/api/key-tasks/${taskId}/publish`, {}), admin.post(`/api/key-tasks/${taskId}/publish`, {})]);
    expect(codes(rs)).toEqual([200, 409]);
    expect(await env.deps.db.selectFrom('list_item').select('id').where('key_task_id', '=', taskId).execute()).toHaveLength(3);
  });

  it('one claim accepted by two reviewers at once: one acceptance, one 409', async () => {
    const item = await env.deps.db.selectFrom('list_item').select('id').where('key_task_id', '=', taskId).where('org_id', '=', env.fx.a1.id).executeTakeFirstOrThrow();
    const planned = await secA1.put(`/api/list-items/${item.id}/plan`, {
      responsibleMemberId: null, responsibleName: '专人', leaderName: '', assistOrgIds: [], steps: [],
      milestones: [{ title: '唯一节点', dueOn: '2026-12-20', weight: 100 }],
    });
    const m = planned.json().milestones[0];
    await secA1.post(`/api/list-items/${item.id}/milestones/${m.id}/claim`, { note: '完成' });
    const rs = await Promise.all([admin.post(`/api/list-items/${item.id}/milestones/${m.id}/accept`, {}), unit.post(`/api/list-items/${item.id}/milestones/${m.id}/return`, { comment: '不同意' })]);
    expect(codes(rs)).toEqual([200, 409]);
    const events = await env.deps.db.selectFrom('list_item_event').select('kind').where('item_id', '=', item.id).where('kind', 'in', ['accept', 'return_claim']).execute();
    expect(events).toHaveLength(1);
  });

  it('two adjustment requests at once: one waits for approval, the other 409', async () => {
    const item = await env.deps.db.selectFrom('list_item').select('id').where('key_task_id', '=', taskId).where('org_id', '=', env.fx.a2.id).executeTakeFirstOrThrow();
    const sec = await env.login('sec_a2');
    const rs = await Promise.all([sec.post(`/api/list-items/${item.id}/adjustments`, { reason: '甲', title: '甲' }), sec.post(`/api/list-items/${item.id}/adjustments`, { reason: '乙', title: '乙' })]);
    expect(codes(rs)).toEqual([200, 409]);
    expect(await env.deps.db.selectFrom('list_item_adjustment').select('id').where('item_id', '=', item.id).execute()).toHaveLength(1);
  });

  it('a closing approved and returned at once: exactly one decision', async () => {
    const item = await env.deps.db.selectFrom('list_item').select('id').where('key_task_id', '=', taskId).where('org_id', '=', env.fx.a1.id).executeTakeFirstOrThrow();
    expect((await secA1.post(`/api/list-items/${item.id}/close`, { summary: '完成' })).statusCode).toBe(200);
    const rs = await Promise.all([admin.post(`/api/list-items/${item.id}/closing/approve`, {}), unit.post(`/api/list-items/${item.id}/closing/return`, { comment: '退回' })]);
    expect(codes(rs)).toEqual([200, 409]);
    const closing = await env.deps.db.selectFrom('list_item_closing').select('status').where('item_id', '=', item.id).execute();
    expect(closing).toHaveLength(1);
    const status = (await env.deps.db.selectFrom('list_item').select('status').where('id', '=', item.id).executeTakeFirstOrThrow()).status;
    expect(status).toBe(closing[0]!.status === 'approved' ? 'closed' : 'in_progress');
  });

  it('a rectification: one measure completed twice at once, and one closing verified twice at once — one each wins', async () => {
    const templateId = (await admin.get('/api/checklist-templates')).json().items[0].id;
    const insp = await admin.post('/api/inspections', { year: 2026, kind: 'key', title: '并发督查', startsOn: '2026-11-10', endsOn: '2026-11-30', team: ['张督查'], leader: '张督查', templateId, targetOrgIds: [env.fx.a.id] });
    expect(insp.statusCode, insp.body).toBe(201);
    await admin.post(`/api/inspections/${insp.json().id}/start`, {});
    const f = await admin.post(`/api/inspections/${insp.json().id}/findings`, { orgId: env.fx.a.id, findingClass: '并发', title: '并发问题', severity: 'general', principalName: '王局长' });
    const id = f.json().id;
    const planned = await unit.put(`/api/list-items/${id}/plan`, { responsibleMemberId: null, responsibleName: '王局长', leaderName: '', assistOrgIds: [], milestones: [], steps: [], measures: [{ content: '整改', ownerName: '赵一', deadline: '2026-12-31' }] });
    const m = planned.json().measures[0];
    const done = await Promise.all([unit.post(`/api/list-items/${id}/measures/${m.id}/complete`, { note: '甲' }), unit.post(`/api/list-items/${id}/measures/${m.id}/complete`, { note: '乙' })]);
    expect(codes(done)).toEqual([200, 409]);
    expect((await unit.post(`/api/list-items/${id}/close`, { summary: '完成' })).statusCode).toBe(200);
    const other = await env.login('admin');
    const verified = await Promise.all([
      admin.post(`/api/list-items/${id}/closing/verify`, { outcome: 'rectified', verifiers: ['张督查'] }),
      other.post(`/api/list-items/${id}/closing/verify`, { outcome: 'unfinished', verifiers: ['李督查'], comment: '不行' }),
    ]);
    expect(codes(verified)).toEqual([200, 409]);
    expect(await env.deps.db.selectFrom('list_item_event').select('id').where('item_id', '=', id).where('kind', '=', 'verify').execute()).toHaveLength(1);
  });

  it('two handovers of one person at once: the items move once, to one successor; the other finds nothing left to move', async () => {
    const leaving = env.fx.membersA1[5]!;
    const item = (await secA1.post('/api/list-items', { orgId: env.fx.a1.id, year: 2026, listKind: 'task', title: '交接并发', deadline: '2026-12-31' })).json().id;
    const planned = await secA1.put(`/api/list-items/${item}/plan`, { responsibleMemberId: leaving, responsibleName: '', leaderName: '', assistOrgIds: [], milestones: [], steps: [], measures: [] });
    expect(planned.statusCode, planned.body).toBe(200);
    await env.deps.db.updateTable('member').set({ org_id: env.fx.b1.id }).where('id', '=', leaving).execute();
    const rs = await Promise.all([
      secA1.post('/api/list-items/handover', { orgId: env.fx.a1.id, fromMemberId: leaving, toMemberId: env.fx.membersA1[2], reason: '调离甲' }),
      unit.post('/api/list-items/handover', { orgId: env.fx.a1.id, fromMemberId: leaving, toMemberId: env.fx.membersA1[3], reason: '调离乙' }),
    ]);
    expect(codes(rs)).toEqual([200, 400]);
    expect(rs.find((r) => r.statusCode === 400)!.json().message).toContain('没有未销号的事项');
    expect(await env.deps.db.selectFrom('list_item_handover').select('id').where('from_member_id', '=', leaving).execute()).toHaveLength(1);
    expect(await env.deps.db.selectFrom('list_item_event').select('id').where('item_id', '=', item).where('kind', '=', 'handover').execute()).toHaveLength(1);
  });

  it('after the races above, the counts kept by the triggers (待审 included) equal a recount', async () => {
    const { statsDrift } = await import('./stats-recount.ts');
    expect(await statsDrift(env.deps.db)).toEqual([]);
  });
});
