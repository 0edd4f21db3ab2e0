import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListQuery, auditPage, auditVerifyDto, errorResponses, fileResponse } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { sendXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import * as service from './audit-log.service.ts';

const tags = ['审计'];

/** Only the audit admin reads the log (audit-log.service.ts). */
export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/audit', {
    schema: { tags, summary: '审计日志检索', querystring: auditListQuery, response: { 200: auditPage, ...errorResponses(400, 401, 403) } },
    handler: (req) => service.searchAuditLog(deps, ctxOf(req, deps), req.query),
  });
  r.get('/api/audit/verify', {
    schema: { tags, summary: '校验审计日志哈希链', response: { 200: auditVerifyDto, ...errorResponses(401, 403) } },
    handler: (req) => service.verifyAuditLog(deps, ctxOf(req, deps)),
  });
  r.get('/api/audit/export', {
    schema: { tags, summary: '导出审计日志（Excel，最多10万条）', querystring: auditListQuery, response: { 200: fileResponse('审计日志（Excel）', XLSX_TYPE), ...errorResponses(400, 401, 403) } },
    handler: async (req, reply) => sendXlsx(reply, '审计日志.xlsx', await service.exportAuditLog(deps, ctxOf(req, deps), req.query)),
  });
}
