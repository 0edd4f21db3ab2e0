import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { hasPermission } from '../../access/actor.ts';
import { forbidden, validation } from '../../http/errors.ts';
import { audit } from '../audit/audit.service.ts';
import { importOrgs, orgExport, orgTemplate } from './org-excel.ts';

const tags = ['组织'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerOrgExcelRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/orgs/import/template', {
    schema: { tags, summary: '下载党组织导入模板' },
    handler: async (req, reply) => {
      ctxOf(req, deps);
      return reply.header('content-type', XLSX).header('content-disposition', attachment('党组织导入模板.xlsx')).send(await orgTemplate());
    },
  });
  r.get('/api/orgs/export', {
    schema: { tags, summary: '导出可见的党组织树（Excel）' },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, deps);
      if (!hasPermission(ctx.actor, 'org.read')) throw forbidden();
      const buffer = await orgExport(deps, ctx);
      await deps.db.transaction().execute((trx) => audit(trx, ctx, { action: 'org.export', entityType: 'org' }));
      return reply.header('content-type', XLSX).header('content-disposition', attachment('党组织.xlsx')).send(buffer);
    },
  });
  r.post('/api/orgs/import', {
    schema: { tags, summary: '导入党组织（.xlsx）：全部行无误才导入；有组织编号的行更新已有组织', consumes: ['multipart/form-data'] },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, deps);
      if (!hasPermission(ctx.actor, 'org.write')) throw forbidden();
      if (!req.isMultipart()) throw validation('请以 multipart/form-data 上传 .xlsx 文件');
      const file = await req.file();
      if (!file || !/\.xlsx$/i.test(file.filename)) throw validation('仅支持 .xlsx 格式的 Excel 文件');
      const result = await importOrgs(deps, ctx, await file.toBuffer());
      return reply.status(result.ok ? 200 : 400).send(result.ok ? result : { code: 'VALIDATION', message: `导入失败：共${result.errors.length}处错误，未导入任何数据`, ...result });
    },
  });
}
