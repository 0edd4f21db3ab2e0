import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';
import { memberInput } from '../../../test/fixture.ts';
import { markPresent } from '../../../test/activity-helpers.ts';
import { runReminders, scheduleReminders } from './reminders.service.ts';

/*
 * The fixture: 工委 (admin) ─ A 机关党委 (unitadmin) ─ A1 (sec_a1, one 党小组), A2 (sec_a2);
 *                        └ B 机关党委 (no admin) ─ B1 (no secretary).
 * The clock starts on 23 November 2026, 10:00 Beijing; the reminder window is 7 days.
 */
let env: TestEnv;

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
/** Sets the test clock to 10:00 Beijing on a day. */
const setDay = (day: string) => {
  env.clock.now = new Date(`${day}T10:00:00+08:00`);
};
/** Sessions time out when the clock jumps: log in afresh on the day. */
const as = (username: string) => env.login(username);

async function inbox(c: TestClient, kind?: string) {
  const r = await c.get('/api/inbox?pageSize=200');
  expect(r.statusCode, r.body).toBe(200);
  const items = r.json().items as { kind: string; title: string; body: string; link: string | null }[];
  return kind ? items.filter((i) => i.kind === kind) : items;
}

async function auditRuns() {
  const r = await (await as('auditor')).get('/api/audit?action=reminders.run&pageSize=100');
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items as { actorName: string; after: { sent: Record<string, number> } }[];
}

beforeAll(async () => {
  env = await createTestEnv();
  setDay('2026-11-22');
  // A2 holds and records its November 主题党日; the level above approves it. A2 has no committee
  // and no 党小组, so November is complete there.
  const sec = await as('sec_a2');
  const created = await sec.post('/api/activities', { orgId: env.fx.a2.id, types: ['theme_day'], title: '11月主题党日', startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
  expect(created.statusCode, created.body).toBe(201);
  await markPresent(sec, created.json().id);
  expect((await sec.post(`/api/activities/${created.json().id}/submit`)).statusCode).toBe(200);
  const approved = await (await as('unitadmin')).post(`/api/activities/${created.json().id}/approve`, {});
  expect(approved.statusCode, approved.body).toBe(200);
});
afterAll(() => env.close());

describe('reminder job', () => {
  it('the secretary hears what is missing 7 days before the month ends, not 8; a second run sends nothing', async () => {
    setDay('2026-11-22');
    const early = await runReminders(env.deps);
    expect(early.sent.period_due).toBe(0);
    expect(await inbox(await as('sec_a1'), 'period_due')).toEqual([]);

    setDay('2026-11-23');
    const run = await runReminders(env.deps);
    expect(run).toMatchObject({ asOf: '2026-11-23', reminderDays: 7 });
    expect(run.sent.period_due).toBe(1); // A1 only: A2 is complete, B1 has no secretary
    const [due] = await inbox(await as('sec_a1'), 'period_due');
    expect(due).toMatchObject({
      title: 'A局综合处党支部：11月30日前还有2项组织生活未完成',
      body: '11月还未开展：党小组会、主题党日。距截止还有7天，请抓紧开展并及时提交审核。',
      link: `/compliance?orgId=${env.fx.a1.id}&year=2026`,
    });
    expect(await inbox(await as('sec_a2'), 'period_due')).toEqual([]);
    // The level above is not told what is merely due.
    expect(await inbox(await as('unitadmin'), 'period_due')).toEqual([]);

    const audits = await env.count('audit_log');
    const again = await runReminders(env.deps);
    expect(again.sent).toEqual({ period_due: 0, period_overdue: 0, political_birthday: 0 });
    expect(await env.count('audit_log')).toBe(audits); // nothing written, nothing audited
    expect(await inbox(await as('sec_a1'), 'period_due')).toHaveLength(1);
  });

  it('after the month ends the level above gets the overdue list: the nearest ancestor with admins', async () => {
    setDay('2026-12-01');
    const run = await runReminders(env.deps);
    expect(run.sent.period_overdue).toBe(2);
    const unit = await inbox(await as('unitadmin'), 'period_overdue');
    const nov = unit.find((n) => n.title.includes('11月30日'))!;
    expect(nov.title).toBe('逾期提醒：1个党组织11月30日到期的组织生活未完成');
    expect(nov.body).toBe('截至11月30日，以下党组织有逾期未完成的组织生活：A局综合处党支部（11月：党小组会、主题党日）。请督促补正。');
    // October ended within the last 31 days when the job first ran (22 November): told then, once.
    expect(unit.map((n) => n.title)).toEqual(['逾期提醒：1个党组织11月30日到期的组织生活未完成', '逾期提醒：2个党组织10月31日到期的组织生活未完成']);
    // B has no admin: B1's overdue list goes up to the committee.
    const committee = await inbox(await as('admin'), 'period_overdue');
    expect(committee.map((n) => n.body)).toContain('截至11月30日，以下党组织有逾期未完成的组织生活：B局综合处党支部（11月：主题党日）。请督促补正。');
    expect(committee.every((n) => !n.body.includes('A局'))).toBe(true);
    // The branch itself is not the level above.
    expect(await inbox(await as('sec_a1'), 'period_overdue')).toEqual([]);

    const runs = await auditRuns();
    expect(runs[0]).toMatchObject({ actorName: 'system:reminders', after: { sent: { period_due: 0, period_overdue: 2, political_birthday: 0 } } });
    expect((await runReminders(env.deps)).sent.period_overdue).toBe(0);
  });

  it('political birthdays: the secretary gets the month’s list (党小组 included), the member a greeting', async () => {
    setDay('2026-12-01');
    const sec = await as('sec_a1');
    const inGroup = await sec.post('/api/members', memberInput(env.fx.a1g.id, { name: '周年庆', birthDate: '1980-03-04', joinDate: '2005-12-10', fullDate: '2006-12-10' }));
    expect(inGroup.statusCode, inGroup.body).toBe(201);
    const direct = await sec.post('/api/members', memberInput(env.fx.a1.id, { name: '纪念', birthDate: '1990-05-06', joinDate: '2016-12-03', fullDate: '2017-12-03' }));
    expect(direct.statusCode, direct.body).toBe(201);
    const other = await (await as('unitadmin')).post('/api/members', memberInput(env.fx.a2.id, { name: '另一人', birthDate: '1985-01-02', joinDate: '2001-12-25', fullDate: '2002-12-25' }));
    expect(other.statusCode, other.body).toBe(201);
    // member_a1's account now belongs to 纪念.
    const linked = await (await as('admin')).patch(`/api/users/${env.fx.users.member_a1}`, { memberId: direct.json().id });
    expect(linked.statusCode, linked.body).toBe(200);

    const run = await runReminders(env.deps);
    expect(run.sent.political_birthday).toBe(3); // A1's list, A2's list, 纪念's greeting
    const [list] = await inbox(await as('sec_a1'), 'political_birthday');
    expect(list.title).toBe('12月政治生日：A局综合处党支部2名党员');
    expect(list.body).toBe('本月过政治生日的党员：纪念（2016年12月3日入党，入党10周年，党龄8年）、周年庆（2005年12月10日入党，入党21周年，党龄19年）。可在主题党日为他们过政治生日、重温入党誓词。');
    expect((await inbox(await as('sec_a2'), 'political_birthday'))[0].body).toContain('另一人（2001年12月25日入党，入党25周年');
    const greeting = await inbox(await as('member_a1'), 'political_birthday');
    expect(greeting.map((g) => g.title)).toEqual(['纪念同志，祝您政治生日快乐']);

    setDay('2026-12-15');
    expect((await runReminders(env.deps)).sent.political_birthday).toBe(0);
  });

  it('the schedule runs the job at once and stop waits for the run', async () => {
    setDay('2026-12-24'); // December, the fourth quarter and the year end within 7 days
    const logged: string[] = [];
    const stop = scheduleReminders(env.deps, (m) => logged.push(m));
    await stop();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^提醒：发送\d+条消息（到期\d+、逾期0、政治生日0）$/);
    const [due] = (await inbox(await as('sec_a1'), 'period_due')).filter((n) => n.title.includes('12月31日'));
    expect(due.body).toMatch(/^12月还未开展：党小组会、主题党日；第四季度还未开展：党员大会；2026年度还未开展：组织生活会、民主评议党员、/);
  });
});
