import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  fileResponse,
  idParam,
  okDto,
  pointExemptionDto,
  pointExemptionInput,
  pointExemptionListDto,
  pointAppealAnswerInput,
  pointAppealDto,
  pointAppealInput,
  pointAppealListDto,
  pointEntryDto,
  pointEntryInput,
  pointEntryListDto,
  pointEntryListQuery,
  pointEntryReviewInput,
  pointLedgerDto,
  pointRuleSetDto,
  pointRuleSetInput,
  pointRuleSetListDto,
  pointRuleSetListQuery,
  pointsQuery,
  z,
  pointRankingDto,
  pointRankingQuery,
  pointRankingRefreshQuery,
  pointRefreshDto,
  pointReviewSheetDto,
  pointReviewSheetQuery,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './points.service.ts';
import * as entries from './point-entries.service.ts';
import * as appeals from './point-appeals.service.ts';
import * as rankings from './point-rankings.service.ts';
import * as entryFiles from './point-entry-files.service.ts';
import { receiveDocument, sendStoredFile, UPLOAD_CONTENT_TYPES } from '../../http/upload.ts';

const tags = ['党员积分'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
const params = z.object({ id: idParam }).strict();

/** 党员积分制 (issue 12 item 7): rule set versions, exemptions, and a member's ledger with each line's source. */
export function registerPointRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/points', {
    schema: { tags, summary: '党员年度积分明细（每一条注明来源；本人或本组织及下级）', querystring: pointsQuery, response: { 200: pointLedgerDto, ...readErrors } },
    handler: (req) => service.memberLedger(deps, ctxOf(req, deps), req.query.memberId, req.query.year),
  });
  r.get('/api/point-rankings', {
    schema: { tags, summary: '积分排名：本组织及下级组织正常党员按年度积分排名（分页、按姓名筛选），及各下级组织平均分（按最近一次统计）', querystring: pointRankingQuery, response: { 200: pointRankingDto, ...readErrors } },
    handler: (req) => rankings.rankings(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/point-rankings/refresh', {
    schema: { tags, summary: '重新统计：按记录重新计算本组织及下级组织党员的年度积分', querystring: pointRankingRefreshQuery, response: { 200: pointRefreshDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => rankings.refreshRankings(deps, ctxOf(req, deps), req.query),
  });
  r.get('/api/point-review-sheet', {
    schema: { tags, summary: '民主评议参考表：党支部党员的年度积分（按记录实时计算，供民主评议党员时打印）', querystring: pointReviewSheetQuery, response: { 200: pointReviewSheetDto, ...readErrors } },
    handler: (req) => rankings.reviewSheet(deps, ctxOf(req, deps), req.query),
  });
  const fileParams = z.object({ id: idParam, fileId: idParam }).strict();
  r.post('/api/point-entries/:id/files', {
    schema: { tags, summary: '上传积分登记的佐证材料（字段 file；jpg/jpeg/png/pdf/docx/xlsx，单个不超过20MB，每项至多10个；登记的党组织，待审核时）', params, consumes: ['multipart/form-data'], response: { 201: pointEntryDto, ...errorResponses(400, 401, 403, 404, 409, 413) } },
    handler: async (req, reply) => reply.status(201).send(await entryFiles.addEntryFile(deps, ctxOf(req, deps), req.params.id, () => receiveDocument(req))),
  });
  r.get('/api/point-entries/:id/files/:fileId', {
    schema: { tags, summary: '下载积分登记的佐证材料（可查看该登记者，含上级审核人）', params: fileParams, response: { 200: fileResponse('佐证材料内容（jpg/png 在浏览器内显示）', ...UPLOAD_CONTENT_TYPES), ...readErrors } },
    handler: async (req, reply) => sendStoredFile(reply, await entryFiles.getEntryFile(deps, ctxOf(req, deps), req.params.id, req.params.fileId)),
  });
  r.delete('/api/point-entries/:id/files/:fileId', {
    schema: { tags, summary: '删除积分登记的佐证材料（登记的党组织，待审核时）', params: fileParams, response: { 200: pointEntryDto, ...writeErrors } },
    handler: (req) => entryFiles.deleteEntryFile(deps, ctxOf(req, deps), req.params.id, req.params.fileId),
  });
  r.get('/api/point-rule-sets', {
    schema: { tags, summary: '年度积分规则的各版本（草稿仅工委可见）', querystring: pointRuleSetListQuery, response: { 200: pointRuleSetListDto, ...readErrors } },
    handler: (req) => service.listRuleSets(deps, ctxOf(req, deps), req.query.year),
  });
  r.post('/api/point-rule-sets', {
    schema: { tags, summary: '新建积分规则版本（草稿，工委）', body: pointRuleSetInput, response: { 201: pointRuleSetDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createRuleSet(deps, ctxOf(req, deps), req.body)),
  });
  r.get('/api/point-rule-sets/:id', {
    schema: { tags, summary: '一个积分规则版本', params, response: { 200: pointRuleSetDto, ...readErrors } },
    handler: (req) => service.getRuleSet(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/point-rule-sets/:id', {
    schema: { tags, summary: '修改积分规则草稿', params, body: pointRuleSetInput, response: { 200: pointRuleSetDto, ...writeErrors } },
    handler: (req) => service.updateRuleSet(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/point-rule-sets/:id/publish', {
    schema: { tags, summary: '发布积分规则版本（自生效日期起计分；发布后不可修改）', params, response: { 200: pointRuleSetDto, ...writeErrors } },
    handler: (req) => service.publishRuleSet(deps, ctxOf(req, deps), req.params.id),
  });
  r.delete('/api/point-rule-sets/:id', {
    schema: { tags, summary: '删除积分规则草稿', params, response: { 200: okDto, ...writeErrors } },
    handler: (req) => service.deleteRuleSet(deps, ctxOf(req, deps), req.params.id),
  });
  r.get('/api/point-exemptions', {
    schema: { tags, summary: '年度免于积分的特殊党员（本组织及下级）', querystring: pointRuleSetListQuery, response: { 200: pointExemptionListDto, ...readErrors } },
    handler: (req) => service.listExemptions(deps, ctxOf(req, deps), req.query.year),
  });
  r.post('/api/point-exemptions', {
    schema: { tags, summary: '登记免于积分（特殊党员，经支部决定，须写理由）', body: pointExemptionInput, response: { 201: pointExemptionDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createExemption(deps, ctxOf(req, deps), req.body)),
  });
  r.delete('/api/point-exemptions/:id', {
    schema: { tags, summary: '撤销免于积分', params, response: { 200: okDto, ...writeErrors } },
    handler: (req) => service.deleteExemption(deps, ctxOf(req, deps), req.params.id),
  });
  r.get('/api/point-entries', {
    schema: { tags, summary: '支部加分、扣分登记（本组织及下级；分页）', querystring: pointEntryListQuery, response: { 200: pointEntryListDto, ...readErrors } },
    handler: (req) => entries.listEntries(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/point-entries', {
    schema: { tags, summary: '登记加分或扣分（支部；须写事由和佐证，报上级审核）', body: pointEntryInput, response: { 201: pointEntryDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await entries.createEntry(deps, ctxOf(req, deps), req.body)),
  });
  r.post('/api/point-entries/:id/review', {
    schema: { tags, summary: '审核加减分登记：通过或退回（上级党组织；登记人不能审核）', params, body: pointEntryReviewInput, response: { 200: pointEntryDto, ...writeErrors } },
    handler: (req) => entries.reviewEntry(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.get('/api/point-appeals', {
    schema: { tags, summary: '积分申诉（党员本人的，或本组织及下级的）', querystring: pointRuleSetListQuery, response: { 200: pointAppealListDto, ...readErrors } },
    handler: (req) => appeals.listAppeals(deps, ctxOf(req, deps), req.query.year),
  });
  r.post('/api/point-appeals', {
    schema: { tags, summary: '对本人积分明细中的一条提出申诉（每条同时只有一个待答复的申诉）', body: pointAppealInput, response: { 201: pointAppealDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await appeals.createAppeal(deps, ctxOf(req, deps), req.body)),
  });
  r.post('/api/point-appeals/:id/answer', {
    schema: { tags, summary: '答复积分申诉（所在党组织）：成立则登记更正分值报上级审核，不成立须写理由', params, body: pointAppealAnswerInput, response: { 200: pointAppealDto, ...writeErrors } },
    handler: (req) => appeals.answerAppeal(deps, ctxOf(req, deps), req.params.id, req.body),
  });
}
