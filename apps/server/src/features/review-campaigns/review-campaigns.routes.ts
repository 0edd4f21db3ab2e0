import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  errorResponses,
  fileResponse,
  reviewBallotDto,
  reviewBallotInput,
  reviewBallotSheetDto,
  reviewCampaignCreateInput,
  reviewCampaignDetailDto,
  reviewCampaignListDto,
  reviewCommentInput,
  reviewCommentParams,
  reviewCommentSavedDto,
  reviewListQuery,
  reviewMeetingInput,
  reviewParams,
  reviewReportDto,
  reviewReportInput,
  reviewReporterParams,
  reviewSetupInput,
  reviewToListDto,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { receiveDocument, sendStoredFile, UPLOAD_CONTENT_TYPES } from '../../http/upload.ts';
import * as service from './review-campaigns.service.ts';
import * as reports from './review-reports.service.ts';
import * as ballots from './review-ballots.service.ts';

const tags = ['述职评议'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);

export function registerReviewCampaignRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/review-campaigns', {
    schema: { tags, summary: '述职评议列表（按年度；工委看全部，组织管理员看本组织参加的，评议人看自己参与评议的）', querystring: reviewListQuery, response: { 200: reviewCampaignListDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => service.listCampaigns(deps, ctxOf(req, deps), req.query.year),
  });
  r.post('/api/review-campaigns', {
    schema: { tags, summary: '新建年度述职评议（工委；默认等次 好/较好/一般/差 与三个评议组）', body: reviewCampaignCreateInput, response: { 201: reviewCampaignDetailDto, ...errorResponses(400, 401, 403, 409) } },
    handler: async (req, reply) => reply.status(201).send(await service.createCampaign(deps, ctxOf(req, deps), req.body)),
  });
  r.get('/api/review-campaigns/:id', {
    schema: { tags, summary: '述职评议详情：设置、述职人、参与情况（工委）、结束后的结果', params: reviewParams, response: { 200: reviewCampaignDetailDto, ...readErrors } },
    handler: (req) => service.getCampaign(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/review-campaigns/:id/setup', {
    schema: { tags, summary: '保存评议设置（工委，筹备中）：等次与分值、评议组与权重（和为1）、评议人、述职党组织', params: reviewParams, body: reviewSetupInput, response: { 200: reviewCampaignDetailDto, ...writeErrors } },
    handler: (req) => service.saveSetup(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.put('/api/review-campaigns/:id/meeting', {
    schema: { tags, summary: '述职会议日期与地点（工委，筹备中或述职中）', params: reviewParams, body: reviewMeetingInput, response: { 200: reviewCampaignDetailDto, ...writeErrors } },
    handler: (req) => service.saveMeeting(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const [path, event, summary] of [
    ['open', 'open', '启动述职（筹备中 → 述职中；须有述职人、评议人，权重之和为1）'],
    ['start-voting', 'startVoting', '开始测评（述职中 → 测评中；须已定述职会议日期）'],
    ['close', 'close', '结束评议（测评中 → 已结束）：公布结果，标记为问题的点评意见转入述职组织的问题清单'],
  ] as const) {
    r.post(`/api/review-campaigns/:id/${path}`, {
      schema: { tags, summary, params: reviewParams, response: { 200: reviewCampaignDetailDto, ...writeErrors } },
      handler: (req) => service.transition(deps, ctxOf(req, deps), req.params.id, event),
    });
  }
  r.post('/api/review-campaigns/:id/comments/:commentId/to-list', {
    schema: { tags, summary: '将一条点评意见转入述职组织的问题清单（工委，测评中或已结束；整改时限两个月）', params: reviewCommentParams, response: { 200: reviewToListDto, ...writeErrors } },
    handler: (req) => service.commentToList(deps, ctxOf(req, deps), req.params.id, req.params.commentId),
  });

  r.get('/api/review-campaigns/:id/reporters/:reporterId/report', {
    schema: { tags, summary: '述职报告（附上年度述职评议点评问题及整改情况）', params: reviewReporterParams, response: { 200: reviewReportDto, ...readErrors } },
    handler: (req) => reports.getReport(deps, ctxOf(req, deps), req.params.id, req.params.reporterId),
  });
  r.put('/api/review-campaigns/:id/reporters/:reporterId/report', {
    schema: { tags, summary: '在线填写述职报告（述职组织的管理员，筹备中或述职中）', params: reviewReporterParams, body: reviewReportInput, response: { 200: reviewReportDto, ...writeErrors } },
    handler: (req) => reports.saveReportText(deps, ctxOf(req, deps), req.params.id, req.params.reporterId, req.body.text),
  });
  r.post('/api/review-campaigns/:id/reporters/:reporterId/report-file', {
    schema: {
      tags,
      summary: '上传述职报告文件（字段 file；jpg/jpeg/png/pdf/docx/xlsx，不超过20MB；替换已上传的文件）',
      params: reviewReporterParams,
      consumes: ['multipart/form-data'],
      response: { 200: reviewReportDto, ...errorResponses(400, 401, 403, 404, 409, 413) },
    },
    handler: (req) => reports.saveReportFile(deps, ctxOf(req, deps), req.params.id, req.params.reporterId, () => receiveDocument(req)),
  });
  r.get('/api/review-campaigns/:id/reporters/:reporterId/report-file', {
    schema: { tags, summary: '下载述职报告文件', params: reviewReporterParams, response: { 200: fileResponse('述职报告文件', ...UPLOAD_CONTENT_TYPES), ...readErrors } },
    handler: async (req, reply) => sendStoredFile(reply, await reports.getReportFile(deps, ctxOf(req, deps), req.params.id, req.params.reporterId)),
  });

  r.get('/api/review-campaigns/:id/ballot-sheet', {
    schema: { tags, summary: '评议人的测评表：每位述职人的报告、本人的点评和本人的投票（看不到他人的投票）', params: reviewParams, response: { 200: reviewBallotSheetDto, ...readErrors } },
    handler: (req) => ballots.ballotSheet(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/review-campaigns/:id/reporters/:reporterId/comment', {
    schema: { tags, summary: '一述一评：评议人对述职人的点评（述职中或测评中可修改；可标记为问题）', params: reviewReporterParams, body: reviewCommentInput, response: { 200: reviewCommentSavedDto, ...writeErrors } },
    handler: (req) => ballots.saveComment(deps, ctxOf(req, deps), req.params.id, req.params.reporterId, req.body),
  });
  r.post('/api/review-campaigns/:id/reporters/:reporterId/ballot', {
    schema: { tags, summary: '投票：评议人对述职人评定等次（测评中；每人每位述职人一票，投出后不能更改，重复提交 409）', params: reviewReporterParams, body: reviewBallotInput, response: { 201: reviewBallotDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await ballots.castBallot(deps, ctxOf(req, deps), req.params.id, req.params.reporterId, req.body.grade)),
  });
}
