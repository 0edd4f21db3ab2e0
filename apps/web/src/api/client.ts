/**
 * The one way the console talks to the server: JSON over /api, the session cookie sent by the
 * browser, the CSRF token added to every state-changing call, errors turned into ApiError with
 * the server's Chinese message.
 */

export type FieldError = { field: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Validation details as field errors (the server's `details: [{field, message}]`). */
  get fieldErrors(): FieldError[] {
    return Array.isArray(this.details) ? (this.details as FieldError[]).filter((d) => d && typeof d.field === 'string') : [];
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => (csrfToken = token);

type Listener = (error: ApiError) => void;
const authListeners = new Set<Listener>();
/** The session layer listens here for 401 (logged out / idle timeout) and 403 PASSWORD_CHANGE_REQUIRED. */
export function onAuthError(listener: Listener) {
  authListeners.add(listener);
  return () => {
    authListeners.delete(listener);
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Query = Record<string, string | number | boolean | null | undefined>;

export function toQueryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; details?: unknown } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON: keep the generic message */
  }
  const fallback = res.status >= 500 ? '服务器内部错误，请稍后重试' : `请求失败（${res.status}）`;
  return new ApiError(res.status, body.code ?? 'HTTP', body.message ?? fallback, body.details ?? (body as { errors?: unknown }).errors);
}

export async function request(method: string, path: string, options: { body?: unknown; query?: Query; form?: FormData; silentAuth?: boolean } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}${toQueryString(options.query)}`, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络');
  }
  if (!res.ok) {
    const error = await errorFrom(res);
    const isAuth = error.status === 401 || error.code === 'PASSWORD_CHANGE_REQUIRED';
    if (isAuth && !options.silentAuth) authListeners.forEach((l) => l(error));
    throw error;
  }
  return res;
}

export async function api<T>(method: string, path: string, options: { body?: unknown; query?: Query; form?: FormData; silentAuth?: boolean } = {}): Promise<T> {
  const res = await request(method, path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });

/** Downloads a file answer (xlsx) under the name the server gives, or `fallbackName`. */
export async function download(path: string, query: Query | undefined, fallbackName: string) {
  const res = await request('GET', path, { query });
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return '操作失败';
}
