import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  activityCreateInput,
  activityDetailDto,
  activityListQuery,
  activityPage,
  activityUpdateInput,
  attendanceInput,
  attendanceRatesDto,
  errorResponses,
  expectedPreviewDto,
  expectedPreviewQuery,
  idParam,
  myActivitiesDto,
  okDto,
  returnInput,
  reviewInput,
  signInConfirmInput,
  signInCodeDto,
  signInInput,
  signInResultDto,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './activities.service.ts';
import * as review from './activity-review.service.ts';
import * as attendance from './attendance.service.ts';
import * as signIn from './sign-in.service.ts';

const params = z.object({ id: idParam }).strict();
const signInParams = z.object({ id: idParam, memberId: idParam }).strict();
const tags = ['组织生活'];
const readErrors = errorResponses(400, 401, 403, 404);
/** A change may also lose a race (409) or hit a uniqueness or reference conflict. */
const writeErrors = errorResponses(400, 401, 403, 404, 409);

export function registerActivityRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/activities', {
    schema: { tags, summary: '活动列表（按组织子树、日期、类型、状态筛选；toReview=true 为待我审核）', querystring: activityListQuery, response: { 200: activityPage, ...readErrors } },
    handler: (req) => service.listActivities(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/activities', {
    schema: { tags, summary: '新建活动计划或记录（应到人员按当日名册生成）', body: activityCreateInput, response: { 201: activityDetailDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await service.createActivity(deps, ctxOf(req, deps), req.body)),
  });
  r.get('/api/activities/expected', {
    schema: { tags, summary: '应到人员预览：按组织、活动类型和日期，说明名单来源、人数，支委会是否有在任委员', querystring: expectedPreviewQuery, response: { 200: expectedPreviewDto, ...readErrors } },
    handler: (req) => service.previewExpected(deps, ctxOf(req, deps), req.query),
  });
  r.get('/api/activities/:id', {
    schema: { tags, summary: '活动详情：出勤、表决结果、审核记录、可执行操作', params, response: { 200: activityDetailDto, ...readErrors } },
    handler: (req) => service.getActivity(deps, ctxOf(req, deps), req.params.id),
  });
  r.patch('/api/activities/:id', {
    schema: { tags, summary: '修改活动（计划、已记录、已退回状态）', params, body: activityUpdateInput, response: { 200: activityDetailDto, ...writeErrors } },
    handler: (req) => service.updateActivity(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.delete('/api/activities/:id', {
    schema: { tags, summary: '删除未提交的计划或记录', params, response: { 200: okDto, ...writeErrors } },
    handler: async (req) => {
      await service.deleteActivity(deps, ctxOf(req, deps), req.params.id);
      return { ok: true };
    },
  });
  r.put('/api/activities/:id/attendance', {
    schema: { tags, summary: '登记出勤（出席/请假/缺席）与邀请人员', params, body: attendanceInput, response: { 200: activityDetailDto, ...writeErrors } },
    handler: (req) => attendance.setAttendance(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.post('/api/activities/:id/sign-ins/:memberId/confirm', {
    schema: { tags, summary: '确认或拒绝应到名单以外人员的扫码签到（确认后记为列席）', params: signInParams, body: signInConfirmInput, response: { 200: activityDetailDto, ...writeErrors } },
    handler: (req) => attendance.confirmSignIn(deps, ctxOf(req, deps), req.params.id, req.params.memberId, req.body.accept),
  });
  r.post('/api/activities/:id/submit', {
    schema: { tags, summary: '提交上级审核', params, response: { 200: activityDetailDto, ...writeErrors } },
    handler: (req) => review.submitActivity(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/activities/:id/approve', {
    schema: { tags, summary: '审核通过（上级党组织）', params, body: reviewInput, response: { 200: activityDetailDto, ...writeErrors } },
    handler: (req) => review.approveActivity(deps, ctxOf(req, deps), req.params.id, req.body.comment ?? null),
  });
  r.post('/api/activities/:id/return', {
    schema: { tags, summary: '退回修改（须填写意见）', params, body: returnInput, response: { 200: activityDetailDto, ...writeErrors } },
    handler: (req) => review.returnActivity(deps, ctxOf(req, deps), req.params.id, req.body.comment),
  });
  r.post('/api/activities/:id/reopen', {
    schema: { tags, summary: '重新打开已通过的记录（上级党组织）', params, body: reviewInput, response: { 200: activityDetailDto, ...writeErrors } },
    handler: (req) => review.reopenActivity(deps, ctxOf(req, deps), req.params.id, req.body.comment ?? null),
  });
  r.get('/api/activities/:id/sign-in-code', {
    schema: { tags, summary: '会场签到二维码的签名令牌（会前30分钟至会后30分钟有效）', params, response: { 200: signInCodeDto, ...readErrors } },
    handler: (req) => signIn.signInCode(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/activities/sign-in', {
    schema: { tags, summary: '党员扫码签到', body: signInInput, response: { 200: signInResultDto, ...errorResponses(400, 401, 403, 409) } },
    handler: (req) => signIn.signIn(deps, ctxOf(req, deps), req.body.token),
  });
  r.get('/api/activities/attendance-rates', {
    schema: { tags, summary: '组织内每名党员的年度出勤率（已审核活动）', querystring: z.object({ orgId: idParam, year: z.coerce.number().int().min(2000).max(2100) }).strict(), response: { 200: attendanceRatesDto, ...readErrors } },
    handler: (req) => attendance.attendanceRates(deps, ctxOf(req, deps), req.query.orgId, req.query.year),
  });
  r.get('/api/my/activities', {
    schema: { tags, summary: '我的活动：近期安排、参加记录、本年出勤率', response: { 200: myActivitiesDto, ...errorResponses(401, 403) } },
    handler: (req) => attendance.myActivities(deps, ctxOf(req, deps)),
  });
}
