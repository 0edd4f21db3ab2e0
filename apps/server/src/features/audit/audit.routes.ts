import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditListQuery, auditPage, auditVerifyDto, errorResponses, fileResponse } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { hasPermission } from '../../access/actor.ts';
import { forbidden } from '../../http/errors.ts';
import { sendXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import { listAudit, verifyAuditChain } from './audit.repository.ts';
import { auditWorkbook } from './audit-export.ts';
import { audit } from './audit.service.ts';

const tags = ['审计'];

function toDto(r: Awaited<ReturnType<typeof listAudit>>['rows'][number]) {
  return { id: String(r.id), at: r.at, actorName: r.actor_name, ip: r.ip, action: r.action, entityType: r.entity_type, entityId: r.entity_id, before: r.before, after: r.after, hash: r.hash };
}

/** Only the audit admin reads the log (三员分立): not the system admin, not the committee. */
export function registerAuditRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const requireAuditor = (req: Parameters<typeof ctxOf>[0]) => {
    const ctx = ctxOf(req, deps);
    if (!hasPermission(ctx.actor, 'audit.read')) throw forbidden('仅审计管理员可查看审计日志');
    return ctx;
  };

  r.get('/api/audit', {
    schema: { tags, summary: '审计日志检索', querystring: auditListQuery, response: { 200: auditPage, ...errorResponses(400, 401, 403) } },
    handler: async (req) => {
      requireAuditor(req);
      const { rows, total } = await listAudit(deps.db, req.query);
      return { items: rows.map(toDto), total, page: req.query.page, pageSize: req.query.pageSize };
    },
  });
  r.get('/api/audit/verify', {
    schema: { tags, summary: '校验审计日志哈希链', response: { 200: auditVerifyDto, ...errorResponses(401, 403) } },
    handler: async (req) => {
      requireAuditor(req);
      return verifyAuditChain(deps.db);
    },
  });
  r.get('/api/audit/export', {
    schema: { tags, summary: '导出审计日志（Excel，最多10万条）', querystring: auditListQuery, response: { 200: fileResponse('审计日志（Excel）', XLSX_TYPE), ...errorResponses(400, 401, 403) } },
    handler: async (req, reply) => {
      const ctx = requireAuditor(req);
      const { rows } = await listAudit(deps.db, req.query, 100_000, 0);
      const buffer = await auditWorkbook(rows.map(toDto));
      await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'audit.export', entityType: 'audit_log', after: { filter: req.query, rows: rows.length } }));
      return sendXlsx(reply, '审计日志.xlsx', buffer);
    },
  });
}
