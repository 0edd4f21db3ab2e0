import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  contestDto,
  contestInput,
  contestListDto,
  contestListQuery,
  errorResponses,
  flagListDto,
  flagListQuery,
  flagReviewInput,
  idParam,
  leaderboardDto,
  leaderboardQuery,
  myContestDto,
  okDto,
  practiceAnswerInput,
  practiceDto,
  practiceFeedbackDto,
  practiceQuery,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { onAttemptFinalised } from '../exams/index.ts';
import * as svc from './contests.service.ts';
import * as play from './play.service.ts';
import * as ranking from './ranking.service.ts';

const tags = ['知识竞赛'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
const params = z.object({ id: idParam }).strict();

/** 知识竞赛 (issue 12 item 4, RULES §9.13). */
export function registerContestRoutes(app: FastifyInstance, deps: AppDeps) {
  // A contest attempt is an exam attempt: its submission (by the member, by focus loss or by the deadline) updates the ranking in the same transaction.
  onAttemptFinalised(play.onContestAttemptFinalised);
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/contests', {
    schema: { tags, summary: '知识竞赛：本人可参加的（党员）与可管理的（本组织及下级组织）', querystring: contestListQuery, response: { 200: contestListDto, ...readErrors } },
    handler: (req) => svc.listContests(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/contests', {
    schema: { tags, summary: '新建知识竞赛（草稿）：随机试卷、练习日期、竞赛日期、每日次数、时长、每题最少秒数', body: contestInput, response: { 201: contestDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await svc.createContest(deps, ctxOf(req, deps), req.body)),
  });
  r.get('/api/contests/:id', {
    schema: { tags, summary: '一场知识竞赛', params, response: { 200: contestDto, ...readErrors } },
    handler: (req) => svc.getContest(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/contests/:id', {
    schema: { tags, summary: '修改知识竞赛（仅草稿）', params, body: contestInput, response: { 200: contestDto, ...writeErrors } },
    handler: (req) => svc.updateContest(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const [event, label] of [['publish', '发布知识竞赛'], ['finish', '结束知识竞赛'], ['cancel', '取消知识竞赛']] as const) {
    r.post(`/api/contests/:id/${event}`, {
      schema: { tags, summary: label, params, response: { 200: contestDto, ...writeErrors } },
      handler: (req) => svc.transitionContest(deps, ctxOf(req, deps), req.params.id, event),
    });
  }
  r.get('/api/contests/:id/practice', {
    schema: { tags, summary: '练习：从竞赛题库抽取练习题（练习期内，未练过的优先；不含答案）', params, querystring: practiceQuery, response: { 200: practiceDto, ...writeErrors } },
    handler: (req) => play.practiceQuestions(deps, ctxOf(req, deps), req.params.id, req.query.count),
  });
  r.post('/api/contests/:id/practice', {
    schema: { tags, summary: '练习作答：立即返回对错、正确答案与解析（不计入排名）', params, body: practiceAnswerInput, response: { 200: practiceFeedbackDto, ...writeErrors } },
    handler: (req) => play.practiceAnswer(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/contests/:id/attempts', {
    schema: { tags, summary: '开始一次竞赛答题（竞赛期内，每人每天限定次数）；随后在 /m/attempts/:id 作答', params, response: { 201: z.object({ attemptId: z.number() }), ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await play.startContestAttempt(deps, ctxOf(req, deps), req.params.id)),
  });
  r.get('/api/contests/:id/me', {
    schema: { tags, summary: '本人的竞赛情况：练习数、今日次数、最好成绩、名次、本组织排名', params, response: { 200: myContestDto, ...readErrors } },
    handler: (req) => play.myContest(deps, ctxOf(req, deps), req.params.id),
  });
  r.get('/api/contests/:id/leaderboard', {
    schema: { tags, summary: '实时排行：个人（最高分、用时少、提交早）与下级组织（参与率、平均分）', params, querystring: leaderboardQuery, response: { 200: leaderboardDto, ...readErrors } },
    handler: (req) => ranking.leaderboard(deps, ctxOf(req, deps), req.params.id, req.query),
  });
  r.get('/api/contests/:id/flags', {
    schema: { tags, summary: '异常答卷（用时过短）：待核实、已核实正常、已确认异常', params, querystring: flagListQuery, response: { 200: flagListDto, ...readErrors } },
    handler: (req) => ranking.listFlags(deps, ctxOf(req, deps), req.params.id, req.query),
  });
  r.post('/api/contests/:id/flags/:attemptId', {
    schema: { tags, summary: '核实异常答卷：核实正常（计入排名）或确认异常（不计入），须写明意见', params: z.object({ id: idParam, attemptId: idParam }).strict(), body: flagReviewInput, response: { 200: okDto, ...writeErrors } },
    handler: (req) => ranking.reviewFlag(deps, ctxOf(req, deps), req.params.id, req.params.attemptId, req.body),
  });
}
