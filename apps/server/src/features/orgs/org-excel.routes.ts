import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, fileResponse, importErrorBody, importOkDto } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { sendXlsx, uploadedXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import { importOrgs, orgExport, orgTemplate } from './org-excel.ts';

const tags = ['组织'];

export function registerOrgExcelRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/orgs/import/template', {
    schema: { tags, summary: '下载党组织导入模板', response: { 200: fileResponse('导入模板（Excel）', XLSX_TYPE), ...errorResponses(401, 403) } },
    handler: async (req, reply) => {
      ctxOf(req, deps);
      return sendXlsx(reply, '党组织导入模板.xlsx', await orgTemplate());
    },
  });
  r.get('/api/orgs/export', {
    schema: { tags, summary: '导出可见的党组织树（Excel）', response: { 200: fileResponse('党组织（Excel）', XLSX_TYPE), ...errorResponses(401, 403) } },
    handler: async (req, reply) => {
      return sendXlsx(reply, '党组织.xlsx', await orgExport(deps, ctxOf(req, deps)));
    },
  });
  r.post('/api/orgs/import', {
    schema: { tags, summary: '导入党组织（.xlsx）：全部行无误才导入；有组织编号的行更新已有组织', consumes: ['multipart/form-data'], response: { 200: importOkDto, 400: importErrorBody, ...errorResponses(401, 403, 409, 413) } },
    handler: async (req, reply) => {
      const result = await importOrgs(deps, ctxOf(req, deps), () => uploadedXlsx(req));
      return reply.status(result.ok ? 200 : 400).send(result.ok ? result : { code: 'VALIDATION', message: `导入失败：共${result.errors.length}处错误，未导入任何数据`, ...result });
    },
  });
}
