import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('the API surface', () => {
  it('publishes an OpenAPI document with the paths outside checks rely on', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths);
    for (const p of ['/api/auth/login', '/api/auth/session', '/api/orgs', '/api/members', '/api/members/{id}', '/api/members/import', '/api/users', '/api/audit']) {
      expect(paths, p).toContain(p);
    }
    expect(doc.paths['/api/members'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['orgId', 'page', 'pageSize']));
    // Organisational life (issue 3): activities and compliance.
    expect(doc.paths['/api/activities'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('types');
    expect(doc.paths['/api/activities'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['orgId', 'from', 'to', 'type']));
    expect(doc.paths['/api/compliance'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['year', 'orgId']));
    // 督查 and cards (issue 10).
    for (const p of ['/api/inspections', '/api/inspections/{id}', '/api/inspections/{id}/start', '/api/inspections/{id}/targets/{orgId}', '/api/inspections/coverage', '/api/inspections/coverage.xlsx', '/api/checklist-templates', '/api/cards', '/api/cards/{id}/withdraw', '/api/card-kinds']) {
      expect(paths, p).toContain(p);
    }
    expect(doc.paths['/api/inspections/{id}/targets/{orgId}'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('facts');
    expect(doc.paths['/api/users'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('grants');
  });

  it('documents a response schema for every operation: its success answer and its errors', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>).flatMap(
      ([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, responses: op.responses })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(60);
    const PUBLIC = ['POST /api/auth/login', 'GET /api/auth/state', 'GET /api/health'];
    PUBLIC.push('GET /api/public/honours'); // 创先争优公示 (docs/SECURITY.md §1.3)
    for (const { name, responses } of operations) {
      const success = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
      expect(success.length, name).toBeGreaterThan(0);
      for (const status of success) {
        const content = Object.values(responses[status].content ?? {});
        expect(content.length, `${name} ${status}`).toBeGreaterThan(0);
        for (const c of content) expect(c.schema, `${name} ${status}`).toBeTruthy();
      }
      if (!PUBLIC.includes(name)) expect(responses['401']?.content?.['application/json']?.schema, `${name} 401`).toMatchObject({ required: ['code', 'message'] });
    }
    // JSON answers name their fields; timestamps are strings; files are binary.
    const userSchema = doc.paths['/api/users/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(userSchema.properties)).not.toContain('passwordHash');
    expect(userSchema.properties.lastLoginAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(doc.paths['/api/members'].get.responses['200'].content['application/json'].schema.properties.items.items.properties).toHaveProperty('idNumber');
    expect(doc.paths['/api/members/export'].get.responses['200'].content).toEqual({
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
    });
    expect(doc.paths['/api/members/import'].post.responses).toHaveProperty('202');
  });

  it('answers unknown API paths with a Chinese 404 (401 before login, revealing nothing)', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/api/nothing-here' })).statusCode).toBe(401);
    const res = await (await env.login('sec_a1')).get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '接口不存在' });
  });

  it('serves the tree to the committee admin', async () => {
    const admin = await env.login('admin');
    const res = await admin.get('/api/orgs');
    expect(res.statusCode).toBe(200);
    expect(res.json().map((o: { name: string }) => o.name)).toContain('B局综合处党支部');
  });
});
