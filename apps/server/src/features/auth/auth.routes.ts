import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, loginInput, okDto, passwordChangeInput, sessionDto, sessionStateDto } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { anonymousCtx, ctxOf, SESSION_COOKIE } from '../../http/auth.plugin.ts';
import { permissionsOf, type Actor } from '../../access/actor.ts';
import * as service from './auth.service.ts';
import { namedReviewer } from '../review-campaigns/index.ts';
import { scoringYearOf } from '../assessments/index.ts';

const tags = ['登录与会话'];

export async function toSessionDto(deps: AppDeps, actor: Actor, csrfToken: string) {
  return {
    user: { id: actor.userId, username: actor.username, displayName: actor.displayName, memberId: actor.memberId, mustChangePassword: actor.mustChangePassword },
    grants: actor.grants.map((g) => ({ orgId: g.orgId, orgName: g.orgName, role: g.role })),
    permissions: permissionsOf(actor),
    csrfToken,
    reviewer: await namedReviewer(deps.db, actor.userId),
    scoringYear: await scoringYearOf(deps.db, actor.userId),
  };
}

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const setCookie = (reply: FastifyReply, value: string) =>
    reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies });

  r.post('/api/auth/login', {
    schema: { tags, summary: '用户名密码登录，设置会话 Cookie，返回 CSRF 令牌', body: loginInput, response: { 200: sessionDto, ...errorResponses(400, 401, 423, 429) } },
    handler: async (req, reply) => {
      const { sessionId, csrfToken, actor } = await service.login(deps, anonymousCtx(req, deps), req.body.username, req.body.password);
      setCookie(reply, sessionId);
      return toSessionDto(deps, actor, csrfToken);
    },
  });
  r.get('/api/auth/session', {
    schema: { tags, summary: '当前会话：用户、授权、权限、CSRF 令牌', response: { 200: sessionDto, ...errorResponses(401, 403) } },
    handler: (req) => toSessionDto(deps, ctxOf(req, deps).actor, req.csrfToken!),
  });
  r.get('/api/auth/state', {
    schema: { tags, summary: '是否已登录：当前会话，未登录时为 null（总是 200，供管理端启动时使用）', response: { 200: sessionStateDto } },
    handler: async (req) => ({ session: req.actor ? await toSessionDto(deps, req.actor, req.csrfToken!) : null }),
  });
  r.post('/api/auth/logout', {
    schema: { tags, summary: '退出登录', response: { 200: okDto, ...errorResponses(401, 403) } },
    handler: async (req, reply) => {
      await service.logout(deps, ctxOf(req, deps), req.sessionIdHash!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  });
  r.post('/api/auth/password', {
    schema: { tags, summary: '修改本人密码（初始密码必须先修改）', body: passwordChangeInput, response: { 200: sessionDto, ...errorResponses(400, 401, 403, 423) } },
    handler: async (req) => {
      const ctx = ctxOf(req, deps);
      await service.changePassword(deps, ctx, req.sessionIdHash!, req.body.oldPassword, req.body.newPassword);
      return toSessionDto(deps, { ...ctx.actor, mustChangePassword: false }, req.csrfToken!);
    },
  });
}
