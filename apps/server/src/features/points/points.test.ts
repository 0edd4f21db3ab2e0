import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POINT_ITEMS } from '@xianfeng/shared';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// 党员积分: the committee keeps versioned rule sets; a member's ledger is scored from the verified
// records (approved meetings with 出席, closed list items) by the version in force on each Beijing
// day, every line naming its source; the branch exempts a 特殊 member with a reason.

let env: TestEnv;
let admin: TestClient;
let member: TestClient;
let sec: TestClient;
let memberId: number;

const ruleSet = (over: Record<string, unknown> = {}) => ({ year: 2026, effectiveFrom: '2026-01-01', basePoints: 60, floor: 0, items: DEFAULT_POINT_ITEMS, note: '', ...over });

async function meeting(title: string, startsAt: string, types: string[], present: number[], status = 'approved') {
  const start = new Date(startsAt);
  const heldOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(start);
  const { id } = await env.deps.db
    .insertInto('activity')
    .values({ org_id: env.fx.a1.id, types, status, title, starts_at: start, ends_at: new Date(start.getTime() + 3600_000), held_on: heldOn, created_at: env.clock.now, updated_at: env.clock.now } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const m of env.fx.membersA1.slice(0, 3)) {
    await env.deps.db.insertInto('activity_attendance').values({ activity_id: id, member_id: m, kind: 'expected', status: present.includes(m) ? 'present' : 'absent' } as never).execute();
  }
  return id;
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  member = await env.login('member_a1');
  sec = await env.login('sec_a1');
  memberId = env.fx.membersA1[1];
});
afterAll(() => env.close());

describe('rule sets', () => {
  let v1: number;
  it('the committee creates a draft, publishes it; a published version cannot be edited', async () => {
    const res = await admin.post('/api/point-rule-sets', ruleSet());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 1, status: 'draft', basePoints: 60 });
    v1 = res.json().id;
    expect((await admin.put(`/api/point-rule-sets/${v1}`, ruleSet({ basePoints: 70 }))).json().basePoints).toBe(70);
    expect((await admin.put(`/api/point-rule-sets/${v1}`, ruleSet({ basePoints: 60 }))).statusCode).toBe(200);
    // Before publication organisations do not see the draft.
    expect((await sec.get('/api/point-rule-sets?year=2026')).json().items).toEqual([]);
    const pub = await admin.post(`/api/point-rule-sets/${v1}/publish`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().status).toBe('published');
    const edit = await admin.put(`/api/point-rule-sets/${v1}`, ruleSet({ basePoints: 80 }));
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toContain('不能修改');
    expect((await sec.get('/api/point-rule-sets?year=2026')).json().items.map((r: { version: number }) => r.version)).toEqual([1]);
    expect(await env.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'point_rule_set').orderBy('id').execute()).toEqual(
      ['point_rule_set.create', 'point_rule_set.update', 'point_rule_set.update', 'point_rule_set.publish'].map((action) => ({ action })),
    );
  });

  it('a revision must take effect after the version in force; validation speaks Chinese', async () => {
    const early = await admin.post('/api/point-rule-sets', ruleSet({ effectiveFrom: '2026-01-01' }));
    expect(early.json().version).toBe(2);
    const refused = await admin.post(`/api/point-rule-sets/${early.json().id}/publish`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('生效日期应晚于');
    expect((await admin.delete(`/api/point-rule-sets/${early.json().id}`)).statusCode).toBe(200);
    const bad = await admin.post('/api/point-rule-sets', ruleSet({ effectiveFrom: '2027-01-01', items: [{ ...DEFAULT_POINT_ITEMS[7], points: 2 }] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('生效日期应在该年度内');
    expect(bad.json().message).toContain('扣分项目的分值应为负数');
  });
});

let first: number;
let second: number;
describe('the ledger', () => {
  it('scores approved meetings with 出席 only, one 三会一课 a day; each line names its meeting', async () => {
    first = await meeting('三月支部党员大会', '2026-03-02T09:00:00+08:00', ['branch_assembly'], [memberId]);
    second = await meeting('三月党课', '2026-03-02T15:00:00+08:00', ['party_lecture'], [memberId]);
    await meeting('缺席的党课', '2026-03-05T09:00:00+08:00', ['party_lecture'], []);
    await meeting('尚未审核的主题党日', '2026-03-06T09:00:00+08:00', ['theme_day'], [memberId], 'submitted');
    await meeting('深夜的主题党日', '2026-03-09T23:59:00+08:00', ['theme_day'], [memberId]);
    await meeting('凌晨的主题党日', '2026-03-10T00:01:00+08:00', ['theme_day'], [memberId]);
    const res = await member.get(`/api/points?memberId=${memberId}&year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    const l = res.json();
    expect(l.member).toMatchObject({ id: memberId, name: '钱二' });
    expect(l.lines.map((x: { day: string; source: { title: string }; points: number; cut: string | null }) => [x.day, x.source.title, x.points, x.cut])).toEqual([
      ['2026-03-02', '三月支部党员大会', 3, null],
      ['2026-03-02', '三月党课', 0, 'day'],
      ['2026-03-09', '深夜的主题党日', 2, null],
      ['2026-03-10', '凌晨的主题党日', 2, null],
    ]);
    expect(l.lines[0].source).toEqual({ type: 'activity', id: first, title: '三月支部党员大会', link: `/activities/${first}` });
    expect([l.basePoints, l.additions, l.deductions, l.total]).toEqual([60, 7, 0, 67]);
  });

  it('a closed list item counts for its responsible member', async () => {
    const { id } = await env.deps.db
      .insertInto('list_item')
      .values({ org_id: env.fx.a1.id, year: 2026, list_kind: 'task', source: 'self', category: '重点任务', title: '整改台账补齐', content: '整改台账补齐', evidence_required: '', start_on: '2026-01-05', deadline: '2026-06-30', closed_on: '2026-04-01', status: 'closed', responsible_member_id: memberId, responsible_name: '钱二', leader_name: '', created_by: null, created_at: env.clock.now, updated_at: env.clock.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const l = (await sec.get(`/api/points?memberId=${memberId}&year=2026`)).json();
    expect(l.lines.find((x: { kind: string }) => x.kind === 'list_item_closed')).toMatchObject({ day: '2026-04-01', points: 2, itemName: '负责的清单事项办结', source: { type: 'list_item', id, link: `/lists/items/${id}` } });
    expect(l.total).toBe(69);
  });

  it('a revision from 1 July (version 2: the deleted draft left no number behind) scores later meetings by its values', async () => {
    const items = DEFAULT_POINT_ITEMS.map((i) => (i.key === 'three_meetings' ? { ...i, points: 4, dayCap: 4 } : i));
    const v2 = (await admin.post('/api/point-rule-sets', ruleSet({ effectiveFrom: '2026-07-01', items }))).json().id;
    expect((await admin.post(`/api/point-rule-sets/${v2}/publish`)).statusCode).toBe(200);
    await meeting('七月支部党员大会', '2026-07-06T09:00:00+08:00', ['branch_assembly'], [memberId]);
    const l = (await member.get(`/api/points?memberId=${memberId}&year=2026`)).json();
    expect(l.lines.filter((x: { kind: string }) => x.kind === 'attendance_present').map((x: { ruleSetVersion: number; points: number }) => [x.ruleSetVersion, x.points])).toEqual([
      [1, 3],
      [1, 0],
      [1, 2],
      [1, 2],
      [2, 4],
    ]);
  });

  it('the branch exempts a 特殊 member for the year with a reason: no points, and it is audited', async () => {
    const res = await sec.post('/api/point-exemptions', { year: 2026, memberId: env.fx.membersA1[2], reason: '年逾七十，长期患病，经支部委员会决定', decidedOn: '2026-02-10' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await sec.post('/api/point-exemptions', { year: 2026, memberId: env.fx.membersA1[2], reason: '重复', decidedOn: '2026-02-10' })).statusCode).toBe(409);
    await meeting('四月支部党员大会', '2026-04-06T09:00:00+08:00', ['branch_assembly'], [env.fx.membersA1[2]]);
    const l = (await sec.get(`/api/points?memberId=${env.fx.membersA1[2]}&year=2026`)).json();
    expect(l.exempt).toEqual({ reason: '年逾七十，长期患病，经支部委员会决定', decidedOn: '2026-02-10' });
    expect([l.total, l.lines.map((x: { cut: string }) => x.cut)]).toEqual([0, ['exempt']]);
    expect((await sec.get('/api/point-exemptions?year=2026')).json().items).toHaveLength(1);
    expect((await sec.delete(`/api/point-exemptions/${res.json().id}`)).statusCode).toBe(200);
    expect((await sec.get(`/api/points?memberId=${env.fx.membersA1[2]}&year=2026`)).json().total).toBe(63);
    expect(await env.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'point_exemption').orderBy('id').execute()).toEqual([{ action: 'point_exemption.create' }, { action: 'point_exemption.delete' }]);
  });
});

describe('branch additions and deductions', () => {
  it('the branch enters, the level above approves or returns; only approved entries reach the ledger', async () => {
    const who = env.fx.membersA1[4];
    const unit = await env.login('unitadmin');
    const add = await sec.post('/api/point-entries', { memberId: who, kind: 'manual_addition', occurredOn: '2026-05-04', points: 3, reason: '五四青年节志愿服务表现突出', evidence: '志愿服务记录表（附件）' });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json()).toMatchObject({ status: 'submitted', canReview: false, memberName: '周五' });
    const ded = await sec.post('/api/point-entries', { memberId: who, kind: 'manual_deduction', occurredOn: '2026-06-10', points: -2, reason: '无故缺席主题党日', evidence: '六月主题党日签到表' });
    expect((await sec.post('/api/point-entries', { memberId: who, kind: 'manual_deduction', occurredOn: '2026-06-10', points: 2, reason: '缺席', evidence: '签到表' })).json().message).toContain('扣分的分值应为负数');
    // Pending entries do not count yet.
    expect((await sec.get(`/api/points?memberId=${who}&year=2026`)).json().total).toBe(60);
    // The branch itself cannot approve its own entries; the unit above can.
    const own = await sec.post(`/api/point-entries/${add.json().id}/review`, { decision: 'approve' });
    expect(own.statusCode).toBe(403);
    expect(own.json().message).toContain('上级党组织审核');
    expect((await unit.get('/api/point-entries?year=2026&status=submitted')).json()).toMatchObject({ total: 2, items: [{ canReview: true }, { canReview: true }] });
    expect((await unit.post(`/api/point-entries/${add.json().id}/review`, { decision: 'approve' })).json().status).toBe('approved');
    const noReason = await unit.post(`/api/point-entries/${ded.json().id}/review`, { decision: 'return' });
    expect(noReason.json().message).toContain('退回须写明理由');
    expect((await unit.post(`/api/point-entries/${ded.json().id}/review`, { decision: 'return', reason: '签到表未附' })).json()).toMatchObject({ status: 'returned', reviewReason: '签到表未附' });
    expect((await unit.post(`/api/point-entries/${ded.json().id}/review`, { decision: 'approve' })).statusCode).toBe(409);
    const l = (await sec.get(`/api/points?memberId=${who}&year=2026`)).json();
    expect(l.lines).toEqual([{ day: '2026-05-04', kind: 'manual_addition', source: { type: 'point_entry', id: add.json().id, title: '五四青年节志愿服务表现突出', link: null }, itemKey: 'addition', itemName: '支部认定的其他加分', ruleSetVersion: 1, nominal: 3, points: 3, cut: null, appeal: null }]);
    expect(l.total).toBe(63);
    expect(await env.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'point_entry').orderBy('id').execute()).toEqual(
      ['point_entry.create', 'point_entry.create', 'point_entry.approve', 'point_entry.return'].map((action) => ({ action })),
    );
  });

  it('whoever entered an entry never approves it, even with the right above', async () => {
    const entry = await admin.post('/api/point-entries', { memberId: env.fx.membersA1[5], kind: 'manual_addition', occurredOn: '2026-05-04', points: 1, reason: '主动承担支部宣传工作', evidence: '支部工作记录' });
    expect(entry.statusCode, entry.body).toBe(201);
    const res = await admin.post(`/api/point-entries/${entry.json().id}/review`, { decision: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('不能审核自己登记');
  });
});

describe('appeals', () => {
  it('a member appeals a line of their own ledger; the branch upholds it with a correction the level above approves', async () => {
    const body = { year: 2026, sourceType: 'activity', sourceId: second, day: '2026-03-02', reason: '当天两次会议均出席，党课不应被当日上限扣除' };
    const res = await member.post('/api/point-appeals', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'open', lineTitle: '三月党课', linePoints: 0 });
    expect((await member.post('/api/point-appeals', body)).json().message).toContain('已有待答复的申诉');
    // A line that is not on the member's own ledger.
    expect((await member.post('/api/point-appeals', { ...body, sourceId: 999999 })).statusCode).toBe(404);
    // Admins do not appeal on a member's behalf.
    expect((await env.login('unitadmin').then((c) => c.post('/api/point-appeals', body))).statusCode).toBe(403);
    const line = (await member.get(`/api/points?memberId=${memberId}&year=2026`)).json().lines.find((l: { source: { id: number } }) => l.source.id === second);
    expect(line.appeal).toMatchObject({ status: 'open', answer: null });
    // The member cannot answer; the branch can.
    expect((await member.post(`/api/point-appeals/${res.json().id}/answer`, { decision: 'reject', answer: '不成立' })).statusCode).toBe(403);
    expect((await sec.post(`/api/point-appeals/${res.json().id}/answer`, { decision: 'uphold', answer: '经核实属实' })).json().message).toContain('更正的分值');
    const up = await sec.post(`/api/point-appeals/${res.json().id}/answer`, { decision: 'uphold', answer: '经核实，支部同意按出席党课加3分', correction: 3 });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ status: 'upheld' });
    expect((await sec.post(`/api/point-appeals/${res.json().id}/answer`, { decision: 'reject', answer: '再答一次' })).statusCode).toBe(409);
    const before = (await member.get(`/api/points?memberId=${memberId}&year=2026`)).json().total;
    const unit = await env.login('unitadmin');
    expect((await unit.post(`/api/point-entries/${up.json().correctionEntryId}/review`, { decision: 'approve' })).statusCode).toBe(200);
    const after = (await member.get(`/api/points?memberId=${memberId}&year=2026`)).json();
    expect(after.total).toBe(before + 3);
    expect(after.lines.find((l: { source: { type: string; id: number } }) => l.source.type === 'point_entry' && l.source.id === up.json().correctionEntryId)).toMatchObject({ day: '2026-03-02', points: 3, source: { title: '积分申诉#' + res.json().id + '更正：三月党课' } });
    expect(after.lines.find((l: { source: { id: number } }) => l.source.id === second).appeal).toMatchObject({ status: 'upheld', answer: '经核实，支部同意按出席党课加3分' });
  });

  it('a rejected appeal says why; the member sees their own appeals only', async () => {
    const res = await member.post('/api/point-appeals', { year: 2026, sourceType: 'activity', sourceId: first, day: '2026-03-02', reason: '应加4分' });
    expect((await sec.post(`/api/point-appeals/${res.json().id}/answer`, { decision: 'reject', answer: '按第1版规则，三会一课每次3分' })).json()).toMatchObject({ status: 'rejected', correctionEntryId: null });
    const mine = (await member.get('/api/point-appeals?year=2026')).json().items;
    expect(mine.map((a: { memberId: number }) => a.memberId)).toEqual([memberId, memberId]);
    expect(await env.deps.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'point_appeal').orderBy('id').execute()).toEqual(
      ['point_appeal.create', 'point_appeal.uphold', 'point_appeal.create', 'point_appeal.reject'].map((action) => ({ action })),
    );
  });
});
