import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { cleanFileName } from './upload.ts';

// The small holes of the review: every 500 logged with a request id its answer carries, no API
// answer cached, malformed uploads a 400, denials audited, file names without direction overrides.

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('errors', () => {
  it('an unexpected error is logged with its stack and the request id the answer carries', async () => {
    const lines: string[] = [];
    const app = await buildApp({ deps: env.deps, logStream: { write: (l) => void lines.push(l) } });
    app.get('/api/test/boom', async () => {
      throw new Error('kaboom in a handler');
    });
    await app.ready();
    try {
      const c = await env.login('admin');
      const res = await app.inject({ method: 'GET', url: '/api/test/boom', headers: { cookie: c.cookie } });
      expect(res.statusCode).toBe(500);
      const body = res.json();
      expect(body.code).toBe('INTERNAL');
      expect(body.requestId).toMatch(/^[0-9a-f]{12}$/);
      expect(body.message).toContain(body.requestId);
      expect(res.headers['x-request-id']).toBe(body.requestId);
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.reqId === body.requestId);
      expect(logged.err.stack).toContain('kaboom in a handler');
      expect(logged.level).toBe(50);
    } finally {
      await app.close();
    }
  });

  it('a cut-off multipart upload is a 400 in Chinese, not a 500', async () => {
    const c = await env.login('admin');
    for (const url of ['/api/members/import', '/api/orgs/import']) {
      const res = await c.post(url, 'x', { 'content-type': 'multipart/form-data; boundary=b' });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message).toContain('上传');
    }
  });
});

describe('answers', () => {
  it('no API answer may be cached; every answer names its request', async () => {
    const c = await env.login('admin');
    for (const url of ['/api/members', `/api/members/${env.fx.membersA1[0]}/sensitive`, '/api/members/export', '/api/auth/session']) {
      const res = await c.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect(res.headers['x-request-id'], url).toMatch(/^[0-9a-f]{12}$/);
    }
  });
});

describe('audit of refusals', () => {
  it('a permission denial is audited under the account that tried, without the query string', async () => {
    const c = await env.login('member_a1');
    expect((await c.get('/api/users?q=%E5%BC%A0')).statusCode).toBe(403);
    const row = await env.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'access.denied').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.actor_name).toBe('member_a1');
    expect(row.after).toMatchObject({ method: 'GET', route: '/api/users', path: '/api/users', code: 'FORBIDDEN' });
    expect(JSON.stringify(row.after)).not.toContain('q=');
  });
});

describe('file names', () => {
  it('lose direction overrides and control characters', () => {
    expect(cleanFileName('报告\u202Excslx.exe')).toBe('报告xcslx.exe');
    expect(cleanFileName('a\u2066b\u2069c\u200f.pdf')).toBe('abc.pdf');
    expect(cleanFileName('\u0007\u202e')).toBe('未命名文件');
  });

  it('an uploaded attachment is stored and shown without them', async () => {
    const sec = await env.login('sec_a1');
    const created = await sec.post('/api/activities', { orgId: env.fx.a1.id, types: ['theme_day'], title: '主题党日', startsAt: '2026-11-20T01:00:00Z', endsAt: '2026-11-20T02:00:00Z' });
    expect(created.statusCode, created.body).toBe(201);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4bb0000000049454e44ae426082', 'hex');
    const up = await sec.upload(`/api/activities/${created.json().id}/attachments`, '会议\u202Egnp.exe.png', png, 'image/png');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().fileName).toBe('会议gnp.exe.png');
  });
});

describe('the client address', () => {
  it('X-Forwarded-For is believed only from the configured proxies', async () => {
    const { trustedProxies } = await import('../app.ts');
    expect(trustedProxies(undefined)).toBe(false);
    expect(trustedProxies('false')).toBe(false);
    expect(trustedProxies('true')).toBe('loopback');
    expect(trustedProxies('10.0.0.5,10.1.0.0/16')).toBe('10.0.0.5,10.1.0.0/16');
    const app = await buildApp({ deps: env.deps });
    await app.ready();
    try {
      // Not behind a trusted proxy: a forged header does not change the address that is counted.
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'Wrong@pass1' }, headers: { 'x-forwarded-for': '10.9.0.77' }, remoteAddress: '203.0.113.9' });
      expect(res.statusCode).toBe(401);
      const row = await env.deps.db.selectFrom('audit_log').select('ip').where('action', '=', 'auth.login_failed').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(row.ip).toBe('203.0.113.9');
    } finally {
      await app.close();
    }
  });
});

describe('what the review found in the small print', () => {
  it('a "not found" of a logged-in account is audited like a refusal (probing for ids shows)', async () => {
    const sec = await env.login('sec_a2');
    expect((await sec.get(`/api/members/${env.fx.membersB1[0]}/sensitive`)).statusCode).toBe(404);
    const row = await env.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'access.denied').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.actor_name).toBe('sec_a2');
    expect(row.after).toMatchObject({ code: 'NOT_FOUND', route: '/api/members/:id/sensitive' });
  });

  it('lone surrogates, direction overrides and invisible characters in text are refused, not a 500', async () => {
    const admin = await env.login('admin');
    for (const displayName of ['a\ud800b', '测试\u202e名称', '零\u200b宽', '行\u2028分隔']) {
      const res = await admin.post('/api/users', { username: `odd${displayName.length}${displayName.charCodeAt(1)}`, password: 'Strong@2026pw', displayName, grants: [] });
      expect(res.statusCode, JSON.stringify(displayName)).toBe(400);
      expect(res.json().message).toContain('非法控制字符');
    }
    const unit = await admin.post('/api/units', { name: '测试单位甲', type: 'organ', creditCode: 'x\udc00' });
    expect(unit.statusCode).toBe(400);
  });

  it('the security admin reads the tree without its people (committee, contact, phone)', async () => {
    const secadmin = await env.login('secadmin');
    const admin = await env.login('admin');
    expect((await admin.patch(`/api/orgs/${env.fx.a2.id}`, { contact: '王联系', contactPhone: '13900001111' })).statusCode).toBe(200);
    expect((await admin.post(`/api/orgs/${env.fx.a2.id}/committee`, { memberId: env.fx.membersA2[0], post: 'secretary', startedOn: '2025-01-01' })).statusCode).toBe(201);
    const detail = (await secadmin.get(`/api/orgs/${env.fx.a2.id}`)).json();
    expect(detail).toMatchObject({ contact: null, contactPhone: null, committee: [] });
    const list = (await secadmin.get('/api/orgs')).json().find((o: { id: number }) => o.id === env.fx.a2.id);
    expect(list).toMatchObject({ contact: null, contactPhone: null });
    expect((await admin.get(`/api/orgs/${env.fx.a2.id}`)).json()).toMatchObject({ contact: '王联系', contactPhone: '13900001111' });
  });
});
