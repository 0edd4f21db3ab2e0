import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cardInput,
  cardKindsDto,
  cardKindsInput,
  cardDto,
  cardListDto,
  cardListQuery,
  cardWithdrawInput,
  checklistRecordInput,
  checklistTemplateInput,
  checklistTemplatesDto,
  coverageDto,
  coverageQuery,
  createdIdDto,
  errorResponses,
  fileResponse,
  idParam,
  inspectionChecklistDto,
  inspectionDetailDto,
  inspectionInput,
  inspectionListDto,
  inspectionListQuery,
  inspectionParams,
  inspectionTargetParams,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { sendXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import * as service from './inspections.service.ts';
import * as coverage from './coverage.service.ts';
import * as cards from './cards.service.ts';

const tags = ['督查'];
const cardTags = ['亮牌'];
const readErrors = errorResponses(400, 401, 403, 404);
/** A change may also lose a race or meet a state that no longer allows it (409). */
const writeErrors = errorResponses(400, 401, 403, 404, 409);

export function registerInspectionRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/inspections', {
    schema: { tags, summary: '督查列表（工委看全部；组织管理员看督查本组织及下级的督查）', querystring: inspectionListQuery, response: { 200: inspectionListDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => service.listInspections(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/inspections', {
    schema: { tags, summary: '安排督查（工委）：类别、季度、时间、督查组、检查清单模板、督查对象', body: inspectionInput, response: { 201: inspectionDetailDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createInspection(deps, ctxOf(req, deps), req.body)),
  });
  // Before /:id, so that "coverage" is not read as an id.
  r.get('/api/inspections/coverage', {
    schema: { tags, summary: '督查全覆盖：年度内每个单位是否已督查（uncovered=true 只看未覆盖）', querystring: coverageQuery, response: { 200: coverageDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => coverage.coverage(deps, ctxOf(req, deps), req.query.year, req.query.uncovered === 'true'),
  });
  r.get('/api/inspections/coverage.xlsx', {
    schema: {
      tags,
      summary: '督查全覆盖导出 Excel（列出全部单位，含未覆盖）',
      querystring: z.object({ year: coverageQuery.shape.year }).strict(),
      response: { 200: fileResponse('督查覆盖情况（Excel）', XLSX_TYPE), ...errorResponses(400, 401, 403) },
    },
    handler: async (req, reply) => sendXlsx(reply, `督查覆盖情况_${req.query.year}.xlsx`, await coverage.coverageWorkbook(deps, ctxOf(req, deps), req.query.year)),
  });
  r.get('/api/inspections/:id', {
    schema: { tags, summary: '督查详情：督查组、检查清单、督查对象（组织管理员只看本组织及下级）', params: inspectionParams, response: { 200: inspectionDetailDto, ...readErrors } },
    handler: (req) => service.getInspection(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/inspections/:id', {
    schema: { tags, summary: '修改督查计划（计划中）', params: inspectionParams, body: inspectionInput, response: { 200: inspectionDetailDto, ...writeErrors } },
    handler: (req) => service.updateInspection(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const event of ['start', 'finish', 'cancel'] as const) {
    const summary = { start: '开始督查（计划中 → 进行中）', finish: '完成督查（进行中 → 已完成；须已登记全部督查对象）', cancel: '取消督查（计划中）' }[event];
    r.post(`/api/inspections/:id/${event}`, {
      schema: { tags, summary, params: inspectionParams, response: { 200: inspectionDetailDto, ...writeErrors } },
      handler: (req) => service.transitionInspection(deps, ctxOf(req, deps), req.params.id, event),
    });
  }
  r.get('/api/inspections/:id/targets/:orgId', {
    schema: { tags, summary: '督查对象的检查清单：系统数据（待检查时现算，已检查时为登记时的快照）与各检查项结果', params: inspectionTargetParams, response: { 200: inspectionChecklistDto, ...readErrors } },
    handler: (req) => service.getChecklist(deps, ctxOf(req, deps), req.params.id, req.params.orgId),
  });
  r.put('/api/inspections/:id/targets/:orgId', {
    schema: { tags, summary: '登记检查结果（督查进行中可修改）：各项 符合/存在问题/不适用、检查日期、小结；同时保存系统数据快照', params: inspectionTargetParams, body: checklistRecordInput, response: { 200: inspectionChecklistDto, ...writeErrors } },
    handler: (req) => service.recordChecklist(deps, ctxOf(req, deps), req.params.id, req.params.orgId, req.body),
  });

  r.get('/api/checklist-templates', {
    schema: { tags, summary: '检查清单模板与可引用的系统数据项', response: { 200: checklistTemplatesDto, ...errorResponses(401, 403) } },
    handler: (req) => service.listTemplates(deps, ctxOf(req, deps)),
  });
  r.post('/api/checklist-templates', {
    schema: { tags, summary: '新建检查清单模板（工委）', body: checklistTemplateInput, response: { 201: createdIdDto, ...errorResponses(400, 401, 403, 409) } },
    handler: async (req, reply) => reply.status(201).send(await service.createTemplate(deps, ctxOf(req, deps), req.body)),
  });

  r.get('/api/cards', {
    schema: { tags: cardTags, summary: '亮牌记录（本组织及下级；按年度、组织、状态筛选）', querystring: cardListQuery, response: { 200: cardListDto, ...readErrors } },
    handler: (req) => cards.listCards(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/cards', {
    schema: { tags: cardTags, summary: '亮牌（工委）：对组织或党员，写明事由，可关联督查；通知该组织的管理员', body: cardInput, response: { 201: cardDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await cards.issueCard(deps, ctxOf(req, deps), req.body)),
  });
  r.post('/api/cards/:id/withdraw', {
    schema: { tags: cardTags, summary: '撤销亮牌（工委，须写明理由）', params: z.object({ id: idParam }).strict(), body: cardWithdrawInput, response: { 200: cardDto, ...writeErrors } },
    handler: (req) => cards.withdrawCard(deps, ctxOf(req, deps), req.params.id, req.body.reason),
  });
  r.get('/api/card-kinds', {
    schema: { tags: cardTags, summary: '牌种目录（默认 黄牌/橙牌/红牌）', response: { 200: cardKindsDto, ...errorResponses(401, 403) } },
    handler: (req) => cards.getCardKinds(deps, ctxOf(req, deps)),
  });
  r.put('/api/card-kinds', {
    schema: { tags: cardTags, summary: '保存牌种目录（工委）：已有亮牌记录的牌种只能停用', body: cardKindsInput, response: { 200: cardKindsDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => cards.saveCardKinds(deps, ctxOf(req, deps), req.body),
  });
}
