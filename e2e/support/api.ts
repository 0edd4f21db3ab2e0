import { E2E_PASSWORD } from './accounts.ts';

/**
 * A logged-in API session for arranging and checking data around a journey (never instead of
 * the UI step being tested). Keeps the session cookie and sends the CSRF token.
 */
export type ApiSession = {
  get<T>(path: string): Promise<T>;
  /** The raw answer, for files. */
  raw(path: string): Promise<Response>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown): Promise<T>;
  upload<T>(path: string, file: Buffer, filename: string): Promise<{ status: number; body: T }>;
};

export async function apiLogin(baseURL: string, username: string, password = E2E_PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`登录 ${username} 失败：${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const check = async (r: Response, what: string) => {
    if (!r.ok) throw new Error(`${what} → ${r.status} ${await r.text()}`);
    return r.json();
  };
  return {
    get: async (path) => check(await fetch(`${baseURL}/api${path}`, { headers: { cookie } }), `GET ${path}`),
    raw: (path) => fetch(`${baseURL}/api${path}`, { headers: { cookie } }),
    send: async (method, path, body) =>
      check(
        await fetch(`${baseURL}/api${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        `${method} ${path}`,
      ),
    upload: async (path, file, filename) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), filename);
      const r = await fetch(`${baseURL}/api${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
      return { status: r.status, body: await r.json() };
    },
  };
}
