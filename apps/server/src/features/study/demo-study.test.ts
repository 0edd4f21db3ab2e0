import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness.ts';
import { seedStudy } from './demo-study.ts';

// The demo's year of online study on the fixture city (clock 2026-11-23), read back through the API.
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const admin = await env.deps.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  await env.deps.db.transaction().execute((trx) => seedStudy(trx, { now: env.clock.now, rootId: env.fx.root.id, creatorId: admin.id }));
});
afterAll(() => env.close());

describe('the demo’s study records', () => {
  it('two published topics reach every member; each member’s credits are verified, once per material, within the daily cap', async () => {
    const member = await env.login('member_a1');
    const topics = (await member.get('/api/study/my/topics')).json();
    expect(topics.items ?? topics).toHaveLength(2);
    const credits = await env.deps.db.selectFrom('study_credit as c').innerJoin('study_session as s', 's.id', 'c.session_id').select(['c.member_id', 'c.credited_on', 's.status', 'c.hours']).execute();
    expect(credits.length).toBeGreaterThan(40);
    expect(credits.every((c) => c.status === 'completed' && c.credited_on <= '2026-11-23')).toBe(true);
    const perDay = new Map<string, number>();
    for (const c of credits) perDay.set(`${c.member_id}:${c.credited_on}`, (perDay.get(`${c.member_id}:${c.credited_on}`) ?? 0) + Number(c.hours));
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(4);
    const admin = await env.login('admin');
    const hours = (await admin.get(`/api/study-hours?year=2026&orgId=${env.fx.root.id}`)).json();
    expect(hours.summary.members).toBeGreaterThan(10);
    expect(hours.items.some((m: { hours: number }) => m.hours > 0)).toBe(true);
    const lines = (await admin.get(`/api/study-hours/members/${env.fx.membersA1[1]}?year=2026`)).json().lines;
    expect(lines.filter((l: { source: string }) => l.source === 'online').length).toBeGreaterThanOrEqual(3);
  });
});
