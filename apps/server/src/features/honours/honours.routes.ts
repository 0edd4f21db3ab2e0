import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  campaignDetailDto,
  campaignInput,
  campaignListDto,
  campaignListQuery,
  errorResponses,
  honourListDto,
  honourListQuery,
  idParam,
  nominationDto,
  nominationInput,
  nominationReviewInput,
  objectionAnswerInput,
  objectionInput,
  publicHonourDto,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './honours.service.ts';
import * as nominations from './honour-nominations.service.ts';
import * as record from './honour-record.service.ts';

const tags = ['创先争优'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
const params = z.object({ id: idParam }).strict();
const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict();

/** 创先争优 (the "+1"): campaigns, nominations, review, 公示 with objections, naming, and the honours on the record. */
export function registerHonourRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/honours', {
    schema: { tags, summary: '已命名的荣誉（按年度；可按组织或党员筛选；本组织及下级）——考核“+1”读取此接口', querystring: honourListQuery, response: { 200: honourListDto, ...readErrors } },
    handler: (req) => record.listHonours(deps, ctxOf(req, deps), req.query),
  });
  r.get('/api/honours/orgs/:id', {
    schema: { tags, summary: '一个组织（含其下级组织与党员）获得的荣誉', params, querystring: yearQuery, response: { 200: honourListDto, ...readErrors } },
    handler: (req) => record.listHonours(deps, ctxOf(req, deps), { year: req.query.year, orgId: req.params.id }),
  });
  r.get('/api/honours/members/:id', {
    schema: { tags, summary: '一名党员获得的荣誉', params, querystring: yearQuery, response: { 200: honourListDto, ...readErrors } },
    handler: (req) => record.listHonours(deps, ctxOf(req, deps), { year: req.query.year, memberId: req.params.id }),
  });
  r.get('/api/public/honours', {
    schema: { tags, summary: '公示名单（无需登录）：公示中的评选、对象姓名与所在组织、公示期和异议受理方式', security: [], response: { 200: publicHonourDto } },
    handler: () => record.publicHonours(deps, deps.clock()),
  });
  r.get('/api/honour-campaigns', {
    schema: { tags, summary: '评选活动（草稿仅工委可见）', querystring: campaignListQuery, response: { 200: campaignListDto, ...readErrors } },
    handler: (req) => service.listCampaigns(deps, ctxOf(req, deps), req.query.year),
  });
  r.post('/api/honour-campaigns', {
    schema: { tags, summary: '新建评选活动（工委）', body: campaignInput, response: { 201: campaignDetailDto, ...writeErrors } },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const id = await service.createCampaign(deps, ctx, req.body);
      return reply.status(201).send(await service.getCampaign(deps, ctx, id));
    },
  });
  r.get('/api/honour-campaigns/:id', {
    schema: { tags, summary: '一个评选活动：推荐及其资格审查结果（本组织及下级）、异议（工委）、剩余名额', params, response: { 200: campaignDetailDto, ...readErrors } },
    handler: (req) => service.getCampaign(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/honour-campaigns/:id', {
    schema: { tags, summary: '修改评选活动（草稿）', params, body: campaignInput, response: { 200: campaignDetailDto, ...writeErrors } },
    handler: (req) => service.updateCampaign(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const [event, summary] of [
    ['open', '开始推荐'],
    ['close', '截止推荐，进入审核'],
    ['publicize', '开始公示（公示期按工作日历计算）'],
    ['name', '命名（公示期满且异议均已答复）'],
    ['cancel', '取消评选'],
  ] as const) {
    r.post(`/api/honour-campaigns/:id/${event}`, {
      schema: { tags, summary, params, response: { 200: campaignDetailDto, ...writeErrors } },
      handler: (req) => service.transitionCampaign(deps, ctxOf(req, deps), req.params.id, event),
    });
  }
  r.post('/api/honour-campaigns/:id/nominations', {
    schema: { tags, summary: '推荐（本组织及下级；名额内；资格按台账自动审查）', params, body: nominationInput, response: { 201: nominationDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await nominations.nominate(deps, ctxOf(req, deps), req.params.id, req.body)),
  });
  r.post('/api/honour-nominations/:id/withdraw', {
    schema: { tags, summary: '撤回推荐（推荐截止前）', params, response: { 200: nominationDto, ...writeErrors } },
    handler: (req) => nominations.withdrawNomination(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/honour-nominations/:id/review', {
    schema: { tags, summary: '审核推荐：通过或不予通过（须写理由）', params, body: nominationReviewInput, response: { 200: nominationDto, ...writeErrors } },
    handler: (req) => nominations.reviewNomination(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/honour-campaigns/:id/objections', {
    schema: { tags, summary: '登记公示异议（来信、来电、来访）', params, body: objectionInput, response: { 201: campaignDetailDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await nominations.addObjection(deps, ctxOf(req, deps), req.params.id, req.body)),
  });
  r.post('/api/honour-objections/:id/answer', {
    schema: { tags, summary: '答复公示异议（异议成立则撤销该推荐）', params, body: objectionAnswerInput, response: { 200: campaignDetailDto, ...writeErrors } },
    handler: (req) => nominations.answerObjection(deps, ctxOf(req, deps), req.params.id, req.body),
  });
}
