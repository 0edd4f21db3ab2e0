import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  appealAnswerInput,
  appealInput,
  appealListDto,
  appealParams,
  createdIdDto,
  deductionEventInput,
  deductionEventParams,
  departmentScoreInput,
  errorResponses,
  fileResponse,
  okDto,
  rankingDto,
  recomputeInput,
  roundOpenInput,
  roundViewDto,
  roundYearParams,
  scoringDto,
  selfAssessmentInput,
  sheetReturnInput,
  unitSheetDto,
  unitSheetParams,
  vetoesInput,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { sendXlsx, XLSX_TYPE } from '../../http/xlsx.ts';
import * as rounds from './rounds.service.ts';
import * as scoring from './round-scoring.service.ts';
import { rankingWorkbook } from './ranking-export.ts';

const tags = ['年度考核'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);

export function registerRoundRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ok = { 200: okDto, ...writeErrors };

  r.get('/api/assessments/:year/round', {
    schema: { tags, summary: '年度考核的状态和进度；调用者本单位、是否评分人员', params: roundYearParams, response: { 200: roundViewDto, ...readErrors } },
    handler: (req) => rounds.roundView(deps, ctxOf(req, deps), req.params.year),
  });
  r.post('/api/assessment-rounds', {
    schema: { tags, summary: '启动年度考核（工委）：按已发布的方案为每个单位建立考核表，计算指标截至计算日', body: roundOpenInput, response: { 200: roundViewDto, ...writeErrors } },
    handler: (req) => rounds.openRound(deps, ctxOf(req, deps), req.body),
  });
  r.post('/api/assessments/:year/round/recompute', {
    schema: { tags, summary: '重新计算系统指标（评分中）', params: roundYearParams, body: recomputeInput, response: { 200: roundViewDto, ...writeErrors } },
    handler: (req) => rounds.recomputeRound(deps, ctxOf(req, deps), req.params.year, req.body.asOf),
  });
  r.post('/api/assessments/:year/round/publish', {
    schema: { tags, summary: '公布考核结果（评分中 → 申诉期）：须全部自评已审核、部门评分已完成', params: roundYearParams, response: { 200: roundViewDto, ...writeErrors } },
    handler: (req) => rounds.publishRound(deps, ctxOf(req, deps), req.params.year),
  });
  r.post('/api/assessments/:year/round/close', {
    schema: { tags, summary: '定档（申诉期满、申诉全部答复后）：固定得分、等次和排名，排名靠后的单位转入问题清单作书面说明', params: roundYearParams, response: { 200: roundViewDto, ...writeErrors } },
    handler: (req) => rounds.closeRound(deps, ctxOf(req, deps), req.params.year),
  });
  r.get('/api/assessments/:year/ranking', {
    schema: { tags, summary: '考核排名：按系列排名，含得分、等次和说明情况（公布前只有工委可预览）', params: roundYearParams, response: { 200: rankingDto, ...readErrors } },
    handler: (req) => rounds.ranking(deps, ctxOf(req, deps), req.params.year),
  });
  r.get('/api/assessments/:year/ranking.xlsx', {
    schema: { tags, summary: '导出考核排名、各单位得分表和得分记录（Excel）', params: roundYearParams, response: { 200: fileResponse('考核排名（Excel）', XLSX_TYPE), ...readErrors } },
    handler: async (req, reply) => {
      const { buffer, filename } = await rankingWorkbook(deps, ctxOf(req, deps), req.params.year);
      return sendXlsx(reply, filename, buffer);
    },
  });
  r.get('/api/assessments/:year/units/:orgId', {
    schema: { tags, summary: '单位得分表：每项指标的得分和产生它的记录', params: unitSheetParams, response: { 200: unitSheetDto, ...readErrors } },
    handler: (req) => rounds.unitSheet(deps, ctxOf(req, deps), req.params.year, req.params.orgId),
  });
  r.get('/api/assessments/:year/appeals', {
    schema: { tags, summary: '考核申诉（工委看全部，单位看本单位）', params: roundYearParams, response: { 200: appealListDto, ...readErrors } },
    handler: (req) => rounds.appealList(deps, ctxOf(req, deps), req.params.year),
  });
  r.get('/api/assessments/:year/scoring', {
    schema: { tags, summary: '部门评分：本人负责评分的指标（工委看全部）和各单位的得分、自评、扣分事项', params: roundYearParams, response: { 200: scoringDto, ...readErrors } },
    handler: (req) => scoring.scoringView(deps, ctxOf(req, deps), req.params.year),
  });
  r.put('/api/assessments/:year/scores', {
    schema: { tags, summary: '部门评分：给一个单位的一项部门评分指标打分（附评语和依据，保留修改历史）', params: roundYearParams, body: departmentScoreInput, response: ok },
    handler: (req) => scoring.putDepartmentScore(deps, ctxOf(req, deps), req.params.year, req.body),
  });
  r.post('/api/assessments/:year/deduction-events', {
    schema: { tags, summary: '登记扣分事项（按事项扣分的指标）', params: roundYearParams, body: deductionEventInput, response: { 201: createdIdDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await scoring.addDeductionEvent(deps, ctxOf(req, deps), req.params.year, req.body)),
  });
  r.delete('/api/assessment-deductions/:id', {
    schema: { tags, summary: '删除登记的扣分事项（评分中）', params: deductionEventParams, response: ok },
    handler: (req) => scoring.deleteDeductionEvent(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/assessments/:year/units/:orgId/self', {
    schema: { tags, summary: '保存单位自评（本单位组织管理员）', params: unitSheetParams, body: selfAssessmentInput, response: ok },
    handler: (req) => scoring.saveSelfAssessment(deps, ctxOf(req, deps), req.params.year, req.params.orgId, req.body),
  });
  r.post('/api/assessments/:year/units/:orgId/submit', {
    schema: { tags, summary: '提交单位自评', params: unitSheetParams, response: ok },
    handler: (req) => scoring.submitSelfAssessment(deps, ctxOf(req, deps), req.params.year, req.params.orgId),
  });
  r.post('/api/assessments/:year/units/:orgId/accept', {
    schema: { tags, summary: '审核通过单位自评（工委）', params: unitSheetParams, response: ok },
    handler: (req) => scoring.reviewSelfAssessment(deps, ctxOf(req, deps), req.params.year, req.params.orgId, 'accept'),
  });
  r.post('/api/assessments/:year/units/:orgId/return', {
    schema: { tags, summary: '退回单位自评（工委，附理由）', params: unitSheetParams, body: sheetReturnInput, response: ok },
    handler: (req) => scoring.reviewSelfAssessment(deps, ctxOf(req, deps), req.params.year, req.params.orgId, 'return', req.body.reason),
  });
  r.put('/api/assessments/:year/units/:orgId/vetoes', {
    schema: { tags, summary: '认定单位的一票否决事项（工委，评分中）', params: unitSheetParams, body: vetoesInput, response: ok },
    handler: (req) => scoring.setVetoes(deps, ctxOf(req, deps), req.params.year, req.params.orgId, req.body),
  });
  r.post('/api/assessments/:year/units/:orgId/appeals', {
    schema: { tags, summary: '对一项指标的得分提出申诉（申诉期内，本单位组织管理员）', params: unitSheetParams, body: appealInput, response: { 201: createdIdDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await scoring.fileAppeal(deps, ctxOf(req, deps), req.params.year, req.params.orgId, req.body)),
  });
  r.post('/api/assessment-appeals/:id/answer', {
    schema: { tags, summary: '答复考核申诉（工委）：成立则调整分数并留存历史', params: appealParams, body: appealAnswerInput, response: ok },
    handler: (req) => scoring.answerAppeal(deps, ctxOf(req, deps), req.params.id, req.body),
  });
}
