import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, fileResponse, historyApproveDto, historyApproveInput, historyBatchListDto, historyImportFailedDto, historyImportOkDto, idParam, importErrorBody, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { requirePermission } from '../../access/actor.ts';
import { sendXlsx, uploadedXlsxFile, XLSX_TYPE } from '../../http/xlsx.ts';
import { historyTemplate, importHistory } from './history-import.ts';
import { approveHistoryImport, listHistoryImports } from './history-review.ts';

const tags = ['组织生活'];
const params = z.object({ id: idParam }).strict();

/** 补录: the template, the import, the list of imported files and the one-step approval of a file. */
export function registerHistoryImportRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/activities/history/template', {
    schema: { tags, summary: '下载历史活动补录模板', response: { 200: fileResponse('补录模板（Excel）', XLSX_TYPE), ...errorResponses(401, 403) } },
    handler: async (req, reply) => {
      requirePermission(ctxOf(req, deps).actor, 'activity.write');
      return sendXlsx(reply, '历史活动补录模板.xlsx', await historyTemplate());
    },
  });
  r.post('/api/activities/history/import', {
    schema: {
      tags,
      summary: '补录历史活动（.xlsx）：全部行无误才导入；系统中已有的活动跳过；导入的记录提交上级审核',
      consumes: ['multipart/form-data'],
      response: { 200: historyImportOkDto, 400: importErrorBody.or(historyImportFailedDto), ...errorResponses(401, 403, 409, 413, 429) },
    },
    handler: async (req, reply) => {
      const result = await importHistory(deps, ctxOf(req, deps), () => uploadedXlsxFile(req));
      return result.ok ? result : reply.status(400).send({ code: 'VALIDATION', message: `导入失败：共${result.errors.length}处错误，未导入任何数据`, ...result });
    },
  });
  r.get('/api/activities/history/imports', {
    schema: { tags, summary: '补录批次（可见范围内）', response: { 200: historyBatchListDto, ...errorResponses(401, 403) } },
    handler: async (req) => listHistoryImports(deps, ctxOf(req, deps)),
  });
  r.post('/api/activities/history/imports/:id/approve', {
    schema: { tags, summary: '一次审核通过一批补录记录', params, body: historyApproveInput, response: { 200: historyApproveDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: async (req) => approveHistoryImport(deps, ctxOf(req, deps), req.params.id, req.body.comment || null),
  });
}
