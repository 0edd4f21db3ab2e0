import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCommittee, markPresent } from '../../../test/activity-helpers.ts';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// The expected list brought up to date on PostgreSQL, where requests really run at once: the
// refresh takes the record's row lock, so simultaneous readers, an edit and a submit never add a
// member twice, never write two refresh records for one change, and a submit that wins the lock
// freezes the list before a late refresh could touch it.

let env: TestEnv;
let sec: TestClient;
let unit: TestClient;
let admin: TestClient;
const [ZHAO, QIAN, SUN, LI, ZHOU, WU] = [0, 1, 2, 3, 4, 5];

beforeAll(async () => {
  env = await createTestEnv();
  [sec, unit, admin] = await Promise.all([env.login('sec_a1'), env.login('unitadmin'), env.login('admin')]);
  const m = env.fx.membersA1;
  await addCommittee(unit, env.fx.a1.id, [m[ZHAO], m[QIAN], m[SUN]]);
});
afterAll(() => env.close());

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const refreshCount = async (id: number) =>
  (await env.database.db.selectFrom('audit_log').select('id').where('action', '=', 'activity.expected_refresh').where('entity_id', '=', String(id)).execute()).length;
const rowsOf = async (id: number) =>
  (await sql<{ member_id: number; n: number }>`select member_id, count(*)::int as n from activity_attendance where activity_id = ${id} group by member_id`.execute(env.database.db)).rows;

async function committeeMeeting(title: string) {
  const a = await sec.post('/api/activities', { orgId: env.fx.a1.id, types: ['committee_meeting'], title, startsAt: at('2026-11-20'), endsAt: at('2026-11-20', 11) });
  expect(a.statusCode, a.body).toBe(201);
  return a.json().id as number;
}
async function joinCommittee(memberIndex: number) {
  const r = await unit.post(`/api/orgs/${env.fx.a1.id}/committee`, { memberId: env.fx.membersA1[memberIndex], post: 'member', startedOn: '2026-11-01' });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as number;
}

describe('the expected list on PostgreSQL', () => {
  it('ten simultaneous reads of a stale draft: one refresh, the new member once, every reader sees it', async () => {
    const id = await committeeMeeting('十人同时打开的支委会');
    await joinCommittee(LI);
    const readers = [...Array.from({ length: 5 }, () => sec), ...Array.from({ length: 5 }, () => admin)];
    const results = await Promise.all(readers.map((c) => c.get(`/api/activities/${id}`)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    for (const r of results) expect(r.json().attendanceSummary.expected).toBe(4);
    expect(await refreshCount(id)).toBe(1);
    expect((await rowsOf(id)).every((r) => r.n === 1)).toBe(true);
  });

  it('submit ‖ read of a stale draft: the list is refreshed before the submit or not at all, and frozen after', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await committeeMeeting(`提交与刷新${i}`);
      await markPresent(sec, id, [env.fx.membersA1[ZHAO]]);
      ids.push(id);
    }
    const committeeId = await joinCommittee(ZHOU);
    for (const id of ids) {
      const [submit, read] = await Promise.all([sec.post(`/api/activities/${id}/submit`), admin.get(`/api/activities/${id}`)]);
      expect(submit.statusCode, submit.body).toBe(200);
      expect(read.statusCode, read.body).toBe(200);
      // The submit itself brings a never-submitted list up to date before freezing it.
      expect(submit.json().attendanceSummary.expected).toBe(5);
      expect(await refreshCount(id)).toBe(1);
      expect((await rowsOf(id)).every((r) => r.n === 1)).toBe(true);
    }
    // Frozen: a later change of the committee leaves every submitted record alone.
    expect((await unit.post(`/api/orgs/${env.fx.a1.id}/committee/${committeeId}/end`, { endedOn: '2026-11-02' })).statusCode).toBe(200);
    for (const id of ids) {
      expect((await sec.get(`/api/activities/${id}`)).json().attendanceSummary.expected).toBe(5);
      expect(await refreshCount(id)).toBe(1);
    }
  });

  it('a change of type ‖ attendance ‖ reads: they take turns; the list ends as the last type says, each member once', async () => {
    const id = await committeeMeeting('改类型与登记出勤');
    await joinCommittee(WU);
    const zhao = env.fx.membersA1[ZHAO];
    const [patch, att, ...reads] = await Promise.all([
      sec.patch(`/api/activities/${id}`, { types: ['theme_day'] }),
      sec.put(`/api/activities/${id}/attendance`, { entries: [{ memberId: zhao, status: 'present' }] }),
      admin.get(`/api/activities/${id}`),
      unit.get(`/api/activities/${id}`),
    ]);
    expect(patch.statusCode, patch.body).toBe(200);
    expect(att.statusCode, att.body).toBe(200);
    for (const r of reads) expect(r.statusCode, r.body).toBe(200);
    const d = (await sec.get(`/api/activities/${id}`)).json();
    expect(d.types).toEqual(['theme_day']);
    expect(d.attendanceSummary).toMatchObject({ expected: 8, present: 1 });
    expect((await rowsOf(id)).every((r) => r.n === 1)).toBe(true);
    expect((await rowsOf(id)).length).toBe(8);
  });
});
