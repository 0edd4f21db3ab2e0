import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markPresent } from '../../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Bad input on every organisational-life write endpoint answers 400 with a Chinese message and
// changes nothing: the activity tables, the requirement table and the audit log stay as they were.

const HAN = /[\u4e00-\u9fa5]/;
const TABLES = ['activity', 'activity_attendance', 'activity_review', 'org_activity_year', 'compliance_requirement', 'app_setting', 'notification', 'audit_log'] as const;

let env: TestEnv;
let sec: TestClient;
let admin: TestClient;
let draftId: number;
let submittedId: number;

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const good = () => ({ orgId: env.fx.a1.id, types: ['theme_day'], title: '主题党日', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });

async function snapshot() {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = (await sql`select * from ${sql.table(t)} order by 1`.execute(env.database.db)).rows;
  return out;
}

async function expectRejected(send: () => Promise<LightMyRequestResponse>, mention?: string, status = 400) {
  const before = await snapshot();
  const res = await send();
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().message).toMatch(HAN);
  if (mention) expect(res.json().message).toContain(mention);
  expect(await snapshot()).toEqual(before);
}

beforeAll(async () => {
  env = await createTestEnv();
  [sec, admin] = await Promise.all([env.login('sec_a1'), env.login('admin')]);
  draftId = (await sec.post('/api/activities', good())).json().id;
  submittedId = (await sec.post('/api/activities', { ...good(), title: '已提交' })).json().id;
  await markPresent(sec, submittedId);
  expect((await sec.post(`/api/activities/${submittedId}/submit`)).statusCode).toBe(200);
});
afterAll(() => env.close());

describe('POST /api/activities', () => {
  const cases: [string, (b: Record<string, unknown>) => unknown, string?][] = [
    ['no type', (b) => ({ ...b, types: [] }), '至少选择一种活动类型'],
    ['unknown type', (b) => ({ ...b, types: ['party'] })],
    ['duplicate types', (b) => ({ ...b, types: ['theme_day', 'theme_day'] }), '活动类型重复'],
    ['title missing', ({ title: _t, ...b }) => b, '必填'],
    ['empty title', (b) => ({ ...b, title: '  ' }), '主题不能为空'],
    ['huge title', (b) => ({ ...b, title: '长'.repeat(10_000) })],
    ['HTML in title', (b) => ({ ...b, title: '<script>alert(1)</script>' }), '尖括号'],
    ['orgId as text', (b) => ({ ...b, orgId: String(b.orgId) })],
    ['date without zone', (b) => ({ ...b, startsAt: '2026-11-20 09:00' }), 'ISO 8601'],
    ['impossible date', (b) => ({ ...b, startsAt: '2026-02-30T09:00:00+08:00' })],
    ['ends before it starts', (b) => ({ ...b, endsAt: at('2026-11-20', 8) }), '结束时间应晚于开始时间'],
    ['unknown field', (b) => ({ ...b, secret: 1 })],
    ['a record in the future', (b) => ({ ...b, startsAt: at('2026-12-20'), endsAt: at('2026-12-20', 11) }), '计划'],
    ['before the branch was founded', (b) => ({ ...b, startsAt: at('2019-05-01'), endsAt: at('2019-05-01', 11) }), '成立日期'],
    ['党小组会 in a branch', (b) => ({ ...b, types: ['group_meeting'] }), '党小组'],
    ['a host from another branch', (b) => ({ ...b, hostMemberId: env.fx.membersB1[0] }), '管理范围'],
    ['negative vote', (b) => ({ ...b, types: ['branch_assembly'], votes: [{ subject: '接收预备党员', yes: -1, no: 0, abstain: 0 }] })],
    ['minutes too long', (b) => ({ ...b, minutes: 'x'.repeat(200_001) }), '内容过长'],
    ['minutes with a NUL character', (b) => ({ ...b, minutes: '<p>会议\u0000记录</p>' }), '非法控制字符'],
    ['a title with a NUL character', (b) => ({ ...b, title: '支委会\u0000' }), '非法控制字符'],
  ];
  it.each(cases)('%s', async (_label, make, mention) => {
    await expectRejected(() => sec.post('/api/activities', make(good())), mention);
  });
});

describe('changes to an activity', () => {
  it('PATCH with bad fields', async () => {
    await expectRejected(() => sec.patch(`/api/activities/${draftId}`, { title: '' }), '主题不能为空');
    await expectRejected(() => sec.patch(`/api/activities/${draftId}`, { orgId: env.fx.a2.id }));
    await expectRejected(() => sec.patch(`/api/activities/${draftId}`, { endsAt: at('2026-11-19') }), '结束时间');
    // A change in a state that no longer allows it is a conflict (409): the record moved on.
    await expectRejected(() => sec.patch(`/api/activities/${submittedId}`, { title: '改' }), '当前为“待审核”，不能修改', 409);
  });

  it('attendance for someone not on the list, leave without a reason, duplicates', async () => {
    const [zhao] = env.fx.membersA1;
    await expectRejected(() => sec.put(`/api/activities/${draftId}/attendance`, { entries: [{ memberId: env.fx.membersB1[0], status: 'present' }] }), '不在本次活动名单中');
    await expectRejected(() => sec.put(`/api/activities/${draftId}/attendance`, { entries: [{ memberId: zhao, status: 'leave' }] }), '请假须填写原因');
    await expectRejected(() => sec.put(`/api/activities/${draftId}/attendance`, { entries: [{ memberId: zhao, status: 'present' }, { memberId: zhao, status: 'absent' }] }), '重复');
    await expectRejected(() => sec.put(`/api/activities/${draftId}/attendance`, { entries: [{ memberId: zhao, status: 'late' }] }));
    await expectRejected(() => sec.put(`/api/activities/${draftId}/attendance`, { entries: [], invitedMemberIds: [env.fx.membersB1[0]] }), '管理范围');
  });

  it('review steps out of order or without a comment', async () => {
    await expectRejected(() => admin.post(`/api/activities/${submittedId}/return`, {}), '必填');
    await expectRejected(() => admin.post(`/api/activities/${submittedId}/return`, { comment: '' }), '退回意见不能为空');
    await expectRejected(() => admin.post(`/api/activities/${draftId}/approve`, {}), '当前为“已记录”，不能审核通过', 409);
    await expectRejected(() => admin.post(`/api/activities/${submittedId}/reopen`, {}), '当前为“待审核”，不能重新打开', 409);
    await expectRejected(() => sec.post(`/api/activities/${submittedId}/submit`), '当前为“待审核”，不能提交审核', 409);
  });

  it('a forged or malformed sign-in token', async () => {
    const member = await env.login('member_a1');
    await expectRejected(() => member.post('/api/activities/sign-in', { token: 'eyJhIjoxLCJmIjowLCJ1Ijo5OTk5OTk5OTk5OTk5fQ.forged-signature' }), '签到码无效');
    await expectRejected(() => member.post('/api/activities/sign-in', { token: 'short' }));
  });
});

describe('PUT /api/compliance/requirements', () => {
  const local = { label: '党课每季度至少1次', activityType: 'party_lecture', frequency: 'quarter', minCount: 1, appliesTo: ['branch'], rule: '市直机关工委文件', enabled: true };
  it.each([
    ['unknown national item', { national: { nonsense: true }, local: [] }, '未知的全国性要求'],
    ['bad frequency', { national: {}, local: [{ ...local, frequency: 'weekly' }] }, undefined],
    ['zero count', { national: {}, local: [{ ...local, minCount: 0 }] }, undefined],
    ['no org type', { national: {}, local: [{ ...local, appliesTo: [] }] }, '至少选择一种组织类型'],
    ['duplicate keys', { national: {}, local: [{ ...local, key: 'local-a' }, { ...local, key: 'local-a' }] }, '编号重复'],
    ['reminder days out of range', { national: {}, local: [], reminderDays: 0 }, undefined],
  ] as const)('%s', async (_label, body, mention) => {
    await expectRejected(() => admin.put('/api/compliance/requirements?year=2026', body), mention);
  });
});
