import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { inspectionMachine, type InspectionEvent, type InspectionStatus } from '@xianfeng/shared';
import { addCommittee, markPresent } from '../../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 督查: the workflow in every state, validation in Chinese, the checklist's system facts against
// an independent recount, coverage of the units, cards and their notices, and the audit records.

let env: TestEnv;
let admin: TestClient;
let sec: TestClient;
let unit: TestClient;
let templateId: number;

beforeAll(async () => {
  env = await createTestEnv();
  [admin, sec, unit] = await Promise.all([env.login('admin'), env.login('sec_a1'), env.login('unitadmin')]);
  templateId = (await admin.get('/api/checklist-templates')).json().items.find((t: { name: string }) => t.name === '三会一课落实').id;
});
afterAll(() => env.close());

let n = 0;
const plan = (over: Record<string, unknown> = {}) => ({
  year: 2026,
  kind: 'special',
  quarter: 4,
  title: `第四季度专项督查${++n}`,
  startsOn: '2026-11-10',
  endsOn: '2026-11-30',
  team: ['张督查', '李督查'],
  leader: '张督查',
  templateId,
  targetOrgIds: [env.fx.a.id],
  ...over,
});

async function create(over: Record<string, unknown> = {}) {
  const r = await admin.post('/api/inspections', plan(over));
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: number; checklist: { key: string; label: string }[] };
}

const conformAll = (checklist: { key: string }[], visitedOn = '2026-11-20') => ({
  visitedOn,
  summary: '总体较好',
  results: checklist.map((c) => ({ key: c.key, result: 'conform' })),
});

async function inspectionIn(state: InspectionStatus) {
  const i = await create();
  const step = async (e: string) => expect((await admin.post(`/api/inspections/${i.id}/${e}`)).statusCode).toBe(200);
  if (state === 'in_progress' || state === 'done') await step('start');
  if (state === 'done') {
    expect((await admin.put(`/api/inspections/${i.id}/targets/${env.fx.a.id}`, conformAll(i.checklist))).statusCode).toBe(200);
    await step('finish');
  }
  if (state === 'cancelled') await step('cancel');
  return i;
}

describe('the inspection workflow (inspectionMachine)', () => {
  const events: InspectionEvent[] = ['edit', 'start', 'record', 'finish', 'cancel'];
  for (const state of ['planned', 'in_progress', 'done', 'cancelled'] as InspectionStatus[]) {
    for (const event of events) {
      const legal = inspectionMachine.allows(event, state);
      it(`${event} in ${state}: ${legal ? 'allowed' : '409'}`, async () => {
        const i = await inspectionIn(state);
        // finish needs every target recorded (its own rule, tested below).
        if (event === 'finish' && state === 'in_progress') await admin.put(`/api/inspections/${i.id}/targets/${env.fx.a.id}`, conformAll(i.checklist));
        const r =
          event === 'edit'
            ? await admin.put(`/api/inspections/${i.id}`, plan({ title: '改过的名称' }))
            : event === 'record'
              ? await admin.put(`/api/inspections/${i.id}/targets/${env.fx.a.id}`, conformAll(i.checklist))
              : await admin.post(`/api/inspections/${i.id}/${event}`);
        if (legal) {
          expect(r.statusCode, r.body).toBe(200);
          const after = (await admin.get(`/api/inspections/${i.id}`)).json();
          expect(after.status).toBe(inspectionMachine.next(event, state));
        } else {
          expect(r.statusCode, r.body).toBe(409);
          expect(r.json().message).toBe(inspectionMachine.refusal(event, state));
          expect(r.json().message).toMatch(/^该督查当前为“.+”，不能/);
          expect((await admin.get(`/api/inspections/${i.id}`)).json().status).toBe(state);
        }
      });
    }
  }

  it('finish needs every target recorded', async () => {
    const i = await create({ targetOrgIds: [env.fx.a.id, env.fx.b.id] });
    await admin.post(`/api/inspections/${i.id}/start`);
    await admin.put(`/api/inspections/${i.id}/targets/${env.fx.a.id}`, conformAll(i.checklist));
    const r = await admin.post(`/api/inspections/${i.id}/finish`);
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('还有1个督查对象未登记检查结果：B局机关党委');
  });
});

describe('validation answers in Chinese', () => {
  it('the plan', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ quarter: null }, '专项督查按季度开展，请选择季度'],
      [{ kind: 'key', quarter: 2 }, '只有专项督查填写季度'],
      [{ endsOn: '2026-11-01' }, '结束日期不能早于开始日期'],
      [{ startsOn: '2025-12-01' }, '开始日期应在督查年度内'],
      [{ team: [] }, '请填写督查组成员'],
      [{ targetOrgIds: [] }, '请选择督查对象'],
      [{ targetOrgIds: [env.fx.a.id, env.fx.a.id] }, '督查对象重复'],
      [{ title: '' }, '督查名称不能为空'],
      [{ targetOrgIds: [999999] }, '督查对象不存在或不在管辖范围内：#999999'],
      [{ templateId: 999999 }, '检查清单模板不存在'],
      [{ startsOn: '2026-02-30' }, '日期不存在：2026-02-30'],
    ];
    for (const [over, message] of cases) {
      const r = await admin.post('/api/inspections', plan(over));
      expect(r.statusCode, JSON.stringify(over)).toBe(400);
      expect(r.body, JSON.stringify(over)).toContain(message);
    }
  });

  it('the checklist record', async () => {
    const i = await inspectionIn('in_progress');
    const url = `/api/inspections/${i.id}/targets/${env.fx.a.id}`;
    const first = i.checklist[0];
    const missing = await admin.put(url, { ...conformAll(i.checklist), results: conformAll(i.checklist).results.slice(1) });
    expect(missing.json().message).toBe(`检查项“${first.label}”未填写结果`);
    const problem = conformAll(i.checklist);
    problem.results[0] = { key: first.key, result: 'problem' };
    expect((await admin.put(url, problem)).json().message).toBe(`检查项“${first.label}”存在问题，请填写问题说明`);
    expect((await admin.put(url, { ...conformAll(i.checklist), visitedOn: '2026-12-20' })).json().message).toBe('检查日期不能晚于今天');
    expect((await admin.put(url, { ...conformAll(i.checklist), visitedOn: '2026-11-01' })).json().message).toBe('检查日期不能早于督查开始日期');
    const unknown = await admin.put(url, { ...conformAll(i.checklist), results: [...conformAll(i.checklist).results, { key: 'nope', result: 'na' }] });
    expect(unknown.json().message).toBe('未知的检查项：nope');
    expect((await admin.put(url, { ...conformAll(i.checklist), summary: '' })).body).toContain('检查小结不能为空');
  });

  it('templates and cards', async () => {
    const t = await admin.post('/api/checklist-templates', { name: '新模板', items: [{ key: 'a', label: '检查一', fact: 'unknown_fact' }] });
    expect(t.json().message).toBe('未知的系统数据项：unknown_fact');
    expect((await admin.post('/api/checklist-templates', { name: '三会一课落实', items: [{ key: 'a', label: '检查一' }] })).statusCode).toBe(409);
    const both = await admin.post('/api/cards', { kind: 'yellow', orgId: env.fx.a.id, memberId: env.fx.membersA1[0], reason: '事由', issuedOn: '2026-11-20' });
    expect(both.body).toContain('请选择亮牌对象：一个组织或一名党员');
    const future = await admin.post('/api/cards', { kind: 'yellow', orgId: env.fx.a.id, reason: '事由', issuedOn: '2026-12-20' });
    expect(future.json().message).toBe('亮牌日期不能晚于今天');
    const kind = await admin.post('/api/cards', { kind: 'purple', orgId: env.fx.a.id, reason: '事由', issuedOn: '2026-11-20' });
    expect(kind.json().message).toBe('牌种不存在或已停用');
    expect((await admin.post('/api/cards/1/withdraw', { reason: '' })).body).toContain('撤销理由不能为空');
  });
});

type Fact = { key: string; values: { key: string; value: unknown }[] };
const valuesOf = (f: Fact) => Object.fromEntries(f.values.map((v) => [v.key, v.value]));

describe('the checklist opens with the unit’s facts from the system', () => {
  it('facts equal an independent recount, and the record keeps a snapshot', async () => {
    // Organisational life of A1 this year: a committee and a held, approved 支委会 in November.
    await addCommittee(unit, env.fx.a1.id, env.fx.membersA1.slice(0, 3), '2026-01-01');
    const at = (h: number) => `2026-11-18T${String(h).padStart(2, '0')}:00:00+08:00`;
    const act = (await sec.post('/api/activities', { orgId: env.fx.a1.id, types: ['committee_meeting'], title: '支委会', startsAt: at(9), endsAt: at(10) })).json().id;
    await markPresent(sec, act);
    expect((await sec.post(`/api/activities/${act}/submit`)).statusCode).toBe(200);
    expect((await unit.post(`/api/activities/${act}/approve`, {})).statusCode).toBe(200);
    await env.database.db.updateTable('member').set({ cadre_type: 'full_time' }).where('id', '=', env.fx.membersA2[0]).execute();
    await env.database.db.updateTable('member').set({ cadre_type: 'part_time' }).where('id', 'in', env.fx.membersA1.slice(0, 2)).execute();

    const i = await inspectionIn('in_progress');
    const url = `/api/inspections/${i.id}/targets/${env.fx.a.id}`;
    const open = await unit.get(url);
    expect(open.statusCode, open.body).toBe(200);
    const facts = Object.fromEntries(open.json().facts.map((f: Fact) => [f.key, valuesOf(f)]));

    // Independent recount: the compliance grid of the unit's subtree, and plain SQL over the tables.
    const grid = (await admin.get(`/api/compliance?year=2026&orgId=${env.fx.a.id}&pageSize=500`)).json();
    const cells = grid.items.flatMap((o: { cells: { status: string }[] }) => o.cells);
    const count = (s: string) => cells.filter((c: { status: string }) => c.status === s).length;
    expect(facts.org_life).toMatchObject({ organisations: grid.total, met: count('met'), due: count('due'), overdue: count('overdue') });
    expect(count('met')).toBeGreaterThan(0);
    const q = async (text: string) => (await sql.raw<{ n: number }>(text).execute(env.database.db)).rows[0].n;
    const a = env.fx.a.path;
    expect(facts.members).toEqual({
      members: await q(`select count(*)::int as n from member m join org o on o.id = m.org_id where o.path like '${a}%' and m.status = 'normal'`),
      fullMembers: await q(`select count(*)::int as n from member m join org o on o.id = m.org_id where o.path like '${a}%' and m.status = 'normal' and m.category = 'full'`),
      probationary: await q(`select count(*)::int as n from member m join org o on o.id = m.org_id where o.path like '${a}%' and m.status = 'normal' and m.category <> 'full'`),
    });
    expect(facts.cadres).toEqual({ fullTime: 1, partTime: 2 });
    expect(facts.committee).toEqual({ secretaryInPost: false, committeeSize: 0, branches: 2, branchesWithSecretary: 1 });

    // Recorded: the snapshot stays, even when the records change afterwards.
    expect((await admin.put(url, conformAll(i.checklist))).statusCode).toBe(200);
    await env.database.db.updateTable('member').set({ cadre_type: 'full_time' }).where('id', '=', env.fx.membersA2[1]).execute();
    const after = (await unit.get(url)).json();
    expect(after.status).toBe('recorded');
    expect(valuesOf(after.facts.find((f: Fact) => f.key === 'cadres'))).toEqual({ fullTime: 1, partTime: 2 });
    expect(after.factsAsOf).toBe('2026-11-23');
    const pending = await inspectionIn('in_progress');
    const fresh = (await admin.get(`/api/inspections/${pending.id}/targets/${env.fx.a.id}`)).json();
    expect(valuesOf(fresh.facts.find((f: Fact) => f.key === 'cadres'))).toEqual({ fullTime: 2, partTime: 2 });
  });
});

describe('coverage (督查全覆盖)', () => {
  it('lists every unit below the committee, covered only by a recorded visit; uncovered filter and Excel', async () => {
    // A fresh year: 2025. A is inspected (recorded), B only planned.
    const i = await create({ year: 2025, startsOn: '2025-03-01', endsOn: '2025-03-10', quarter: 1, targetOrgIds: [env.fx.a.id] });
    await admin.post(`/api/inspections/${i.id}/start`);
    await admin.put(`/api/inspections/${i.id}/targets/${env.fx.a.id}`, conformAll(i.checklist, '2025-03-05'));
    await create({ year: 2025, kind: 'key', quarter: null, startsOn: '2025-06-01', endsOn: '2025-06-10', targetOrgIds: [env.fx.b.id] });
    const c = (await admin.get('/api/inspections/coverage?year=2025')).json();
    expect(c.units.map((u: { orgName: string }) => u.orgName)).toEqual(['A局机关党委', 'B局机关党委']);
    expect(c).toMatchObject({ year: 2025, total: 2, covered: 1, rate: 50 });
    expect(c.units[0]).toMatchObject({ covered: true, inspections: [{ kind: 'special', quarter: 1, targetStatus: 'recorded', visitedOn: '2025-03-05' }] });
    expect(c.units[1]).toMatchObject({ covered: false, inspections: [{ kind: 'key', status: 'planned', targetStatus: 'pending' }] });
    const uncovered = (await admin.get('/api/inspections/coverage?year=2025&uncovered=true')).json();
    expect(uncovered.units.map((u: { orgName: string }) => u.orgName)).toEqual(['B局机关党委']);
    expect(uncovered.total).toBe(2);
    expect((await admin.get('/api/inspections/coverage?year=2024')).json()).toMatchObject({ total: 2, covered: 0, rate: 0 });
    // A unit admin sees its own unit's row only.
    expect((await unit.get('/api/inspections/coverage?year=2025')).json()).toMatchObject({ total: 1, covered: 1, units: [{ orgName: 'A局机关党委' }] });

    const xlsx = await admin.get('/api/inspections/coverage.xlsx?year=2025');
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const rows = wb.worksheets[0].getSheetValues().slice(2, 4).map((r) => (r as unknown[]).slice(2, 4));
    expect(rows).toEqual([
      ['A局机关党委', '已覆盖'],
      ['B局机关党委', '未覆盖'],
    ]);
  });
});

describe('cards (亮黄牌、掏红牌)', () => {
  it('issued to a unit: its admins are told, the level below does not see it; withdrawn once with a reason', async () => {
    const r = await admin.post('/api/cards', { kind: 'yellow', orgId: env.fx.a.id, reason: '三会一课落实不到位', issuedOn: '2026-11-20' });
    expect(r.statusCode, r.body).toBe(201);
    const card = r.json();
    expect(card).toMatchObject({ kindName: '黄牌', color: 'gold', orgName: 'A局机关党委', status: 'issued' });
    const inbox = (await unit.get('/api/inbox')).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'card_issued', title: '黄牌：A局机关党委' });
    expect(inbox.items[0].body).toContain('提醒谈话');
    expect((await unit.get('/api/cards?year=2026')).json().items.map((c: { id: number }) => c.id)).toContain(card.id);
    expect((await sec.get('/api/cards?year=2026')).json().items.map((c: { id: number }) => c.id)).not.toContain(card.id);

    const w = await admin.post(`/api/cards/${card.id}/withdraw`, { reason: '经复核已整改' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json()).toMatchObject({ status: 'withdrawn', withdrawnReason: '经复核已整改' });
    const again = await admin.post(`/api/cards/${card.id}/withdraw`, { reason: '再次撤销' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('该亮牌记录当前为“已撤销”，不能撤销（可能刚被他人处理），请刷新后重试');
  });

  it('issued to a member: the card sits at the member’s organisation; linked to an inspection of that unit', async () => {
    const i = await inspectionIn('in_progress');
    const r = await admin.post('/api/cards', { kind: 'red', memberId: env.fx.membersA1[2], reason: '作风问题', issuedOn: '2026-11-21', inspectionId: i.id });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ orgId: env.fx.a1.id, memberName: '孙三', inspectionId: i.id });
    expect((await sec.get('/api/cards')).json().items.map((c: { id: number }) => c.id)).toContain(r.json().id);
    const wrong = await admin.post('/api/cards', { kind: 'red', orgId: env.fx.b1.id, reason: '作风问题', issuedOn: '2026-11-21', inspectionId: i.id });
    expect(wrong.json().message).toBe('所选督查未检查该组织（或其上级单位）');
  });

  it('names findings of the unit or below, written with the card; a foreign finding or an ordinary item is refused in Chinese', async () => {
    const finding = (inspectionId: number, orgId: number, title: string) =>
      admin.post(`/api/inspections/${inspectionId}/findings`, { orgId, findingClass: '三会一课', title, severity: 'serious', principalName: '王局长' });
    const ia = await inspectionIn('in_progress');
    const fa = (await finding(ia.id, env.fx.a.id, '支委会未按月召开')).json();
    const ib = await create({ targetOrgIds: [env.fx.b.id] });
    await admin.post(`/api/inspections/${ib.id}/start`);
    const fb = (await finding(ib.id, env.fx.b.id, '党费台账不全')).json();
    expect([fa.id, fb.id].every(Number.isInteger)).toBe(true);
    // An item of A1's list handed down from a key task: in A's subtree, but not a finding.
    const task = await admin.post('/api/key-tasks', { year: 2026, listKind: 'responsibility', category: '责任', title: '落实主体责任', orgTypes: ['branch'], deadline: '2026-12-31' });
    await admin.post(`/api/key-tasks/${task.json().id}/publish`, {});
    const own = await env.database.db.selectFrom('list_item').select('id').where('source', '=', 'key_task').where('org_id', '=', env.fx.a1.id).executeTakeFirstOrThrow();

    const r = await admin.post('/api/cards', { kind: 'yellow', orgId: env.fx.a.id, reason: '整改不力', issuedOn: '2026-11-21', inspectionId: ia.id, findingIds: [fa.id, fa.id] });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().findings).toEqual([{ id: fa.id, title: '支委会未按月召开', state: 'open' }]);
    expect(await env.database.db.selectFrom('card_finding').selectAll().where('card_id', '=', r.json().id).execute()).toEqual([{ card_id: r.json().id, item_id: fa.id }]);
    const listed = (await unit.get('/api/cards?year=2026')).json().items.find((c: { id: number }) => c.id === r.json().id);
    expect(listed.findings).toEqual([{ id: fa.id, title: '支委会未按月召开', state: 'open' }]);
    const issued = await env.database.db.selectFrom('audit_log').select('after').where('action', '=', 'card.issue').where('entity_id', '=', String(r.json().id)).executeTakeFirstOrThrow();
    expect(issued.after).toMatchObject({ findings: [{ id: fa.id }] });

    const before = (await env.database.db.selectFrom('card').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const refusals = [
      { orgId: env.fx.a.id, findingIds: [fa.id, fb.id] }, // B's finding on A's card
      { orgId: env.fx.a1.id, findingIds: [fa.id] }, // A's finding is above A1
      { orgId: env.fx.a.id, findingIds: [own.id] }, // not a finding
      { orgId: env.fx.a.id, findingIds: [999999] },
    ];
    for (const body of refusals) {
      const bad = await admin.post('/api/cards', { kind: 'yellow', reason: '整改不力', issuedOn: '2026-11-21', ...body });
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json().message).toBe('关联问题须是该组织（或其下级）的督查发现问题');
      expect(bad.json().details).toEqual([{ field: 'findingIds', message: '关联问题须是该组织（或其下级）的督查发现问题' }]);
    }
    expect((await env.database.db.selectFrom('card').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(before);
    // A card to the unit above may name the finding of a unit below it.
    const up = await admin.post('/api/cards', { kind: 'yellow', orgId: env.fx.root.id, reason: '督促不力', issuedOn: '2026-11-21', findingIds: [fa.id, fb.id] });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().findings.map((f: { id: number }) => f.id).sort()).toEqual([fa.id, fb.id].sort());
  });

  it('the catalogue: a kind in use cannot be removed, only switched off', async () => {
    const kinds = (await admin.get('/api/card-kinds')).json().kinds;
    expect(kinds.map((k: { name: string }) => k.name)).toEqual(['黄牌', '橙牌', '红牌']);
    const removeRed = await admin.put('/api/card-kinds', { kinds: kinds.filter((k: { key: string }) => k.key !== 'red') });
    expect(removeRed.json().message).toBe('牌种“红牌”已有亮牌记录，不能删除，可停用');
    const saved = await admin.put('/api/card-kinds', { kinds: [...kinds.filter((k: { key: string }) => k.key !== 'orange'), { key: 'blue', name: '蓝牌', color: 'blue', consequence: '表扬', active: true }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().kinds.map((k: { name: string }) => k.name)).toEqual(['黄牌', '红牌', '蓝牌']);
  });
});

describe('audit', () => {
  it('every write is in the log with its named action', async () => {
    const rows = await env.database.db.selectFrom('audit_log').select(['action', 'entity_type']).where('action', 'like', 'inspection.%').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['inspection.create', 'inspection.update', 'inspection.start', 'inspection.record', 'inspection.finish', 'inspection.cancel']) expect(actions, a).toContain(a);
    const cards = await env.database.db.selectFrom('audit_log').select(['action', 'entity_type', 'after']).where('entity_type', 'in', ['card', 'card_kind']).execute();
    expect(new Set(cards.map((r) => r.action))).toEqual(new Set(['card.issue', 'card.withdraw', 'card_kind.update']));
    const record = await env.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'inspection.record').orderBy('at').executeTakeFirstOrThrow();
    expect(record.entity_type).toBe('inspection_target');
    expect(record.after).toMatchObject({ orgId: env.fx.a.id, summary: '总体较好' });
  });
});
