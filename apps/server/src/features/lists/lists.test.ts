import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 清单制+责任制 (issue 10): key tasks handed down, items with a timetable, progress accepted by the
// level above, adjustments, 销号 with evidence, reopening; lights; the permission matrix.
// Fixture: 工委 ─ A 机关党委 ─ A1, A2 党支部; B 机关党委 ─ B1. Clock: 2026-11-23 (Beijing).

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let secA1: TestClient;
let secA2: TestClient;

const task = (over: Record<string, unknown> = {}) => ({
  year: 2026,
  listKind: 'task',
  category: '基层组织建设',
  title: '规范支部主题党日',
  description: '每月固定一天开展主题党日，做到一月一课一片一实践',
  orgTypes: ['branch'],
  deadline: '2026-12-31',
  evidenceRequired: '主题党日记录',
  ...over,
});

async function publish(body: Record<string, unknown>) {
  const created = await admin.post('/api/key-tasks', body);
  expect(created.statusCode, created.body).toBe(200);
  const published = await admin.post(`/api/key-tasks/${created.json().id}/publish`, {});
  expect(published.statusCode, published.body).toBe(200);
  return published.json();
}

async function itemOf(taskId: number, orgId: number): Promise<number> {
  const row = await env.deps.db.selectFrom('list_item').select('id').where('key_task_id', '=', taskId).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return row.id;
}

const plan = (over: Record<string, unknown> = {}) => ({
  responsibleMemberId: env.fx.membersA1[0],
  responsibleName: '',
  leaderName: '张书记',
  assistOrgIds: [],
  milestones: [
    { title: '制定方案', dueOn: '2026-11-30', weight: 30 },
    { title: '全面开展', dueOn: '2026-12-20', weight: 70 },
  ],
  steps: ['支委会研究', '党员大会部署'],
  ...over,
});

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit, secA1, secA2] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('sec_a1'), env.login('sec_a2')]);
});
afterAll(() => env.close());

describe('key tasks', () => {
  it('only the committee drafts and publishes; bad input is refused in Chinese and writes nothing', async () => {
    expect((await unit.post('/api/key-tasks', task())).statusCode).toBe(403);
    expect((await unit.post('/api/key-tasks', task())).json().message).toBe('只有工委管理员可以维护重点任务');
    const bad = await admin.post('/api/key-tasks', task({ title: '', deadline: '2027-01-05', orgTypes: ['branch', 'branch'] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('任务名称不能为空');
    expect(bad.body).toContain('完成时限应在任务年度内');
    expect(bad.body).toContain('组织类型重复');
    expect(await env.deps.db.selectFrom('key_task').select('id').execute()).toHaveLength(0);
    for (const u of ['member_a1', 'sysadmin', 'secadmin', 'auditor']) {
      expect((await (await env.login(u)).get('/api/key-tasks?year=2026')).statusCode, u).toBe(403);
    }
  });

  it('publishing creates one item per applicable organisation, once; a published task is locked', async () => {
    const t = await publish(task());
    expect(t.status).toBe('published');
    expect(t.itemCount).toBe(3); // A1, A2, B1 (branches only)
    const orgs = await env.deps.db.selectFrom('list_item').select('org_id').where('key_task_id', '=', t.id).orderBy('org_id').execute();
    expect(orgs.map((o) => o.org_id)).toEqual([env.fx.a1.id, env.fx.a2.id, env.fx.b1.id]);
    const again = await admin.post(`/api/key-tasks/${t.id}/publish`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('当前为“已下达”，不能下达');
    expect((await admin.put(`/api/key-tasks/${t.id}`, task({ title: '改名' }))).statusCode).toBe(409);
    expect(await env.deps.db.selectFrom('list_item').select('id').where('key_task_id', '=', t.id).execute()).toHaveLength(3);
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'key_task.publish').execute();
    expect(audit).toEqual([{ action: 'key_task.publish', entity_id: String(t.id) }]);
  });

  it('applies by the unit type of the organisation or its nearest ancestor', async () => {
    const now = env.deps.clock();
    const { id: unitId } = await env.deps.db.insertInto('unit').values({ name: 'A局', type: 'organ', credit_code: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await env.deps.db.updateTable('org').set({ unit_id: unitId }).where('id', '=', env.fx.a.id).execute();
    const none = await admin.post('/api/key-tasks', task({ title: '国企专项', unitTypes: ['soe'] }));
    const refused = await admin.post(`/api/key-tasks/${none.json().id}/publish`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('没有符合适用范围的组织，请检查单位类型和组织类型');
    expect((await admin.get('/api/key-tasks?year=2026')).json().items.find((k: { id: number }) => k.id === none.json().id).status).toBe('draft');
    const organs = await publish(task({ title: '机关专项', unitTypes: ['organ'] }));
    expect(organs.itemCount).toBe(2); // A1 and A2 through A's unit; B has none
  });
});

describe('an item from plan to 销号', () => {
  let taskId: number;
  let itemId: number;
  beforeAll(async () => {
    taskId = (await publish(task({ title: '支部标准化建设', category: '标准化' }))).id;
    itemId = await itemOf(taskId, env.fx.a1.id);
  });

  it('the permission matrix: own branch keeps it, the parent reviews, a sibling does not see it, a co-operator only reads', async () => {
    expect((await secA1.get(`/api/list-items/${itemId}`)).json().abilities).toMatchObject({ plan: true, claim: true, review: false, close: true });
    expect((await unit.get(`/api/list-items/${itemId}`)).json().abilities).toMatchObject({ plan: true, review: true });
    expect((await admin.get(`/api/list-items/${itemId}`)).statusCode).toBe(200);
    expect((await secA2.get(`/api/list-items/${itemId}`)).statusCode).toBe(404);
    expect((await (await env.login('member_a1')).get(`/api/list-items/${itemId}`)).statusCode).toBe(403);
    expect((await (await env.login('auditor')).get(`/api/lists?year=2026`)).statusCode).toBe(403);
    // A2 co-operates: it sees the item (marked 协办) but cannot keep it.
    expect((await secA1.put(`/api/list-items/${itemId}/plan`, plan({ assistOrgIds: [env.fx.a2.id] }))).statusCode).toBe(200);
    const seen = await secA2.get(`/api/list-items/${itemId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().assisting).toBe(true);
    expect(seen.json().abilities).toMatchObject({ plan: false, claim: false, review: false });
    expect((await secA2.put(`/api/list-items/${itemId}/plan`, plan())).statusCode).toBe(403);
    const a2List = (await secA2.get(`/api/lists?year=2026&orgId=${env.fx.a2.id}&pageSize=50`)).json();
    const row = a2List.items.find((i: { id: number }) => i.id === itemId);
    expect(row.assisting).toBe(true);
    // Not counted in A2's completion: its own items only.
    const own = await env.deps.db.selectFrom('list_item').select('id').where('org_id', '=', env.fx.a2.id).where('year', '=', 2026).execute();
    expect(a2List.summary.total).toBe(own.length);
    expect(a2List.total).toBe(own.length + 1);
  });

  it('the plan is validated: weights sum to 100, dates within the deadline, responsible person in reach', async () => {
    const bad = await secA1.put(`/api/list-items/${itemId}/plan`, plan({ milestones: [{ title: '方案', dueOn: '2026-11-30', weight: 40 }] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('各节点权重之和应为100');
    const late = await secA1.put(`/api/list-items/${itemId}/plan`, plan({ milestones: [{ title: '方案', dueOn: '2027-01-30', weight: 100 }] }));
    expect(late.json().message).toContain('晚于完成时限');
    const outside = await secA1.put(`/api/list-items/${itemId}/plan`, plan({ responsibleMemberId: env.fx.membersB1[0] }));
    expect(outside.json().message).toBe('责任人不存在或不在本人管理范围内');
    const ok = await secA1.put(`/api/list-items/${itemId}/plan`, plan());
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ responsible: '赵一', leaderName: '张书记', steps: ['支委会研究', '党员大会部署'] });
    expect(ok.json().milestones.map((m: { title: string; weight: number }) => [m.title, m.weight])).toEqual([
      ['制定方案', 30],
      ['全面开展', 70],
    ]);
  });

  it('progress counts only when the level above accepts it; a claimer never accepts their own', async () => {
    const first = (await secA1.get(`/api/list-items/${itemId}`)).json().milestones[0];
    const claimed = await secA1.post(`/api/list-items/${itemId}/milestones/${first.id}/claim`, { note: '方案已印发' });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json().progress.actual).toBe(0);
    expect(claimed.json().pending.claims).toBe(1);
    expect((await secA1.post(`/api/list-items/${itemId}/milestones/${first.id}/accept`, {})).statusCode).toBe(403);
    // A claimed milestone is part of the record: the plan cannot drop it.
    const drop = await secA1.put(`/api/list-items/${itemId}/plan`, plan({ milestones: [{ title: '全面开展', dueOn: '2026-12-20', weight: 100 }] }));
    expect(drop.json().message).toBe('节点「制定方案」已报送或已确认，不能修改或删除');
    const accepted = await unit.post(`/api/list-items/${itemId}/milestones/${first.id}/accept`, { comment: '同意' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().progress.actual).toBe(30);
    expect(accepted.json().milestones[0]).toMatchObject({ status: 'accepted', acceptedBy: 'unitadmin', acceptedOn: '2026-11-23' });
    const twice = await unit.post(`/api/list-items/${itemId}/milestones/${first.id}/accept`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('当前为“已确认”');
    // NK-1: the unit admin claims a milestone itself, then cannot accept it.
    const second = accepted.json().milestones[1];
    expect((await unit.post(`/api/list-items/${itemId}/milestones/${second.id}/claim`, { note: '单位代报' })).statusCode).toBe(200);
    const own = await unit.post(`/api/list-items/${itemId}/milestones/${second.id}/accept`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toContain('不能审核本人报送的进度');
    const noComment = await admin.post(`/api/list-items/${itemId}/milestones/${second.id}/return`, {});
    expect(noComment.json().message).toBe('请填写退回意见');
    const returned = await admin.post(`/api/list-items/${itemId}/milestones/${second.id}/return`, { comment: '请支部自行报送' });
    expect(returned.json().milestones[1]).toMatchObject({ status: 'open', returnComment: '请支部自行报送' });
  });

  it('an adjustment waits for the level above; a rejected one leaves the item as it was', async () => {
    const req = await secA1.post(`/api/list-items/${itemId}/adjustments`, { reason: '上级活动安排冲突', deadline: '2026-12-30' });
    expect(req.statusCode, req.body).toBe(200);
    expect(req.json().deadline).toBe('2026-12-31');
    const second = await secA1.post(`/api/list-items/${itemId}/adjustments`, { reason: '再改', title: '新名' });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toBe('该事项已有一项调整申请待审批，请等待上级审批后再提出');
    expect((await unit.post(`/api/list-items/${itemId}/adjustment/reject`, {})).json().message).toBe('请填写不予批准的理由');
    const rejected = await unit.post(`/api/list-items/${itemId}/adjustment/reject`, { comment: '时限不变' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ deadline: '2026-12-31', title: '支部标准化建设' });
    expect(rejected.json().adjustments[0]).toMatchObject({ status: 'rejected', comment: '时限不变' });
    await secA1.post(`/api/list-items/${itemId}/adjustments`, { reason: '扩大范围', title: '支部标准化规范化建设' });
    const approved = await unit.post(`/api/list-items/${itemId}/adjustment/approve`, {});
    expect(approved.json().title).toBe('支部标准化规范化建设');
    const inbox = await secA1.get('/api/inbox?page=1&pageSize=20');
    expect(inbox.body).toContain('调整申请已批准');
  });

  it('销号 needs evidence the system holds; the level above returns or approves; a closed item reopens with a reason', async () => {
    const unapproved = await env.deps.db
      .insertInto('activity')
      .values({ org_id: env.fx.a1.id, types: ['theme_day'], title: '十一月主题党日', starts_at: new Date('2026-11-10T01:00:00Z'), ends_at: new Date('2026-11-10T03:00:00Z'), held_on: '2026-11-10', status: 'draft', created_at: env.deps.clock(), updated_at: env.deps.clock() } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const refused = await secA1.post(`/api/list-items/${itemId}/close`, { summary: '已完成', activityIds: [unapproved.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('活动记录「十一月主题党日」尚未审核通过，不能作为销号依据');
    await env.deps.db.updateTable('activity').set({ status: 'approved' }).where('id', '=', unapproved.id).execute();
    const submitted = await secA1.post(`/api/list-items/${itemId}/close`, { summary: '各项任务完成', activityIds: [unapproved.id] });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('closing');
    expect(submitted.json().closings[0].evidence.map((e: { kind: string }) => e.kind)).toEqual(['text', 'activity']);
    expect(submitted.json().closings[0].evidence[1].label).toContain('十一月主题党日');
    expect((await secA1.post(`/api/list-items/${itemId}/plan`, plan())).statusCode).toBe(404); // wrong verb: no such route
    const planWhileClosing = await secA1.put(`/api/list-items/${itemId}/plan`, plan());
    expect(planWhileClosing.statusCode).toBe(409);
    expect(planWhileClosing.json().message).toContain('当前为“销号待审”');
    const returned = await unit.post(`/api/list-items/${itemId}/closing/return`, { comment: '缺少十二月记录' });
    expect(returned.json().status).toBe('in_progress');
    await secA1.post(`/api/list-items/${itemId}/close`, { summary: '已补充十二月记录' });
    const closed = await unit.post(`/api/list-items/${itemId}/closing/approve`, {});
    expect(closed.json()).toMatchObject({ status: 'closed', progress: { actual: 100, state: 'done' } });
    expect((await secA1.post(`/api/list-items/${itemId}/reopen`, { reason: '回头看' })).statusCode).toBe(403);
    const reopened = await unit.post(`/api/list-items/${itemId}/reopen`, { reason: '回头看发现记录不全' });
    expect(reopened.json().status).toBe('in_progress');
    const kinds = reopened.json().history.map((h: { kind: string }) => h.kind);
    for (const k of ['created', 'plan', 'claim', 'accept', 'adjust_request', 'adjust_reject', 'close_request', 'close_return', 'close_approve', 'reopen']) expect(kinds).toContain(k);
    const actions = (await env.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'list_item').where('entity_id', '=', String(itemId)).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['list_item.plan', 'list_item.claim', 'list_item.accept', 'list_item.close_approve', 'list_item.reopen']));
  });
});

describe('lights', () => {
  it('a milestone missed turns the item red; accepted progress clears it and the red stays in the history', async () => {
    const t = await publish(task({ title: '党建品牌创建', deadline: '2026-12-31' }));
    const itemId = await itemOf(t.id, env.fx.a2.id);
    const r = await secA2.put(`/api/list-items/${itemId}/plan`, {
      responsibleMemberId: null,
      responsibleName: '外聘顾问',
      leaderName: '',
      assistOrgIds: [],
      milestones: [
        { title: '调研', dueOn: '2026-11-01', weight: 60 },
        { title: '命名', dueOn: '2026-12-25', weight: 40 },
      ],
      steps: [],
    });
    expect(r.json().progress).toMatchObject({ expected: expect.any(Number), actual: 0, light: 'red', state: 'behind' });
    const red = await secA2.get(`/api/lists?year=2026&orgId=${env.fx.a2.id}&light=red`);
    expect(red.json().items.map((i: { id: number }) => i.id)).toContain(itemId);
    const m = r.json().milestones[0];
    await secA2.post(`/api/list-items/${itemId}/milestones/${m.id}/claim`, { note: '调研报告' });
    env.clock.advanceMinutes(60 * 24);
    unit = await env.login('unitadmin'); // the session idled out over the day
    const after = await unit.post(`/api/list-items/${itemId}/milestones/${m.id}/accept`, {});
    expect(after.json().progress.light).not.toBe('red');
    const lights = after.json().lights.map((l: { light: string }) => l.light);
    expect(lights[0]).toBe('red');
    expect(lights.at(-1)).toBe(after.json().progress.light);
    expect(after.json().history.some((h: { kind: string; note: string }) => h.kind === 'light' && h.note.startsWith('亮红灯'))).toBe(true);
  });
});

describe('整改责任交接', () => {
  // The lights test moved the clock a day on: every session has idled out.
  beforeAll(async () => {
    [admin, secA1, secA2] = await Promise.all([env.login('admin'), env.login('sec_a1'), env.login('sec_a2')]);
  });
  it('a responsible person who moved out shows as needing a successor; the handover moves every open item, on record', async () => {
    const t = await publish(task({ title: '交接测试任务' }));
    const itemId = await itemOf(t.id, env.fx.a1.id);
    const leaving = env.fx.membersA1[4]!;
    const r = await secA1.put(`/api/list-items/${itemId}/plan`, plan({ responsibleMemberId: leaving, milestones: [] }));
    expect(r.statusCode, r.body).toBe(200);
    expect((await secA1.get(`/api/list-items/handover-needed?orgId=${env.fx.a1.id}`)).json().items).toEqual([]);
    // Retired to another branch: no longer in A1.
    await env.deps.db.updateTable('member').set({ org_id: env.fx.b1.id }).where('id', '=', leaving).execute();
    const needed = (await secA1.get(`/api/list-items/handover-needed?orgId=${env.fx.a1.id}`)).json().items;
    expect(needed).toHaveLength(1);
    expect(needed[0]).toMatchObject({ memberId: leaving, why: '已调离本组织（现属：B局综合处党支部）' });
    expect(needed[0].openItems.map((i: { id: number }) => i.id)).toEqual([itemId]);
    expect((await secA2.get(`/api/list-items/handover-needed?orgId=${env.fx.a1.id}`)).statusCode).toBe(404);
    const outside = await secA1.post('/api/list-items/handover', { orgId: env.fx.a1.id, fromMemberId: leaving, toMemberId: env.fx.membersB1[0], reason: '退休' });
    expect(outside.json().message).toBe('接任人不存在或不在本人管理范围内');
    const noOne = await secA1.post('/api/list-items/handover', { orgId: env.fx.a1.id, fromMemberId: leaving, toMemberId: null, reason: '退休' });
    expect(noOne.body).toContain('请指定接任的责任人');
    const done = await secA1.post('/api/list-items/handover', { orgId: env.fx.a1.id, fromMemberId: leaving, toMemberId: env.fx.membersA1[2], reason: '周五退休' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ moved: 1, toName: '孙三' });
    const item = (await secA1.get(`/api/list-items/${itemId}`)).json();
    expect(item.responsible).toBe('孙三');
    expect(item.history[0]).toMatchObject({ kind: 'handover', note: '责任人由周五交接给孙三：周五退休' });
    expect((await secA1.get(`/api/list-items/handover-needed?orgId=${env.fx.a1.id}`)).json().items).toEqual([]);
    const again = await secA1.post('/api/list-items/handover', { orgId: env.fx.a1.id, fromMemberId: leaving, toMemberId: env.fx.membersA1[2], reason: '再交' });
    expect(again.json().message).toBe('周五在本组织没有未销号的事项');
    expect(await env.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'list_item.handover').execute()).toHaveLength(1);
  });
});

describe('the overview and the ledger', () => {
  beforeAll(async () => {
    [admin, unit, secA1, secA2] = await Promise.all([env.login('admin'), env.login('unitadmin'), env.login('sec_a1'), env.login('sec_a2')]);
  });

  it('the committee sees every unit in the tree order with counts equal to a recount of the items; empty units still appear', async () => {
    // One decision waiting (an adjustment request of branch A1) so that 待审 is counted too.
    const open = await env.deps.db.selectFrom('list_item').select('id').where('org_id', '=', env.fx.a1.id).where('status', 'not in', ['closed', 'closing']).orderBy('id').executeTakeFirstOrThrow();
    expect((await secA1.post(`/api/list-items/${open.id}/adjustments`, { reason: '统筹安排', title: '调整后的名称' })).statusCode).toBe(200);
    const res = await admin.get('/api/lists/overview?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.org.name).toBe('市直机关工委');
    expect(o.rows.map((r: { orgName: string }) => r.orgName)).toEqual(['A局机关党委', 'B局机关党委']);
    for (const row of o.rows) {
      const unitPath = (await env.deps.db.selectFrom('org').select('path').where('id', '=', row.orgId).executeTakeFirstOrThrow()).path;
      const items = await env.deps.db.selectFrom('list_item').innerJoin('org', 'org.id', 'list_item.org_id').select(['list_item.status', 'list_item.light']).where('org.path', 'like', `${unitPath}%`).where('year', '=', 2026).execute();
      expect(row.items, row.orgName).toBe(items.length);
      expect(row.closed).toBe(items.filter((i) => i.status === 'closed').length);
      expect(row.red).toBe(items.filter((i) => i.status !== 'closed' && i.light === 'red').length);
      expect(row.completionRate).toBe(items.length ? Math.round((row.closed / items.length) * 1000) / 10 : null);
      // 待审: each decision waiting for the level above — claims, pending adjustments, closings.
      const ids = (await env.deps.db.selectFrom('list_item').innerJoin('org', 'org.id', 'list_item.org_id').select('list_item.id').where('org.path', 'like', `${unitPath}%`).where('year', '=', 2026).execute()).map((i) => i.id);
      const claims = ids.length ? await env.deps.db.selectFrom('list_item_milestone').select('id').where('item_id', 'in', ids).where('status', '=', 'claimed').execute() : [];
      const adjustments = ids.length ? await env.deps.db.selectFrom('list_item_adjustment').select('id').where('item_id', 'in', ids).where('status', '=', 'pending').execute() : [];
      expect(row.pending, row.orgName).toBe(claims.length + adjustments.length + items.filter((i) => i.status === 'closing').length);
    }
    expect(o.rows[0].pending).toBeGreaterThan(0);
    expect((await unit.post(`/api/list-items/${open.id}/adjustment/reject`, { comment: '不调整' })).statusCode).toBe(200);
    expect((await admin.get('/api/lists/overview?year=2026')).json().rows[0].pending).toBe(o.rows[0].pending - 1);
    expect(o.totals.items).toBe(o.rows.reduce((s: number, r: { items: number }) => s + r.items, o.own.items));
    // A fresh unit with nothing on its lists is listed with zeros.
    await admin.post('/api/orgs', { parentId: env.fx.root.id, name: 'C局机关党委', type: 'organ_committee', foundedOn: '2020-01-01' });
    const c = (await admin.get('/api/lists/overview?year=2026')).json().rows.at(-1);
    expect(c).toMatchObject({ orgName: 'C局机关党委', items: 0, completionRate: null });
  });

  it('the overview Excel lists every unit in the tree order, the empty one included, and the totals', async () => {
    const res = await admin.get('/api/lists/overview.xlsx?year=2026');
    expect(res.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const names = wb.worksheets[0]!.getColumn(1).values.slice(2).map(String);
    expect(names).toEqual(['A局机关党委', 'B局机关党委', 'C局机关党委', '合计']);
    expect(wb.worksheets[0]!.getRow(4).getCell(2).value).toBe(0);
  });

  it('a unit admin sees its branches; a sibling cannot open another unit', async () => {
    const o = (await unit.get('/api/lists/overview?year=2026')).json();
    expect(o.org.name).toBe('A局机关党委');
    expect(o.rows.map((r: { orgName: string }) => r.orgName)).toEqual(['A局综合处党支部', 'A局业务处党支部']);
    expect((await secA2.get(`/api/lists/overview?year=2026&orgId=${env.fx.a.id}`)).statusCode).toBe(404);
  });

  it('the ledger lists every item of the subtree with its timetable, progress and closing', async () => {
    const res = await unit.get(`/api/lists/ledger.xlsx?year=2026&orgId=${env.fx.a1.id}`);
    expect(res.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0]!;
    const count = (await env.deps.db.selectFrom('list_item').select('id').where('org_id', 'in', [env.fx.a1.id, env.fx.a1g.id]).where('year', '=', 2026).execute()).length;
    expect(ws.rowCount - 1).toBe(count);
    const texts = ws.getSheetValues().flat().map(String).join('|');
    expect(texts).toContain('支部标准化规范化建设');
    expect(texts).toContain('制定方案 · 2026-11-30 · 30% · 已确认');
    expect(await env.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'list_item.ledger_export').execute()).toHaveLength(1);
    expect((await secA2.get(`/api/lists/ledger.xlsx?year=2026&orgId=${env.fx.a1.id}`)).statusCode).toBe(404);
  });
});

describe('list_stats', () => {
  it('the counts kept by the trigger equal a recount of the items after everything above', async () => {
    const { statsDrift } = await import('./stats-recount.ts');
    expect(await statsDrift(env.deps.db)).toEqual([]);
    expect(Number((await env.deps.db.selectFrom('list_stats').select((eb) => eb.fn.sum<number>('items').as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
  });
});
