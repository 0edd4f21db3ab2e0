import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  certificateDto,
  errorResponses,
  evaluationInput,
  idParam,
  myTrainingDto,
  planCountsDto,
  planTargetsInput,
  sessionAttendanceInput,
  traineesInput,
  trainingClassDetailDto,
  trainingClassInput,
  trainingClassListDto,
  trainingListQuery,
  trainingSessionInput,
  z,
} from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as classes from './training.service.ts';
import * as work from './training-sessions.service.ts';
import * as plan from './training-plan.service.ts';

const tags = ['培训班'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
const params = z.object({ id: idParam }).strict();
const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();

/** 培训班 (「十百千万」, 入学必测、结业必考, 教学评估, 结业证书) and the plan's yearly counts. */
export function registerTrainingRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/training-classes', {
    schema: { tags, summary: '培训班（本组织及下级举办的）', querystring: trainingListQuery, response: { 200: trainingClassListDto, ...readErrors } },
    handler: (req) => classes.listClasses(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/training-classes', {
    schema: { tags, summary: '新建培训班', body: trainingClassInput, response: { 201: trainingClassDetailDto, ...writeErrors } },
    handler: async (req, reply) => {
      const ctx = ctxOf(req, deps);
      const id = await classes.createClass(deps, ctx, req.body);
      return reply.status(201).send(await classes.getClass(deps, ctx, id));
    },
  });
  r.get('/api/training-classes/:id', {
    schema: { tags, summary: '一个培训班：课程与考勤、学员与出勤率、结业结果、教学评估汇总（不显示评估人）', params, response: { 200: trainingClassDetailDto, ...readErrors } },
    handler: (req) => classes.getClass(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/training-classes/:id', {
    schema: { tags, summary: '修改培训班（结业前）', params, body: trainingClassInput, response: { 200: trainingClassDetailDto, ...writeErrors } },
    handler: (req) => classes.updateClass(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const [event, summary] of [
    ['open', '开班（须已有学员）'],
    ['finish', '结业：按出勤率判定每名学员是否结业并编号结业证书'],
    ['cancel', '取消培训班'],
  ] as const) {
    r.post(`/api/training-classes/:id/${event}`, {
      schema: { tags, summary, params, response: { 200: trainingClassDetailDto, ...writeErrors } },
      handler: (req) => classes.transitionClass(deps, ctxOf(req, deps), req.params.id, event),
    });
  }
  r.post('/api/training-classes/:id/trainees', {
    schema: { tags, summary: '添加学员（举办组织及下级组织中党籍正常的党员；已是学员的不重复添加）', params, body: traineesInput, response: { 200: z.object({ added: z.number(), class: trainingClassDetailDto }), ...writeErrors } },
    handler: (req) => work.enrol(deps, ctxOf(req, deps), req.params.id, req.body.memberIds),
  });
  r.delete('/api/training-classes/:id/trainees/:memberId', {
    schema: { tags, summary: '移除学员（结业前；其考勤与评估一并删除）', params: z.object({ id: idParam, memberId: idParam }).strict(), response: { 200: trainingClassDetailDto, ...writeErrors } },
    handler: (req) => work.unenrol(deps, ctxOf(req, deps), req.params.id, req.params.memberId),
  });
  r.post('/api/training-classes/:id/sessions', {
    schema: { tags, summary: '添加课程', params, body: trainingSessionInput, response: { 200: trainingClassDetailDto, ...writeErrors } },
    handler: (req) => work.addSession(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.put('/api/training-sessions/:id', {
    schema: { tags, summary: '修改课程', params, body: trainingSessionInput, response: { 200: trainingClassDetailDto, ...writeErrors } },
    handler: (req) => work.updateSession(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.delete('/api/training-sessions/:id', {
    schema: { tags, summary: '删除课程（及其考勤）', params, response: { 200: trainingClassDetailDto, ...writeErrors } },
    handler: (req) => work.deleteSession(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/training-sessions/:id/attendance', {
    schema: { tags, summary: '登记课程考勤（培训中、课程开始后；只限本班学员）', params, body: sessionAttendanceInput, response: { 200: trainingClassDetailDto, ...writeErrors } },
    handler: (req) => work.recordAttendance(deps, ctxOf(req, deps), req.params.id, req.body.entries),
  });
  r.get('/api/my/training', {
    schema: { tags, summary: '我参加的培训班：课程、本人考勤、教学评估、结业结果与证书编号', response: { 200: myTrainingDto, ...readErrors } },
    handler: (req) => work.myTraining(deps, ctxOf(req, deps)),
  });
  r.post('/api/training-classes/:id/evaluation', {
    schema: { tags, summary: '学员提交教学评估（培训中，每人一次；组织方只看汇总）', params, body: evaluationInput, response: { 200: myTrainingDto, ...writeErrors } },
    handler: (req) => work.evaluate(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.get('/api/training-classes/:id/certificates/:memberId', {
    schema: { tags, summary: '结业证书（学员本人，或能查看该培训班的管理员）', params: z.object({ id: idParam, memberId: idParam }).strict(), response: { 200: certificateDto, ...readErrors } },
    handler: (req) => classes.certificate(deps, ctxOf(req, deps), req.params.id, req.params.memberId),
  });
  r.get('/api/training-plan/:year', {
    schema: { tags, summary: '“十百千万”学习培训计划：本年度各项完成数（按组织及下级统计；全市目标在根组织显示）', params: yearParams, querystring: z.object({ orgId: z.coerce.number().int().positive().optional() }).strict(), response: { 200: planCountsDto, ...readErrors } },
    handler: (req) => plan.planCounts(deps, ctxOf(req, deps), req.params.year, req.query.orgId),
  });
  r.put('/api/training-plan/:year', {
    schema: { tags, summary: '设置“十百千万”年度目标（工委）', params: yearParams, body: planTargetsInput, response: { 200: planCountsDto, ...writeErrors } },
    handler: (req) => plan.setTargets(deps, ctxOf(req, deps), req.params.year, req.body.targets),
  });
}
