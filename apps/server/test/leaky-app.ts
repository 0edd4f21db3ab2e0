import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createTestEnv, PASSWORD, type TestClient, type TestEnv } from './harness.ts';

/** The key every object of an answer gets in a leaky app, as if a query had selected one column too many. */
export const LEAKED_KEY = 'internal_leak';

function addLeak(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) addLeak(v, seen);
    return;
  }
  for (const v of Object.values(value)) addLeak(v, seen);
  (value as Record<string, unknown>)[LEAKED_KEY] = 'leaked';
}

export type LeakyClient = {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>;
};

export type LeakyApp = {
  app: FastifyInstance;
  /** Logs in on the leaky app; `login` is the login answer itself. */
  login(username: string): Promise<LeakyClient & { login: LightMyRequestResponse }>;
  close(): Promise<void>;
};

/**
 * A second app on the env's database whose handlers' answers carry an extra key in every object
 * (a preSerialization hook adds it after the handler, before the serializer): what a query that
 * selects one column too many, or a DTO that spreads a row, would send. What the client receives
 * shows whether the route's response schema filters.
 */
export async function leakyApp(env: TestEnv): Promise<LeakyApp> {
  const app = await buildApp({ deps: env.deps });
  app.addHook('preSerialization', async (_request, reply, payload) => {
    if (reply.statusCode < 300) addLeak(payload);
    return payload;
  });
  await app.ready();
  return {
    app,
    async login(username) {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`login ${username} failed: ${login.statusCode} ${login.body}`);
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const csrfToken: string = login.json().csrfToken;
      const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) =>
        app.inject({ method, url, headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }) }, ...(body !== undefined ? { payload: body as never } : {}) });
      return {
        login,
        get: (url) => send('GET', url),
        post: (url, body = {}) => send('POST', url, body),
        put: (url, body) => send('PUT', url, body),
        patch: (url, body) => send('PATCH', url, body),
      };
    },
    close: () => app.close(),
  };
}

/**
 * GETs each URL from the leaky app and from the ordinary one: the leaky answer carries no key
 * outside the schema and is otherwise the same JSON.
 */
export async function expectFilteredGets(plain: TestClient, leaky: LeakyClient, urls: string[]) {
  for (const url of urls) {
    const [a, b] = await Promise.all([plain.get(url), leaky.get(url)]);
    expect(b.statusCode, `${url}: ${b.body}`).toBe(200);
    expect(b.body, url).not.toContain(LEAKED_KEY);
    expect(b.json(), url).toEqual(a.json());
  }
}

/**
 * A test file's env and its leaky twin, opened before the file's tests and closed after:
 * `const t = useLeakyEnv()`, then `[admin, leakyAdmin] = await t.pair('admin')` in a beforeAll.
 */
export function useLeakyEnv() {
  const t = {
    env: undefined as unknown as TestEnv,
    leaky: undefined as unknown as LeakyApp,
    /** The same account logged in on the real app and on the leaky one. */
    pair: async (username: string) => Promise.all([t.env.login(username), t.leaky.login(username)] as const),
  };
  beforeAll(async () => {
    t.env = await createTestEnv();
    t.leaky = await leakyApp(t.env);
  });
  afterAll(async () => {
    await t.leaky?.close();
    await t.env?.close();
  });
  return t;
}
