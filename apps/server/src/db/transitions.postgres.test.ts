import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addCommittee, markPresent } from '../../test/activity-helpers.ts';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from '../../test/harness.ts';

// Races that PGlite's single connection hides: every state machine is raced here on PostgreSQL,
// where the requests really run at once (a pool of connections). Exactly one of the racers wins;
// the others answer 409 and change nothing.

let env: TestEnv;
let sec: TestClient;
let unit: TestClient;
let admin: TestClient;
beforeAll(async () => {
  env = await createTestEnv();
  [sec, unit, admin] = await Promise.all([env.login('sec_a1'), env.login('unitadmin'), env.login('admin')]);
  // A 支委会 needs the branch committee (ZB-9).
  await addCommittee(unit, env.fx.a1.id, env.fx.membersA1);
});
afterAll(() => env.close());

const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;

async function submitted(title: string, day = '2026-11-18') {
  const a = await sec.post('/api/activities', { orgId: env.fx.a1.id, types: ['committee_meeting'], title, startsAt: at(day), endsAt: at(day, 10) });
  expect(a.statusCode, a.body).toBe(201);
  await markPresent(sec, a.json().id);
  expect((await sec.post(`/api/activities/${a.json().id}/submit`)).statusCode).toBe(200);
  return a.json().id as number;
}

const committeeCount = async (month: number) => {
  const rows = await sql<{ months: number[] }>`select months from org_activity_year where org_id = ${env.fx.a1.id} and year = 2026 and count_key = 'committee_meeting'`.execute(env.database.db);
  return rows.rows[0]?.months[month - 1] ?? 0;
};

describe('activity review on PostgreSQL', () => {
  it('ten simultaneous approvals of one record: exactly one wins, the count moves by one', async () => {
    const id = await submitted('并发审核的支委会');
    const before = await committeeCount(11);
    const approvers = [...Array.from({ length: 5 }, () => unit), ...Array.from({ length: 5 }, () => admin)];
    const results = await Promise.all(approvers.map((c) => c.post(`/api/activities/${id}/approve`, {})));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().message).toContain('当前为“已通过”');
    expect(await committeeCount(11)).toBe(before + 1);
    const reviews = await env.database.db.selectFrom('activity_review').select('action').where('activity_id', '=', id).execute();
    expect(reviews.map((r) => r.action)).toEqual(['submit', 'approve']);
    const audits = await env.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'activity').where('entity_id', '=', String(id)).execute();
    expect(audits.filter((a) => a.action === 'activity.approve')).toHaveLength(1);
  });

  it('approve ‖ return: one of them, never both', async () => {
    for (let i = 0; i < 5; i++) {
      const id = await submitted(`审核与退回${i}`);
      const [ok, back] = await Promise.all([unit.post(`/api/activities/${id}/approve`, {}), admin.post(`/api/activities/${id}/return`, { comment: '补充材料' })]);
      expect([ok.statusCode, back.statusCode].sort()).toEqual([200, 409]);
      const row = await env.database.db.selectFrom('activity').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe(ok.statusCode === 200 ? 'approved' : 'returned');
    }
  });

  it('submit ‖ update: the update lands before the submit or is refused, never after it', async () => {
    for (let i = 0; i < 6; i++) {
      const a = await sec.post('/api/activities', { orgId: env.fx.a1.id, types: ['committee_meeting'], title: `提交与修改${i}`, startsAt: at('2026-11-19'), endsAt: at('2026-11-19', 10) });
      const id = a.json().id;
      await markPresent(sec, id);
      const [submit, update] = await Promise.all([sec.post(`/api/activities/${id}/submit`), sec.patch(`/api/activities/${id}`, { title: `已修改${i}` })]);
      expect(submit.statusCode).toBe(200);
      expect([200, 409]).toContain(update.statusCode);
      const audits = (await env.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'activity').where('entity_id', '=', String(id)).orderBy('id').execute()).map((r) => r.action);
      if (update.statusCode === 200) expect(audits).toEqual(['activity.create', 'activity.attendance', 'activity.update', 'activity.submit']);
      else expect(audits).toEqual(['activity.create', 'activity.attendance', 'activity.submit']);
      const row = await env.database.db.selectFrom('activity').select(['title', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'submitted', title: update.statusCode === 200 ? `已修改${i}` : `提交与修改${i}` });
    }
  });
});

describe('member status on PostgreSQL', () => {
  it('two changes from the same starting status at once: one wins, the other is refused', async () => {
    const member = env.fx.membersA2[2];
    const admin2 = await env.login('admin');
    const [a, b] = await Promise.all([
      admin.post(`/api/members/${member}/status`, { status: 'deceased', fromStatus: 'normal', changedOn: '2026-11-20', reason: '病故' }),
      admin2.post(`/api/members/${member}/status`, { status: 'transferred_out', fromStatus: 'normal', changedOn: '2026-11-20', reason: '调出' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const history = await env.database.db.selectFrom('member_status_history').select(['from_status', 'to_status']).where('member_id', '=', member).execute();
    expect(history).toHaveLength(1);
    expect(history[0].from_status).toBe('normal');
  });
});

describe('login on PostgreSQL', () => {
  it('50 parallel wrong passwords: five are checked, the fifth locks, the rest are refused unchecked', async () => {
    const tries = Array.from({ length: 50 }, () => env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'member_a1', password: 'Wrong@pass1' } }));
    const statuses = (await Promise.all(tries)).map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 423)).toHaveLength(46);
    const right = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'member_a1', password: PASSWORD } });
    expect(right.statusCode).toBe(423);
  });
});
