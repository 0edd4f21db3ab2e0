import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthDto } from '@xianfeng/shared';
import type { AppDeps } from './http/deps.ts';
import { registerAuth } from './http/auth.plugin.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerAuthRoutes } from './features/auth/auth.routes.ts';
import { registerOrgRoutes } from './features/orgs/orgs.routes.ts';
import { registerOrgExcelRoutes } from './features/orgs/org-excel.routes.ts';
import { registerMemberRoutes } from './features/members/members.routes.ts';
import { registerMemberExcelRoutes } from './features/members/member-excel.routes.ts';
import { registerUserRoutes } from './features/users/users.routes.ts';
import { registerAuditRoutes } from './features/audit/audit.routes.ts';
import { registerActivityRoutes } from './features/activities/activities.routes.ts';
import { registerAttachmentRoutes } from './features/activities/attachments.routes.ts';
import { registerLedgerRoutes } from './features/activities/ledger.routes.ts';
import { registerComplianceRoutes } from './features/compliance/compliance.routes.ts';
import { registerInboxRoutes } from './features/reminders/inbox.routes.ts';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export type BuildOptions = { deps: AppDeps; webDist?: string; logger?: boolean };

/** The whole HTTP application; main.ts and the tests build it the same way. */
export async function buildApp({ deps, webDist, logger = false }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger, bodyLimit: 1024 * 1024, trustProxy: process.env.TRUST_PROXY === 'true' });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: '先锋 机关党建平台 API', version: '0.1.0', description: '状态变更请求须带 X-CSRF-Token 头（登录响应与 GET /api/auth/session 返回）。错误响应为 { code, message }。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'xf_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerErrorHandler(app);
  registerAuth(app, deps);
  registerAuthRoutes(app, deps);
  registerOrgRoutes(app, deps);
  registerOrgExcelRoutes(app, deps);
  registerMemberRoutes(app, deps);
  registerMemberExcelRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerActivityRoutes(app, deps);
  registerAttachmentRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerComplianceRoutes(app, deps);
  registerInboxRoutes(app, deps);
  app.withTypeProvider<ZodTypeProvider>().get('/api/health', {
    schema: { tags: ['系统'], summary: '健康检查（无需登录）：服务可用及所用数据库', response: { 200: healthDto } },
    handler: async () => ({ ok: true as const, db: deps.dbKind }),
  });

  const serveConsole = !!webDist && existsSync(webDist);
  if (serveConsole) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  // The console is a single-page app: unknown non-API paths serve its index.html.
  app.setNotFoundHandler((request, reply) => {
    if (serveConsole && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在' });
  });
  return app;
}
