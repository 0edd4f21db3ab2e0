import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// QR sign-in: a code works only in the meeting's current window, and someone outside the expected
// list who scans it waits for the secretary's confirmation before counting for anything.

let env: TestEnv;
let sec: TestClient;
let member: TestClient;
let stranger: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  [sec, member, stranger] = await Promise.all([env.login('sec_a1'), env.login('member_a1'), env.login('sec_a2')]);
});
afterAll(() => env.close());

// The test clock: 2026-11-23 10:00 in Beijing.
const at = (hhmm: string) => `2026-11-23T${hhmm}:00+08:00`;

async function meeting(start: string, end: string, title: string) {
  const r = await sec.post('/api/activities', { orgId: env.fx.a1.id, types: ['theme_day'], title, startsAt: at(start), endsAt: at(end) });
  expect(r.statusCode, r.body).toBe(201);
  const id = r.json().id as number;
  const token = (await sec.get(`/api/activities/${id}/sign-in-code`)).json().token as string;
  return { id, token };
}

describe('the window of a code', () => {
  it('a code printed before the meeting was moved no longer works; the new one does', async () => {
    const m = await meeting('09:45', '11:00', '改时间的主题党日');
    expect((await sec.patch(`/api/activities/${m.id}`, { startsAt: at('09:50'), endsAt: at('11:30') })).statusCode).toBe(200);
    const old = await member.post('/api/activities/sign-in', { token: m.token });
    expect(old.statusCode).toBe(400);
    expect(old.json().message).toContain('会议时间已调整');
    const fresh = (await sec.get(`/api/activities/${m.id}/sign-in-code`)).json().token;
    expect((await member.post('/api/activities/sign-in', { token: fresh })).statusCode).toBe(200);
  });
});

describe('someone outside the expected list', () => {
  it('is pending: counts for nothing, blocks the submit, and is confirmed by the secretary as 列席', async () => {
    const m = await meeting('09:30', '11:00', '有外单位人员扫码的主题党日');
    const signed = await stranger.post('/api/activities/sign-in', { token: m.token });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ kind: 'invited', pending: true, already: false });
    let detail = (await sec.get(`/api/activities/${m.id}`)).json();
    expect(detail.attendanceSummary).toMatchObject({ present: 0, invited: 0, pendingSignIns: 1 });
    expect(detail.attendance.find((a: { memberId: number }) => a.memberId === env.fx.membersA2[0])).toMatchObject({ pending: true, kind: 'invited' });
    const mine = (await stranger.get('/api/my/activities')).json();
    expect([...mine.upcoming, ...mine.history].find((a: { id: number }) => a.id === m.id)).toMatchObject({ pending: true });

    const submit = await sec.post(`/api/activities/${m.id}/submit`);
    expect(submit.statusCode).toBe(400);
    expect(submit.json().message).toContain('扫码签到尚待确认（冯甲）');
    expect(detail.abilities.submit).toBe(false);
    // Nobody else answers for the secretary: not the member, not the sibling branch.
    expect((await member.post(`/api/activities/${m.id}/sign-ins/${env.fx.membersA2[0]}/confirm`, { accept: true })).statusCode).toBe(404);
    expect((await stranger.post(`/api/activities/${m.id}/sign-ins/${env.fx.membersA2[0]}/confirm`, { accept: true })).statusCode).toBe(404);

    const ok = await sec.post(`/api/activities/${m.id}/sign-ins/${env.fx.membersA2[0]}/confirm`, { accept: true });
    expect(ok.statusCode, ok.body).toBe(200);
    detail = ok.json();
    expect(detail.attendanceSummary).toMatchObject({ invited: 1, pendingSignIns: 0 });
    expect((await sec.post(`/api/activities/${m.id}/sign-ins/${env.fx.membersA2[0]}/confirm`, { accept: true })).statusCode).toBe(409);
    // A guest alone is no meeting of the branch: the submit waits for someone expected to be present.
    const empty = await sec.post(`/api/activities/${m.id}/submit`);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('没有出席人员');
    expect((await member.post('/api/activities/sign-in', { token: m.token })).statusCode).toBe(200);
    expect((await sec.post(`/api/activities/${m.id}/submit`)).statusCode).toBe(200);
    const audited = await env.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(m.id)).execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['activity.sign_in', 'activity.sign_in_confirm']));
  });

  it('a rejected sign-in is removed', async () => {
    const m = await meeting('09:40', '11:00', '拒绝签到的主题党日');
    await stranger.post('/api/activities/sign-in', { token: m.token });
    const no = await sec.post(`/api/activities/${m.id}/sign-ins/${env.fx.membersA2[0]}/confirm`, { accept: false });
    expect(no.statusCode).toBe(200);
    expect(no.json().attendance.some((a: { memberId: number }) => a.memberId === env.fx.membersA2[0])).toBe(false);
  });
});

describe('before the window opens', () => {
  it('a scan is refused, and works from 30 minutes before the start', async () => {
    const m = await meeting('14:00', '15:00', '下午的主题党日');
    const early = await member.post('/api/activities/sign-in', { token: m.token });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toBe('签到尚未开始（会前30分钟开放）');
    env.clock.advanceMinutes(3 * 60 + 40); // 13:40
    const later = await env.login('member_a1');
    expect((await later.post('/api/activities/sign-in', { token: m.token })).statusCode).toBe(200);
  });
});
