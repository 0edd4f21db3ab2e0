import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { healthDto } from '@xianfeng/shared';
import type { AppDeps } from './http/deps.ts';
import { registerAuth } from './http/auth.plugin.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { MAX_UPLOAD_BYTES } from './http/xlsx.ts';
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
import { registerHistoryImportRoutes } from './features/activities/history-import.routes.ts';
import { registerComplianceRoutes } from './features/compliance/compliance.routes.ts';
import { registerInboxRoutes } from './features/reminders/inbox.routes.ts';
import { registerSetupRoutes } from './features/setup/setup.routes.ts';
import { registerListRoutes } from './features/lists/lists.routes.ts';
import { registerSupervisionSettingsRoutes } from './features/supervision-settings/supervision-settings.routes.ts';
import { registerInspectionRoutes } from './features/inspections/inspections.routes.ts';
import { registerDisciplineRoutes } from './features/discipline/index.ts';
import { registerAssessmentRoutes } from './features/assessments/assessments.routes.ts';
import { registerReviewCampaignRoutes } from './features/review-campaigns/review-campaigns.routes.ts';
import { registerHonourRoutes } from './features/honours/index.ts';
import { registerTrainingRoutes } from './features/training/index.ts';
import { registerXuexiRoutes } from './features/xuexi/index.ts';
import { registerPointRoutes } from './features/points/index.ts';
import { registerStudyRoutes } from './features/study/index.ts';
import { registerExamRoutes } from './features/exams/index.ts';
import { registerContestRoutes } from './features/contests/index.ts';


export type BuildOptions = {
  deps: AppDeps;
  webDist?: string;
  /** Every request is logged with LOG_REQUESTS=true; errors are always logged (to `logStream`, default stdout). */
  logRequests?: boolean;
  logStream?: { write(line: string): void };
};

/**
 * Which proxies may tell us the client's address in X-Forwarded-For (the address is what login
 * throttling counts and the audit log records). Never "anyone": `true` means a proxy on this host
 * (loopback); otherwise the proxies' addresses or networks, comma separated (e.g. 10.0.0.5,10.1.0.0/16).
 */
export function trustedProxies(setting: string | undefined): string | false {
  if (!setting || setting === 'false') return false;
  return setting === 'true' ? 'loopback' : setting;
}

/**
 * No API answer is kept by a browser or proxy cache: they carry personal data (rosters, ID numbers
 * shown in full, exports), and a shared office PC must not show them to the next user.
 */
function noStoreApiAnswers(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs/static')) reply.header('cache-control', 'no-store');
  });
}

/** The whole HTTP application; main.ts and the tests build it the same way. */
export async function buildApp({ deps, webDist, logRequests = false, logStream }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: logRequests ? 'info' : 'error', ...(logStream ? { stream: logStream } : {}) },
    // A short random id per request: in the log line of any error and in the answer (x-request-id).
    genReqId: () => randomBytes(6).toString('hex'),
    bodyLimit: 1024 * 1024,
    trustProxy: trustedProxies(process.env.TRUST_PROXY),
  });
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

  registerErrorHandler(app, deps);
  noStoreApiAnswers(app);
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
  registerHistoryImportRoutes(app, deps);
  registerComplianceRoutes(app, deps);
  registerInboxRoutes(app, deps);
  registerSetupRoutes(app, deps);
  registerListRoutes(app, deps);
  registerSupervisionSettingsRoutes(app, deps);
  registerInspectionRoutes(app, deps);
  registerDisciplineRoutes(app, deps);
  registerAssessmentRoutes(app, deps);
  registerReviewCampaignRoutes(app, deps);
  registerHonourRoutes(app, deps);
  registerTrainingRoutes(app, deps);
  registerXuexiRoutes(app, deps);
  registerPointRoutes(app, deps);
  registerStudyRoutes(app, deps);
  registerExamRoutes(app, deps);
  registerContestRoutes(app, deps);
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
