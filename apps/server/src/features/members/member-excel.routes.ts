import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, fileResponse, importErrorBody, importJobStartedDto, importJobStateDto, importOkDto, memberListQuery, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { notFound } from '../../http/errors.ts';
import { importRoster, mayImport } from './member-import.service.ts';
import { exportRoster, rosterTemplate } from './member-excel.ts';
import { sendXlsx, uploadedXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import { findJob, startJob } from './import-jobs.ts';

const tags = ['党员'];

export function registerMemberExcelRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/members/import/template', {
    schema: { tags, summary: '下载党员名册导入模板', response: { 200: fileResponse('导入模板（Excel）', XLSX_TYPE), ...errorResponses(401, 403) } },
    handler: async (req, reply) => {
      ctxOf(req, deps);
      return sendXlsx(reply, '党员名册导入模板.xlsx', await rosterTemplate());
    },
  });

  r.post('/api/members/import', {
    schema: {
      tags,
      summary: '导入党员名册（.xlsx，至多10万行）：全部行无误才导入，按身份证号更新已有党员；async=true 时后台执行并返回任务号',
      querystring: z.object({ async: z.enum(['true', 'false']).optional() }).strict(),
      consumes: ['multipart/form-data'],
      response: { 200: importOkDto, 202: importJobStartedDto, 400: importErrorBody, ...errorResponses(401, 403, 409, 413) },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, deps);
      // The right to import is checked before the upload is read.
      const buffer = await mayImport(ctx, () => uploadedXlsx(req));
      if (req.query.async === 'true') {
        const job = startJob(ctx.actor.userId, (onProgress) => importRoster(deps, ctx, buffer, onProgress));
        return reply.status(202).send({ jobId: job.id });
      }
      const result = await importRoster(deps, ctx, buffer);
      return reply.status(result.ok ? 200 : 400).send(result.ok ? result : { code: 'VALIDATION', message: `导入失败：共${result.errors.length}处错误，未导入任何数据`, ...result });
    },
  });

  r.get('/api/members/import/:jobId', {
    schema: { tags, summary: '导入任务进度与结果', params: z.object({ jobId: z.uuid() }).strict(), response: { 200: importJobStateDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => {
      const ctx = ctxOf(req, deps);
      const job = findJob(req.params.jobId, ctx.actor.userId);
      if (!job) throw notFound('导入任务');
      return { progress: job.progress, result: job.result ?? null, error: job.error ?? null };
    },
  });

  r.get('/api/members/export', {
    schema: { tags, summary: '按当前筛选条件导出党员名册（Excel，个人信息脱敏）', querystring: memberListQuery, response: { 200: fileResponse('党员名册（Excel）', XLSX_TYPE), ...errorResponses(400, 401, 403, 404) } },
    handler: async (req, reply) => {
      return sendXlsx(reply, '党员名册.xlsx', await exportRoster(deps, ctxOf(req, deps), req.query));
    },
  });
}
