import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Ctx, RequestContext } from '../access/actor.ts';
import { resolveSession } from '../features/auth/auth.service.ts';
import type { AppDeps } from './deps.ts';
import { AppError, unauthenticated } from './errors.ts';

export const SESSION_COOKIE = 'xf_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionIdHash: string | null;
    csrfToken: string | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Reachable without a session, or while an initial password must still be changed.
const PUBLIC = new Set(['POST /api/auth/login', 'GET /api/auth/state', 'GET /api/health']);
// The 公示 of honours is public by nature (docs/SECURITY.md §1.3): names, organisations, honour and window only.
PUBLIC.add('GET /api/public/honours');
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['GET /api/auth/session', 'POST /api/auth/password', 'POST /api/auth/logout']);

function routeKey(request: FastifyRequest) {
  return `${request.method} ${request.routeOptions.url ?? request.url}`;
}

/**
 * Loads the session cookie into request.actor on every /api request, ends idle sessions,
 * checks the CSRF header on state-changing calls and holds accounts with an initial password
 * to the password-change page.
 */
export function registerAuth(app: FastifyInstance, deps: AppDeps) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionIdHash', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    const key = routeKey(request);
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) {
      const state = await resolveSession(deps, sessionId, deps.clock());
      if (state && 'actor' in state) {
        request.actor = state.actor;
        request.sessionIdHash = state.idHash;
        request.csrfToken = state.csrfToken;
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        if (state && 'expired' in state && !PUBLIC.has(key)) throw unauthenticated('长时间未操作，会话已超时，请重新登录');
      }
    }
    if (PUBLIC.has(key)) return;
    if (!request.actor) throw unauthenticated();
    if (UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== request.csrfToken) {
      throw new AppError('CSRF', '请求校验失败（CSRF），请刷新页面后重试', 403);
    }
    if (request.actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(key)) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '首次登录须先修改初始密码', 403);
    }
  });
}

export function requestIp(request: FastifyRequest): string {
  return request.ip;
}

/** The context a service needs: the authenticated actor, the caller's IP and the time. */
export function ctxOf(request: FastifyRequest, deps: AppDeps): RequestContext {
  if (!request.actor) throw unauthenticated();
  return { actor: request.actor, ip: requestIp(request), now: deps.clock() };
}

export function anonymousCtx(request: FastifyRequest, deps: AppDeps): Ctx {
  return { actor: null, ip: requestIp(request), now: deps.clock(), system: 'anonymous' };
}
