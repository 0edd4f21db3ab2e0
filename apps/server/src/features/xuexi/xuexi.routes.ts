import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, xuexiImportListDto, xuexiImportQuery, xuexiImportResultDto, xuexiStatsDto, xuexiStatsQuery } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { uploadedXlsxFile } from '../../http/xlsx.ts';
import * as service from './xuexi.service.ts';

const tags = ['学习强国'];

/** 学习强国: the points file organisations receive, matched to members; participation per organisation. */
export function registerXuexiRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/xuexi/imports', {
    schema: {
      tags,
      summary: '导入学习强国积分表（Excel：姓名、积分，可含周期、所在组织、手机号或身份证后四位）；dryRun=true 只预览匹配结果',
      consumes: ['multipart/form-data'],
      querystring: xuexiImportQuery,
      response: { 200: xuexiImportResultDto, ...errorResponses(400, 401, 403, 404, 413, 429) },
    },
    handler: async (req) => service.importXuexi(deps, ctxOf(req, deps), { orgId: req.query.orgId, period: req.query.period, dryRun: req.query.dryRun === 'true' }, await uploadedXlsxFile(req)),
  });
  r.get('/api/xuexi/imports', {
    schema: { tags, summary: '学习强国导入记录（本组织及下级），含未匹配的行及原因', response: { 200: xuexiImportListDto, ...errorResponses(401, 403) } },
    handler: (req) => service.listImports(deps, ctxOf(req, deps)),
  });
  r.get('/api/xuexi/stats', {
    schema: { tags, summary: '学习强国参与率与人均积分：本组织及其下一级各组织（按月）', querystring: xuexiStatsQuery, response: { 200: xuexiStatsDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => service.stats(deps, ctxOf(req, deps), req.query),
  });
}
