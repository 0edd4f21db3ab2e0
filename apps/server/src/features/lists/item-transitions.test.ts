import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Every endpoint of an item's workflow in every state of the item: the legal ones work, the rest
// answer 409 with the item machine's Chinese refusal and change nothing (the item's history does
// not grow). Fixture: A1 keeps the item (sec_a1), A reviews it (unitadmin). Clock: 2026-11-23.

let env: TestEnv;
let sec: TestClient;
let unit: TestClient;
let id: number;
let milestoneId: number;

beforeAll(async () => {
  env = await createTestEnv();
  [sec, unit] = await Promise.all([env.login('sec_a1'), env.login('unitadmin')]);
  id = (await sec.post('/api/list-items', { orgId: env.fx.a1.id, year: 2026, listKind: 'task', title: '状态机事项', deadline: '2026-12-31' })).json().id;
  const planned = await sec.put(`/api/list-items/${id}/plan`, plan);
  milestoneId = planned.json().milestones[0].id;
});
afterAll(() => env.close());

const plan = { responsibleMemberId: null, responsibleName: '专人', leaderName: '', assistOrgIds: [], milestones: [{ title: '唯一节点', dueOn: '2026-12-20', weight: 100 }], steps: [] };

/** Each endpoint, by whom it is called (the keeper or the reviewer). */
const calls: Record<string, () => Promise<{ statusCode: number; json(): { message: string } }>> = {
  修改计划: () => sec.put(`/api/list-items/${id}/plan`, plan),
  报送进度: () => sec.post(`/api/list-items/${id}/milestones/${milestoneId}/claim`, { note: '完成' }),
  申请调整: () => sec.post(`/api/list-items/${id}/adjustments`, { reason: '调整', title: '新名称' }),
  申请销号: () => sec.post(`/api/list-items/${id}/close`, { summary: '完成' }),
  批准销号: () => unit.post(`/api/list-items/${id}/closing/approve`, {}),
  退回销号申请: () => unit.post(`/api/list-items/${id}/closing/return`, { comment: '退回' }),
  重新打开: () => unit.post(`/api/list-items/${id}/reopen`, { reason: '回头看' }),
};

async function refusedIn(stateLabel: string, events: string[]) {
  const events0 = await env.deps.db.selectFrom('list_item_event').select('id').where('item_id', '=', id).execute();
  for (const e of events) {
    const r = await calls[e]!();
    expect(r.statusCode, e).toBe(409);
    expect(r.json().message, e).toBe(`该清单事项当前为“${stateLabel}”，不能${e}（可能刚被他人处理），请刷新后重试`);
  }
  expect(await env.deps.db.selectFrom('list_item_event').select('id').where('item_id', '=', id).execute()).toHaveLength(events0.length);
}

describe('the item workflow, state by state', () => {
  it('推进中: the decisions of the level above are refused', async () => {
    await refusedIn('推进中', ['批准销号', '退回销号申请', '重新打开']);
  });

  it('销号待审: nothing of the keeper’s; the level above decides', async () => {
    expect((await calls['申请销号']!()).statusCode).toBe(200);
    await refusedIn('销号待审', ['修改计划', '报送进度', '申请调整', '申请销号', '重新打开']);
    expect((await calls['退回销号申请']!()).statusCode).toBe(200);
    expect((await calls['申请销号']!()).statusCode).toBe(200);
    expect((await calls['批准销号']!()).statusCode).toBe(200);
  });

  it('已销号: only a reopening, after which the item is kept again', async () => {
    await refusedIn('已销号', ['修改计划', '报送进度', '申请调整', '申请销号', '批准销号', '退回销号申请']);
    expect((await calls['重新打开']!()).statusCode).toBe(200);
    const replanned = await sec.put(`/api/list-items/${id}/plan`, plan);
    expect(replanned.statusCode).toBe(200);
    milestoneId = replanned.json().milestones[0].id; // a plan without ids replaces the open milestones
    expect((await calls['报送进度']!()).statusCode).toBe(200);
  });
});
