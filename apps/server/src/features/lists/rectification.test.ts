import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 督查发现 → 整改 → 验收 → 销号 (issue 10 item 8): a finding of an inspection becomes an item of the
// inspected unit's 问题清单; the unit sets measures, completes them and applies for 销号; the
// committee verifies (已整改 / 基本完成·持续整改 / 未完成); the progress sentence counts them.
// Fixture: 工委 ─ A 机关党委 (unitadmin) ─ A1, A2; B 机关党委. Clock: 2026-11-23.

let env: TestEnv;
let admin: TestClient;
let unit: TestClient;
let inspectionId: number;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, unit] = await Promise.all([env.login('admin'), env.login('unitadmin')]);
  const templateId = (await admin.get('/api/checklist-templates')).json().items[0].id;
  const created = await admin.post('/api/inspections', {
    year: 2026, kind: 'special', quarter: 4, title: '第四季度专项督查', startsOn: '2026-11-10', endsOn: '2026-11-30',
    team: ['张督查', '李督查'], leader: '张督查', templateId, targetOrgIds: [env.fx.a.id],
  });
  expect(created.statusCode, created.body).toBe(201);
  inspectionId = created.json().id;
});
afterAll(() => env.close());

const finding = (over: Record<string, unknown> = {}) => ({
  orgId: env.fx.a.id,
  findingClass: '三会一课',
  title: '部分支部支委会未按月召开',
  detail: '抽查A局综合处党支部，9月、10月无支委会记录',
  severity: 'serious',
  principalName: '王局长',
  leaderName: '李副局长',
  ...over,
});

describe('findings', () => {
  it('only the committee records them, on a started inspection, for one of its targets', async () => {
    const early = await admin.post(`/api/inspections/${inspectionId}/findings`, finding());
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('督查尚未开始（或已取消），不能登记发现的问题');
    expect((await admin.post(`/api/inspections/${inspectionId}/start`, {})).statusCode).toBe(200);
    const byUnit = await unit.post(`/api/inspections/${inspectionId}/findings`, finding());
    expect(byUnit.statusCode).toBe(403);
    expect(byUnit.json().message).toBe('只有工委（督查组）可以登记督查发现的问题');
    const notTarget = await admin.post(`/api/inspections/${inspectionId}/findings`, finding({ orgId: env.fx.b.id }));
    expect(notTarget.json().message).toBe('该组织不是本次督查的对象');
    const noNote = await admin.post(`/api/inspections/${inspectionId}/findings`, finding({ immediate: true }));
    expect(noNote.body).toContain('立行立改须写明整改情况');
    expect(await env.deps.db.selectFrom('list_item').select('id').where('source', '=', 'inspection').execute()).toHaveLength(0);
  });

  it('a finding lands on the unit’s 问题清单 with a two-month deadline and a message to the unit', async () => {
    const r = await admin.post(`/api/inspections/${inspectionId}/findings`, finding());
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      orgName: 'A局机关党委',
      listKind: 'problem',
      source: 'inspection',
      deadline: '2027-01-23',
      responsible: '王局长',
      leaderName: '李副局长',
      finding: { inspectionTitle: '第四季度专项督查', findingClass: '三会一课', severity: 'serious', principalName: '王局长', immediate: false, outcome: null, state: 'open' },
    });
    const inbox = (await unit.get('/api/inbox?page=1&pageSize=20')).json().items.map((n: { title: string }) => n.title);
    expect(inbox).toContain('督查发现问题：部分支部支委会未按月召开');
    const list = (await unit.get(`/api/lists?year=2026&kind=problem`)).json();
    expect(list.items.map((i: { title: string }) => i.title)).toContain('部分支部支委会未按月召开');
  });

  it('立行立改 is recorded as rectified at once', async () => {
    const r = await admin.post(`/api/inspections/${inspectionId}/findings`, finding({ title: '学习园地内容陈旧', immediate: true, immediateNote: '检查当天已更新' }));
    expect(r.json()).toMatchObject({ status: 'closed', finding: { immediate: true, outcome: 'rectified', state: 'rectified' } });
    expect(r.json().closings[0]).toMatchObject({ outcome: 'rectified', verifiers: ['张督查'], summary: '检查当天已更新' });
  });
});

describe('rectification and verification', () => {
  let itemId: number;
  beforeAll(async () => {
    itemId = (await env.deps.db.selectFrom('list_item').select('id').where('title', '=', '部分支部支委会未按月召开').executeTakeFirstOrThrow()).id;
  });

  const planWith = (measures: unknown[]) => ({ responsibleMemberId: null, responsibleName: '王局长', leaderName: '李副局长', assistOrgIds: [], milestones: [], steps: [], measures });

  it('the unit sets measures with owners and deadlines, completes them, then applies; an open measure blocks the application', async () => {
    const set = await unit.put(`/api/list-items/${itemId}/plan`, planWith([
      { content: '补开支委会并完善记录', ownerName: '赵一', deadline: '2026-12-15' },
      { content: '建立支委会月度提醒', ownerName: '钱二', deadline: '2027-03-01' },
    ]));
    expect(set.json().message).toContain('的时限晚于整改时限（2027-01-23）');
    const ok = await unit.put(`/api/list-items/${itemId}/plan`, planWith([
      { content: '补开支委会并完善记录', ownerName: '赵一', deadline: '2026-12-15' },
      { content: '建立支委会月度提醒', ownerName: '钱二', deadline: '2027-01-10' },
    ]));
    expect(ok.statusCode, ok.body).toBe(200);
    const [m1, m2] = ok.json().measures;
    const early = await unit.post(`/api/list-items/${itemId}/close`, { summary: '整改完成' });
    expect(early.json().message).toBe('还有2条整改措施未完成（补开支委会并完善记录…），完成后再申请销号');
    const done = await unit.post(`/api/list-items/${itemId}/measures/${m1.id}/complete`, { note: '11月补开支委会' });
    expect(done.json().measures[0]).toMatchObject({ status: 'done', doneNote: '11月补开支委会' });
    expect((await unit.post(`/api/list-items/${itemId}/measures/${m1.id}/complete`, { note: '再报' })).statusCode).toBe(409);
    // A finished measure stays as it is.
    const edit = await unit.put(`/api/list-items/${itemId}/plan`, planWith([{ id: m2.id, content: '建立支委会月度提醒', ownerName: '钱二', deadline: '2027-01-10' }]));
    expect(edit.json().message).toBe('措施「补开支委会并完善记录」已完成，不能修改或删除');
    await unit.post(`/api/list-items/${itemId}/measures/${m2.id}/complete`, { note: '已建立提醒' });
    expect((await unit.post(`/api/list-items/${itemId}/close`, { summary: '两项措施均已完成' })).json().finding.state).toBe('verifying');
  });

  it('the committee verifies: not the unit; 未完成 sends it back with the reason, 基本完成 keeps it open, 已整改 closes it', async () => {
    const byUnit = await unit.post(`/api/list-items/${itemId}/closing/verify`, { outcome: 'rectified', verifiers: ['王局长'] });
    expect(byUnit.statusCode).toBe(403);
    expect(byUnit.json().message).toBe('督查发现问题的整改由工委（督查组）验收');
    expect((await admin.post(`/api/list-items/${itemId}/closing/approve`, {})).json().message).toBe('督查发现问题的整改须验收：请填写验收结论和验收人');
    expect((await admin.post(`/api/list-items/${itemId}/closing/verify`, { outcome: 'unfinished', verifiers: ['张督查'] })).body).toContain('未完成须写明原因');
    const back = await admin.post(`/api/list-items/${itemId}/closing/verify`, { outcome: 'unfinished', verifiers: ['张督查'], comment: '记录不规范' });
    expect(back.json()).toMatchObject({ status: 'in_progress', finding: { outcome: 'unfinished', state: 'open' } });
    await unit.post(`/api/list-items/${itemId}/close`, { summary: '已规范记录' });
    const basically = await admin.post(`/api/list-items/${itemId}/closing/verify`, { outcome: 'basically', verifiers: ['张督查', '李督查', '王局长'], comment: '长效机制需持续' });
    expect(basically.json()).toMatchObject({ status: 'in_progress', finding: { outcome: 'basically', state: 'basically' } });
    expect(basically.json().closings[0]).toMatchObject({ status: 'approved', outcome: 'basically', verifiers: ['张督查', '李督查', '王局长'] });
    const summary = (await admin.get('/api/rectifications?year=2026')).json().summary;
    expect(summary.sentence).toBe('反馈问题2个，完成整改1个，基本完成、持续整改1个，未完成0个，完成率50%');
    await unit.post(`/api/list-items/${itemId}/close`, { summary: '长效机制运行良好' });
    const closed = await admin.post(`/api/list-items/${itemId}/closing/verify`, { outcome: 'rectified', verifiers: ['张督查'] });
    expect(closed.json()).toMatchObject({ status: 'closed', finding: { outcome: 'rectified', state: 'rectified' } });
    const kinds = closed.json().history.map((h: { kind: string }) => h.kind);
    expect(kinds.filter((k: string) => k === 'verify')).toHaveLength(3);
  });

  it('the rectification ledger pages and filters in the database; a sibling unit sees none of it', async () => {
    await admin.post(`/api/inspections/${inspectionId}/findings`, finding({ title: '党费收缴不及时', findingClass: '党费' }));
    const all = (await admin.get('/api/rectifications?year=2026')).json();
    expect(all.total).toBe(3);
    expect(all.summary).toMatchObject({ findings: 3, rectified: 2, basically: 0, unfinished: 1, completionRate: 66.67 });
    const open = (await admin.get('/api/rectifications?year=2026&status=open')).json();
    expect(open.items.map((i: { title: string }) => i.title)).toEqual(['党费收缴不及时']);
    expect(open.summary.findings).toBe(3);
    const b = await env.login('sec_a2');
    expect((await b.get(`/api/rectifications?year=2026&orgId=${env.fx.a.id}`)).statusCode).toBe(404);
    expect((await b.get('/api/rectifications?year=2026')).json().total).toBe(0);
    expect((await (await env.login('member_a1')).get('/api/rectifications?year=2026')).statusCode).toBe(403);
  });
});

describe('the checklist opens with the lists’ facts', () => {
  it('list progress and earlier findings equal a recount of the records', async () => {
    const res = await admin.get(`/api/inspections/${inspectionId}/targets/${env.fx.a.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const facts = res.json().facts as { key: string; summary: string; values: { key: string; value: number }[] }[];
    const value = (fact: string, key: string) => facts.find((f) => f.key === fact)!.values.find((v) => v.key === key)!.value;
    const items = await env.deps.db.selectFrom('list_item').innerJoin('org', 'org.id', 'list_item.org_id').select(['list_item.status', 'list_item.source']).where('org.path', 'like', `${env.fx.a.path}%`).where('list_item.year', '=', 2026).execute();
    expect(value('list_progress', 'items')).toBe(items.length);
    expect(value('list_progress', 'closed')).toBe(items.filter((i) => i.status === 'closed').length);
    const findings = items.filter((i) => i.source === 'inspection');
    expect(value('rectification', 'findings')).toBe(findings.length);
    expect(value('rectification', 'rectified')).toBe(findings.filter((i) => i.status === 'closed').length);
    expect(facts.find((f) => f.key === 'rectification')!.summary).toMatch(/^反馈问题3个，完成整改2个/);
  });
});

describe('the overview counts findings and cards per unit', () => {
  it('findings, rectified and cards in force, equal to a recount', async () => {
    const card = await admin.post('/api/cards', { kind: 'yellow', orgId: env.fx.a1.id, reason: '支委会未按月召开', issuedOn: '2026-11-20' });
    expect(card.statusCode, card.body).toBe(201);
    const withdrawn = await admin.post('/api/cards', { kind: 'red', orgId: env.fx.a2.id, reason: '误发', issuedOn: '2026-11-20' });
    await admin.post(`/api/cards/${withdrawn.json().id}/withdraw`, { reason: '误发撤销' });
    const o = (await admin.get('/api/lists/overview?year=2026')).json();
    const a = o.rows.find((r: { orgName: string }) => r.orgName === 'A局机关党委');
    expect(a).toMatchObject({ findings: 3, rectified: 2, cards: 1 });
    expect(o.rows.find((r: { orgName: string }) => r.orgName === 'B局机关党委')).toMatchObject({ findings: 0, cards: 0 });
    expect(o.totals).toMatchObject({ findings: 3, rectified: 2, cards: 1 });
  });
});

describe('the ledger’s 整改台账', () => {
  it('lists every finding with its measures, progress and closing, then the progress sentence', async () => {
    const res = await unit.get(`/api/lists/ledger.xlsx?year=2026&orgId=${env.fx.a.id}`);
    expect(res.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.getWorksheet('2026年整改台账')!;
    const text = ws.getSheetValues().flat().map(String).join('|');
    expect(text).toContain('部分支部支委会未按月召开');
    expect(text).toContain('补开支委会并完善记录 · 赵一 · 2026-12-15 · 已完成（11月补开支委会）');
    expect(text).toContain('已整改：长效机制运行良好（验收人：张督查）');
    expect(text).toContain('反馈问题3个，完成整改2个，基本完成、持续整改0个，未完成1个，完成率66.67%');
  });
});

describe('the printable ledger (清单台账打印)', () => {
  it('carries exactly the two sheets of the Excel, the sentence and when it was made; audited; a sibling gets 404', async () => {
    const res = await unit.get(`/api/lists/ledger?year=2026&orgId=${env.fx.a.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const l = res.json();
    expect(l).toMatchObject({ org: { id: env.fx.a.id, name: 'A局机关党委' }, year: 2026, generatedAt: env.clock.now.toISOString() });
    expect(l.summary.sentence).toBe('反馈问题3个，完成整改2个，基本完成、持续整改0个，未完成1个，完成率66.67%');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await unit.get(`/api/lists/ledger.xlsx?year=2026&orgId=${env.fx.a.id}`)).rawPayload as never);
    // Every numbered row of a sheet, its empty cells as ''.
    const cells = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      return (ws.getSheetValues() as unknown as (unknown[] | undefined)[]).filter((r): r is unknown[] => !!r && typeof r[1] === 'number').map((r) => Array.from({ length: ws.columnCount }, (_, k) => r[k + 1] ?? ''));
    };
    const text = (r: { title: string; content: string }) => (r.content ? `${r.title}\n${r.content}` : r.title);
    const lines = (xs: string[]) => xs.join('\n');
    expect(l.items.map((i: any) => [i.seq, text(i), i.listKindName, i.category, i.orgName, i.assists.join('、'), i.responsible, i.leader, lines(i.timetable), lines(i.route), i.deadline, i.progress, i.lightName, i.statusName, i.closing])).toEqual(cells('2026年清单台账'));
    expect(l.findings.map((f: any) => [f.seq, text(f), f.orgName, f.inspectionTitle, f.findingClass, f.severityName, f.principalName, f.leaderName, lines(f.measures), f.deadline, f.progress, f.closing])).toEqual(cells('2026年整改台账'));
    expect(l.findings).toHaveLength(3);
    expect(l.findings.map((f: any) => f.closing).join('|')).toContain('已整改：长效机制运行良好（验收人：张督查）');
    const log = await env.deps.db.selectFrom('audit_log').select(['entity_type', 'entity_id', 'after']).where('action', '=', 'list_item.ledger_print').execute();
    expect(log).toEqual([{ entity_type: 'org', entity_id: String(env.fx.a.id), after: { year: 2026, rows: l.items.length, findings: 3 } }]);
    const sec = await env.login('sec_a2');
    expect((await sec.get(`/api/lists/ledger?year=2026&orgId=${env.fx.a1.id}`)).statusCode).toBe(404);
    expect((await unit.get(`/api/lists/ledger?year=2026&orgId=${env.fx.b.id}`)).statusCode).toBe(404);
  });
});

describe('list_stats', () => {
  it('the counts kept by the trigger equal a recount of the items after everything above', async () => {
    const { statsDrift } = await import('./stats-recount.ts');
    expect(await statsDrift(env.deps.db)).toEqual([]);
    expect(Number((await env.deps.db.selectFrom('list_stats').select((eb) => eb.fn.sum<number>('items').as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
  });
});
