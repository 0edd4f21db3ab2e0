import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient, TestEnv } from '../../../test/harness.ts';
import { expectFilteredGets, LEAKED_KEY, useLeakyEnv, type LeakyClient } from '../../../test/leaky-app.ts';

// Every 述职评议 answer goes through its response schema: a key the handler adds that the schema
// does not name never reaches the client (a ballot's reviewer, say).

const t = useLeakyEnv();
let env: TestEnv;
let admin: TestClient;
let leakyAdmin: LeakyClient;
let id: number;
let reporterId: number;

beforeAll(async () => {
  ({ env } = t);
  [admin, leakyAdmin] = await t.pair('admin');
  id = (await admin.post('/api/review-campaigns', { year: 2026, name: '2026年度述职评议' })).json().id;
  const setup = await admin.put(`/api/review-campaigns/${id}/setup`, {
    name: '2026年度述职评议',
    scale: [{ key: 'good', label: '好', score: 100 }, { key: 'poor', label: '差', score: 50 }],
    groups: [{ key: 'all', name: '全体', weight: 1 }],
    reviewers: [{ userId: env.fx.users.admin, groupKey: 'all' }],
    reporters: [{ orgId: env.fx.a.id, secretaryName: '王局长' }],
  });
  reporterId = setup.json().reporterList[0].id;
  await admin.put(`/api/review-campaigns/${id}/reporters/${reporterId}/report`, { text: '述职报告正文' });
  await admin.post(`/api/review-campaigns/${id}/open`);
  await admin.put(`/api/review-campaigns/${id}/meeting`, { meetingOn: '2026-12-05', meetingPlace: '会议室' });
  await admin.put(`/api/review-campaigns/${id}/reporters/${reporterId}/comment`, { text: '点评', problem: true });
  await admin.post(`/api/review-campaigns/${id}/start-voting`);
});

describe('述职评议 answers are filtered by their response schemas', () => {
  it('list, detail, report and ballot sheet', async () => {
    await expectFilteredGets(admin, leakyAdmin, [
      '/api/review-campaigns?year=2026',
      `/api/review-campaigns/${id}`,
      `/api/review-campaigns/${id}/reporters/${reporterId}/report`,
      `/api/review-campaigns/${id}/ballot-sheet`,
    ]);
  });

  it('writes answer filtered too', async () => {
    const ballot = await leakyAdmin.post(`/api/review-campaigns/${id}/reporters/${reporterId}/ballot`, { grade: 'good' });
    expect(ballot.statusCode, ballot.body).toBe(201);
    expect(ballot.body).not.toContain(LEAKED_KEY);
    const closed = await leakyAdmin.post(`/api/review-campaigns/${id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.body).not.toContain(LEAKED_KEY);
    expect(closed.json().reporterList[0].result).toMatchObject({ score: 100, gradeLabel: '好' });
  });
});

describe('述职评议 in the OpenAPI document', () => {
  it('GET /api/review-campaigns?year= is documented with its query and response schema', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const op = doc.paths['/api/review-campaigns'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(['year']);
    const item = op.responses['200'].content['application/json'].schema.properties.items.items;
    expect(Object.keys(item.properties)).toEqual(['id', 'year', 'name', 'status', 'meetingOn', 'meetingPlace', 'reporters', 'reviewers', 'isReviewer']);
    for (const p of ['/api/review-campaigns/{id}', '/api/review-campaigns/{id}/setup', '/api/review-campaigns/{id}/close', '/api/review-campaigns/{id}/ballot-sheet', '/api/review-campaigns/{id}/reporters/{reporterId}/ballot', '/api/review-campaigns/{id}/reporters/{reporterId}/report']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    // The ballot sheet names no other reviewer's grade: only the caller's own.
    const sheet = doc.paths['/api/review-campaigns/{id}/ballot-sheet'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(sheet.properties.reporters.items.properties)).toEqual(['reporterId', 'orgName', 'secretaryName', 'reportText', 'reportFileName', 'comment', 'grade', 'self']);
  });
});
