import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestClient, type TestEnv } from '../../../test/harness.ts';

// Races PGlite's single connection hides (PostgreSQL pass only): the same reviewer submits the
// same ballot several times at once — exactly one row, the others 409 (the unique constraint
// decides); several closes at once — one close, one set of list items; a ballot racing the close.

let env: TestEnv;
let admins: TestClient[];
let members: TestClient[];

beforeAll(async () => {
  env = await createTestEnv();
  admins = await Promise.all(Array.from({ length: 5 }, () => env.login('admin')));
  members = await Promise.all(Array.from({ length: 5 }, () => env.login('member_a1')));
});
afterAll(() => env.close());

async function votingCampaign(year: number) {
  const id = (await admins[0]!.post('/api/review-campaigns', { year, name: `${year}年度述职评议` })).json().id;
  const setup = await admins[0]!.put(`/api/review-campaigns/${id}/setup`, {
    name: `${year}年度述职评议`,
    scale: [{ key: 'good', label: '好', score: 100 }, { key: 'poor', label: '差', score: 50 }],
    groups: [{ key: 'g1', name: '工委', weight: 0.5 }, { key: 'g2', name: '党员代表', weight: 0.5 }],
    reviewers: [{ userId: env.fx.users.admin, groupKey: 'g1' }, { userId: env.fx.users.member_a1, groupKey: 'g2' }],
    reporters: [{ orgId: env.fx.a.id, secretaryName: '王局长' }, { orgId: env.fx.b.id, secretaryName: '李局长' }],
  });
  expect(setup.statusCode, setup.body).toBe(200);
  const reporters = setup.json().reporterList.map((p: { id: number }) => p.id) as number[];
  await admins[0]!.post(`/api/review-campaigns/${id}/open`);
  await admins[0]!.put(`/api/review-campaigns/${id}/meeting`, { meetingOn: `${year}-12-05` });
  return { id, reporters };
}

const count = async (table: 'review_ballot' | 'list_item', where: [string, number]) =>
  (await env.database.db.selectFrom(table).select('id').where(where[0] as never, '=', where[1] as never).execute()).length;

describe('述职评议 races on PostgreSQL', () => {
  it('five simultaneous submissions of one ballot: one row, four 409', async () => {
    const { id, reporters } = await votingCampaign(2026);
    expect((await admins[0]!.post(`/api/review-campaigns/${id}/start-voting`)).statusCode).toBe(200);
    const results = await Promise.all(members.map((c, i) => c.post(`/api/review-campaigns/${id}/reporters/${reporters[0]}/ballot`, { grade: i % 2 ? 'poor' : 'good' })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().message).toBe('您已对该述职人投过票，每位评议人对每位述职人只能投一票，投出后不能更改');
    const rows = await env.database.db.selectFrom('review_ballot').select(['grade']).where('campaign_id', '=', id).where('reviewer_id', '=', env.fx.users.member_a1).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.grade).toBe(results.find((r) => r.statusCode === 201)!.json().grade);
    const audited = await env.database.db.selectFrom('audit_log').select('id').where('action', '=', 'review.ballot').execute();
    expect(audited).toHaveLength(1);
  });

  it('five simultaneous closes: one closes, four 409, each problem comment one list item', async () => {
    const { id, reporters } = await votingCampaign(2027);
    await members[0]!.put(`/api/review-campaigns/${id}/reporters/${reporters[1]}/comment`, { text: '问题一', problem: true });
    await admins[0]!.post(`/api/review-campaigns/${id}/start-voting`);
    const results = await Promise.all(admins.map((c) => c.post(`/api/review-campaigns/${id}/close`)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().message).toBe('该述职评议当前为“已结束”，不能结束评议（可能刚被他人处理），请刷新后重试');
    const items = await env.database.db.selectFrom('list_item').select('id').where('source', '=', 'review').where('org_id', '=', env.fx.b.id).execute();
    expect(items).toHaveLength(1);
    expect((await env.database.db.selectFrom('audit_log').select('id').where('action', '=', 'review.close').where('entity_id', '=', String(id)).execute())).toHaveLength(1);
  });

  it('ballots racing the close: each either counts (cast before the close) or is refused — none lands after it', async () => {
    const { id, reporters } = await votingCampaign(2028);
    await admins[0]!.post(`/api/review-campaigns/${id}/start-voting`);
    const [close, ...ballots] = await Promise.all([
      admins[1]!.post(`/api/review-campaigns/${id}/close`),
      members[0]!.post(`/api/review-campaigns/${id}/reporters/${reporters[0]}/ballot`, { grade: 'good' }),
      members[1]!.post(`/api/review-campaigns/${id}/reporters/${reporters[1]}/ballot`, { grade: 'good' }),
    ]);
    expect(close.statusCode).toBe(200);
    const accepted = ballots.filter((b) => b.statusCode === 201).length;
    for (const b of ballots) expect([201, 409]).toContain(b.statusCode);
    expect(await count('review_ballot', ['campaign_id', id])).toBe(accepted);
    const result = (await admins[0]!.get(`/api/review-campaigns/${id}`)).json();
    expect(result.reporterList.reduce((s: number, p: { result: { ballots: number } }) => s + p.result.ballots, 0)).toBe(accepted);
  });
});
