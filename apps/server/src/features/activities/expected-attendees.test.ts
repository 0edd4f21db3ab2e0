import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCommittee, markPresent, placeInGroup } from '../../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The expected list (应到) of a record never submitted follows its rule: the date, the types and
// the committee or roster as they are now (docs/RULES.md ZB-9 and §9, "expected list"). Marks already
// recorded for people who stay expected are kept; from the first submit on the list is frozen.

let env: TestEnv;
let sec: TestClient;
let sec2: TestClient;
let unit: TestClient;
let zhao: number, qian: number, sun: number, li: number, zhou: number, wu: number;

beforeAll(async () => {
  env = await createTestEnv();
  [sec, sec2, unit] = await Promise.all([env.login('sec_a1'), env.login('sec_a2'), env.login('unitadmin')]);
  [zhao, qian, sun, li, zhou, wu] = env.fx.membersA1;
  await addCommittee(unit, env.fx.a1.id, [zhao, qian, sun]);
});
afterAll(() => env.close());

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
type Row = { memberId: number; memberName: string; kind: string; status: string; reason: string | null };

async function create(c: TestClient, body: Record<string, unknown>) {
  const r = await c.post('/api/activities', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}
const detail = async (id: number, c = sec) => {
  const r = await c.get(`/api/activities/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};
const expectedIds = (d: { attendance: Row[] }) => d.attendance.filter((r) => r.kind === 'expected').map((r) => r.memberId).sort((x, y) => x - y);
const rowOf = (d: { attendance: Row[] }, memberId: number) => d.attendance.find((r) => r.memberId === memberId);
const refreshes = (id: number) =>
  env.deps.db.selectFrom('audit_log').select(['after', 'actor_name']).where('action', '=', 'activity.expected_refresh').where('entity_id', '=', String(id)).orderBy('id').execute();
const sorted = (...ids: number[]) => ids.sort((x, y) => x - y);

describe('a record never submitted: the list follows its date and types', () => {
  it('a change of type recomputes the list; the marks of people still expected are kept, someone present who is no longer expected stays as 列席', async () => {
    const a = await create(sec, { orgId: env.fx.a1.id, types: ['theme_day'], title: '改为支委会', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
    expect(a.attendanceSummary.expected).toBe(8);
    expect(a.expectedList).toEqual({ rule: 'members', label: '本支部全体党员（含所属党小组）', follows: true, emptyHint: null });
    const att = await sec.put(`/api/activities/${a.id}/attendance`, {
      entries: [
        { memberId: zhao, status: 'present' },
        { memberId: qian, status: 'leave', reason: '出差' },
        { memberId: li, status: 'present' },
      ],
    });
    expect(att.statusCode, att.body).toBe(200);

    const toCommittee = await sec.patch(`/api/activities/${a.id}`, { types: ['committee_meeting'] });
    expect(toCommittee.statusCode, toCommittee.body).toBe(200);
    const d = toCommittee.json();
    expect(expectedIds(d)).toEqual(sorted(zhao, qian, sun));
    expect(d.expectedList).toMatchObject({ rule: 'committee', label: '本支部支委会委员', follows: true });
    expect(rowOf(d, zhao)).toMatchObject({ kind: 'expected', status: 'present' });
    expect(rowOf(d, qian)).toMatchObject({ kind: 'expected', status: 'leave', reason: '出差' });
    expect(rowOf(d, sun)).toMatchObject({ kind: 'expected', status: 'absent' });
    expect(rowOf(d, li)).toMatchObject({ kind: 'invited', status: 'present' });
    expect(rowOf(d, zhou)).toBeUndefined();
    expect(d.attendanceSummary).toMatchObject({ expected: 3, present: 1, leave: 1, invited: 1 });

    const [refresh] = await refreshes(a.id);
    expect(refresh.after).toMatchObject({ cause: '活动日期、类型或谈话对象变化', rule: '本支部支委会委员', expected: 3, nowInvited: [{ memberId: li, name: '李四' }] });

    // Back to a 主题党日: everyone again, 李四 expected and still present.
    const back = (await sec.patch(`/api/activities/${a.id}`, { types: ['theme_day'] })).json();
    expect(back.attendanceSummary).toMatchObject({ expected: 8, present: 2, leave: 1, invited: 0 });
    expect(rowOf(back, li)).toMatchObject({ kind: 'expected', status: 'present' });
  });

  it('a change of date recomputes the list: a committee member who took office after the new date is not expected', async () => {
    await addCommittee(unit, env.fx.a1.id, [zhou], '2026-11-10');
    const a = await create(sec, { orgId: env.fx.a1.id, types: ['committee_meeting'], title: '改日期的支委会', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
    expect(expectedIds(a)).toEqual(sorted(zhao, qian, sun, zhou));
    await markPresent(sec, a.id, [zhao, zhou]);

    const earlier = (await sec.patch(`/api/activities/${a.id}`, { startsAt: at('2026-11-05'), endsAt: at('2026-11-05', 11) })).json();
    expect(expectedIds(earlier)).toEqual(sorted(zhao, qian, sun));
    expect(rowOf(earlier, zhao)).toMatchObject({ kind: 'expected', status: 'present' });
    expect(rowOf(earlier, zhou)).toMatchObject({ kind: 'invited', status: 'present' });

    const later = (await sec.patch(`/api/activities/${a.id}`, { startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) })).json();
    expect(expectedIds(later)).toEqual(sorted(zhao, qian, sun, zhou));
    expect(rowOf(later, zhou)).toMatchObject({ kind: 'expected', status: 'present' });
    // A change that leaves the rule's inputs alone recomputes nothing.
    const before = (await refreshes(a.id)).length;
    expect((await sec.patch(`/api/activities/${a.id}`, { place: '会议室' })).statusCode).toBe(200);
    expect(await refreshes(a.id)).toHaveLength(before);
  });
});

describe('the committee changes after the record was made', () => {
  it('a member added to the committee shows up in a draft; a submitted record is frozen, also once returned', async () => {
    const body = { orgId: env.fx.a1.id, types: ['committee_meeting'], startsAt: at('2026-11-21'), endsAt: at('2026-11-21', 11) };
    const draft = await create(sec, { ...body, title: '未提交的支委会' });
    const sent = await create(sec, { ...body, title: '已提交的支委会' });
    const four = sorted(zhao, qian, sun, zhou);
    expect(expectedIds(draft)).toEqual(four);
    await markPresent(sec, draft.id, [zhao]);
    await markPresent(sec, sent.id, [zhao]);
    expect((await sec.post(`/api/activities/${sent.id}/submit`)).statusCode).toBe(200);

    const added = await unit.post(`/api/orgs/${env.fx.a1.id}/committee`, { memberId: wu, post: 'member', startedOn: '2026-11-01' });
    expect(added.statusCode, added.body).toBe(201);

    const d = await detail(draft.id);
    expect(expectedIds(d)).toEqual(sorted(...four, wu));
    expect(rowOf(d, wu)).toMatchObject({ kind: 'expected', status: 'absent' });
    expect(rowOf(d, zhao)).toMatchObject({ status: 'present' });
    const audited = await refreshes(draft.id);
    expect(audited).toHaveLength(1);
    expect(audited[0].after).toMatchObject({ cause: '委员会或名册变化', added: [{ memberId: wu, name: '吴六' }] });
    // Reading it again finds nothing to change and writes nothing.
    await detail(draft.id, unit);
    expect(await refreshes(draft.id)).toHaveLength(1);

    const frozen = await detail(sent.id);
    expect(expectedIds(frozen)).toEqual(four);
    expect(frozen.expectedList.follows).toBe(false);
    expect((await unit.post(`/api/activities/${sent.id}/return`, { comment: '补充会议记录' })).statusCode).toBe(200);
    const returned = (await sec.patch(`/api/activities/${sent.id}`, { minutes: '<p>补充</p>' })).json();
    expect(expectedIds(returned)).toEqual(four);
    expect(await refreshes(sent.id)).toHaveLength(0);

    // A committee member who leaves before the day is no longer expected at the draft.
    const ended = await unit.post(`/api/orgs/${env.fx.a1.id}/committee/${added.json().id}/end`, { endedOn: '2026-11-15' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(expectedIds(await detail(draft.id))).toEqual(four);
  });
});

describe('an empty meeting is not submitted', () => {
  it('nobody present: refused with what to do, and nothing changes', async () => {
    const a = await create(sec, { orgId: env.fx.a1.id, types: ['theme_day'], title: '无人出席的主题党日', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
    const d = await detail(a.id);
    expect(d.submitProblem).toContain('没有出席人员');
    expect(d.abilities.submit).toBe(false);
    const r = await sec.post(`/api/activities/${a.id}/submit`);
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toBe('出勤名单中没有出席人员，不能提交。请先在“出勤情况”中登记出席人员并保存');
    const row = await env.deps.db.selectFrom('activity').select(['status', 'submitted_at']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', submitted_at: null });
    expect(await env.deps.db.selectFrom('activity_review').where('activity_id', '=', a.id).selectAll().execute()).toEqual([]);
    const actions = await env.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(a.id)).where('entity_type', '=', 'activity').execute();
    expect(actions.map((x) => x.action)).toEqual(['activity.create']);

    await markPresent(sec, a.id, [li]);
    expect((await detail(a.id)).abilities.submit).toBe(true);
    expect((await sec.post(`/api/activities/${a.id}/submit`)).statusCode).toBe(200);
  });

  it('nobody expected (a 党小组 without members): the page says why and what to do; once a member is in the group it can go up', async () => {
    const a = await create(sec, { orgId: env.fx.a1g.id, types: ['group_meeting'], title: '空的党小组会', startsAt: at('2026-11-18'), endsAt: at('2026-11-18', 10) });
    expect(a.attendanceSummary.expected).toBe(0);
    expect(a.expectedList.label).toBe('本党小组党员');
    expect(a.expectedList.emptyHint).toContain('党员管理');
    expect(a.submitProblem).toContain('应到人员为空（本党小组党员0人）');
    const r = await sec.post(`/api/activities/${a.id}/submit`);
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('应到人员为空');
    expect((await env.deps.db.selectFrom('activity').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe('draft');

    await placeInGroup(env, env.fx.a1g.id, [env.fx.membersA1[7]]);
    const d = await detail(a.id);
    expect(expectedIds(d)).toEqual([env.fx.membersA1[7]]);
    expect(d.expectedList.emptyHint).toBeNull();
    await markPresent(sec, a.id);
    expect((await sec.post(`/api/activities/${a.id}/submit`)).statusCode).toBe(200);
  });
});

describe('a 支委会 needs the branch committee (ZB-9)', () => {
  it('a branch without a committee is told to record it on the organisation page; nothing is created', async () => {
    const before = await env.deps.db.selectFrom('activity').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const r = await sec2.post('/api/activities', { orgId: env.fx.a2.id, types: ['committee_meeting'], title: '支委会', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('本支部在活动当日没有在任的委员，不能记录支委会');
    expect(r.json().message).toContain('“组织管理”页面该组织的“班子成员”');
    const after = await env.deps.db.selectFrom('activity').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    // The form's preview says the same before anything is saved.
    const preview = await sec2.get(`/api/activities/expected?orgId=${env.fx.a2.id}&types=committee_meeting&day=2026-11-20`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ rule: 'committee', label: '本支部支委会委员', count: 0, names: [] });
    expect(preview.json().refusal).toContain('没有在任的委员');
    expect(preview.json().emptyHint).toContain('班子成员');

    // A record of another kind cannot become a 支委会 either.
    const theme = await create(sec2, { orgId: env.fx.a2.id, types: ['theme_day'], title: '主题党日', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
    const patch = await sec2.patch(`/api/activities/${theme.id}`, { types: ['committee_meeting'] });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().message).toContain('没有在任的委员');
    expect((await detail(theme.id, sec2)).types).toEqual(['theme_day']);

    // Two members in office are no committee (COMMITTEE_MIN, ZB-21).
    for (const [memberId, post] of [[env.fx.membersA2[0], 'secretary'], [env.fx.membersA2[1], 'organization']] as const) {
      expect((await unit.post(`/api/orgs/${env.fx.a2.id}/committee`, { memberId, post, startedOn: '2025-01-01' })).statusCode).toBe(201);
    }
    const two = await sec2.post('/api/activities', { orgId: env.fx.a2.id, types: ['committee_meeting'], title: '支委会', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
    expect(two.statusCode).toBe(400);
    expect(two.json().message).toContain('在任委员只有2人');
  });

  it('the preview names the members a record would expect', async () => {
    const r = await sec.get(`/api/activities/expected?orgId=${env.fx.a1.id}&types=theme_day,party_lecture&day=2026-11-20`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ rule: 'members', label: '本支部全体党员（含所属党小组）', count: 8, refusal: null, emptyHint: null });
    expect(r.json().names).toContain('赵一');
    const committee = (await sec.get(`/api/activities/expected?orgId=${env.fx.a1.id}&types=committee_meeting&day=2026-10-20`)).json();
    expect(committee).toMatchObject({ count: 3, refusal: null });
    expect((await sec2.get(`/api/activities/expected?orgId=${env.fx.a1.id}&types=theme_day&day=2026-11-20`)).statusCode).toBe(404);
  });
});
