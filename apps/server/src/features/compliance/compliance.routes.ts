import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { complianceListDto, errorResponses, fileResponse, goLiveDto, goLiveInput, heatmapDto, idParam, requirementsInput, requirementsTableDto, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { sendXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import * as service from './compliance.service.ts';
import * as requirements from './requirements.service.ts';

const tags = ['组织生活考核'];
const year = z.coerce.number().int().min(2000).max(2100);
const readErrors = errorResponses(400, 401, 403, 404);

export function registerComplianceRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/compliance', {
    schema: {
      tags,
      summary: '组织 × 周期 × 要求的完成情况（met 已完成 / due 待完成 / overdue 逾期 / inactive 未启用 / na 不适用），按组织分页',
      querystring: z.object({ year, orgId: idParam.optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
      response: { 200: complianceListDto, ...readErrors },
    },
    handler: (req) => service.complianceList(deps, ctxOf(req, deps), req.query.year, req.query.orgId, req.query.page, req.query.pageSize),
  });
  r.get('/api/compliance/heatmap', {
    schema: { tags, summary: '热力图：下级组织 × 月份（按周期截止月份汇总）', querystring: z.object({ year, orgId: idParam.optional() }).strict(), response: { 200: heatmapDto, ...readErrors } },
    handler: (req) => service.heatmap(deps, ctxOf(req, deps), req.query.year, req.query.orgId),
  });
  r.get('/api/compliance/heatmap.xlsx', {
    schema: { tags, summary: '热力图导出 Excel（热力图、明细、考核要求三张表）', querystring: z.object({ year, orgId: idParam.optional() }).strict(), response: { 200: fileResponse('组织生活考核（Excel）', XLSX_TYPE), ...readErrors } },
    handler: async (req, reply) => sendXlsx(reply, `组织生活考核_${req.query.year}.xlsx`, await service.heatmapExport(deps, ctxOf(req, deps), req.query.year, req.query.orgId)),
  });
  r.get('/api/compliance/requirements', {
    schema: { tags, summary: '年度考核要求表（全国性规定 + 本地规定）与提醒天数', querystring: z.object({ year }).strict(), response: { 200: requirementsTableDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => requirements.getRequirements(deps, ctxOf(req, deps), req.query.year),
  });
  r.put('/api/compliance/requirements', {
    schema: { tags, summary: '保存年度考核要求表（工委管理员）', querystring: z.object({ year }).strict(), body: requirementsInput, response: { 200: requirementsTableDto, ...errorResponses(400, 401, 403, 409) } },
    handler: (req) => requirements.saveRequirements(deps, ctxOf(req, deps), req.query.year, req.body),
  });
  r.put('/api/compliance/go-live', {
    schema: { tags, summary: '设置全市启用日期（工委管理员）：此前结束的周期显示“未启用”，不计逾期', body: goLiveInput, response: { 200: goLiveDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => requirements.setGoLive(deps, ctxOf(req, deps), req.body.goLiveOn),
  });
}
