import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, schemeCreateInput, schemeDto, schemeParams, schemeScorersDto, schemeUpdateInput, schemeYearDto, schemeYearQuery } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './assessments.service.ts';
import { registerRoundRoutes } from './rounds.routes.ts';

const tags = ['考核方案'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);

export function registerAssessmentRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/assessments', {
    schema: { tags, summary: '年度考核方案：最新版本及其状态、版本列表（单位只看已发布版本）', querystring: schemeYearQuery, response: { 200: schemeYearDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => service.yearView(deps, ctxOf(req, deps), req.query.year),
  });
  r.post('/api/assessments', {
    schema: { tags, summary: '新建年度考核方案草稿（工委）：复制上一年度最新发布的方案，没有则为空', body: schemeCreateInput, response: { 201: schemeDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createScheme(deps, ctxOf(req, deps), req.body)),
  });
  // Before /:id, so that "scorers" is not read as an id.
  r.get('/api/assessments/scorers', {
    schema: { tags, summary: '可作为评分人员的工委机关账户（工委）', response: { 200: schemeScorersDto, ...errorResponses(401, 403) } },
    handler: (req) => service.scorers(deps, ctxOf(req, deps)),
  });
  r.get('/api/assessments/:id', {
    schema: { tags, summary: '考核方案的一个版本（草稿只有工委可见）', params: schemeParams, response: { 200: schemeDto, ...readErrors } },
    handler: (req) => service.getScheme(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/assessments/:id', {
    schema: { tags, summary: '修改考核方案草稿：指标体系、否决事项、等次、规则和「2+1-1」参数（已发布的版本不能修改，409）', params: schemeParams, body: schemeUpdateInput, response: { 200: schemeDto, ...writeErrors } },
    handler: (req) => service.updateScheme(deps, ctxOf(req, deps), req.params.id, req.body.content),
  });
  r.post('/api/assessments/:id/publish', {
    schema: { tags, summary: '发布考核方案（草稿 → 已发布；该年度原已发布版本被替代）', params: schemeParams, response: { 200: schemeDto, ...writeErrors } },
    handler: (req) => service.publishScheme(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/assessments/:id/revise', {
    schema: { tags, summary: '修订已发布的考核方案：复制为同年度的新草稿（每年度至多一个草稿）', params: schemeParams, response: { 200: schemeDto, ...writeErrors } },
    handler: (req) => service.reviseScheme(deps, ctxOf(req, deps), req.params.id),
  });
  registerRoundRoutes(app, deps);
}
