import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { beatInput, completeInput, myTopicDetailDto, myTopicListDto, studySessionDto, studySettingsDto, studySettingsSchema, studyHoursDto, studyHoursQuery, memberStudyHoursDto } from '@xianfeng/shared';
import { errorResponses, fileResponse, idParam, materialDto, materialInput, okDto, topicDetailDto, topicInput, topicListDto, topicListQuery, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { receiveDocument, sendStoredFile, UPLOAD_CONTENT_TYPES } from '../../http/upload.ts';
import * as topics from './topics.service.ts';
import * as records from './study-records.service.ts';
import * as settings from './study-settings.ts';
import * as hours from './study-hours.service.ts';

const tags = ['学习'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
const params = z.object({ id: idParam }).strict();

/** 学习: study topics and their materials (console). */
export function registerStudyRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/study/topics', {
    schema: { tags, summary: '学习专题（本组织及下级发布的；按状态、发布组织、名称筛选，分页）', querystring: topicListQuery, response: { 200: topicListDto, ...readErrors } },
    handler: (req) => topics.listTopics(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/study/topics', {
    schema: { tags, summary: '新建学习专题（草稿；面向发布组织及其下级）', body: topicInput, response: { 201: topicDetailDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await topics.createTopic(deps, ctxOf(req, deps), req.body)),
  });
  r.get('/api/study/topics/:id', {
    schema: { tags, summary: '一个学习专题及其资料（含检测题答案）', params, response: { 200: topicDetailDto, ...readErrors } },
    handler: (req) => topics.getTopic(deps, ctxOf(req, deps), req.params.id),
  });
  r.put('/api/study/topics/:id', {
    schema: { tags, summary: '修改学习专题（草稿或已发布）', params, body: topicInput, response: { 200: topicDetailDto, ...writeErrors } },
    handler: (req) => topics.updateTopic(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  for (const [event, summary] of [
    ['publish', '发布学习专题（至少一项资料，文件类资料须有文件或链接）'],
    ['withdraw', '撤回学习专题（党员不再看到；已记的学时保留）'],
  ] as const) {
    r.post(`/api/study/topics/:id/${event}`, {
      schema: { tags, summary, params, response: { 200: topicDetailDto, ...writeErrors } },
      handler: (req) => topics.transitionTopic(deps, ctxOf(req, deps), req.params.id, event),
    });
  }
  r.post('/api/study/topics/:id/materials', {
    schema: { tags, summary: '添加学习资料（文章、文件、视频、音频；学时、最少学习时间、可选检测题）', params, body: materialInput, response: { 201: materialDto, ...writeErrors } },
    handler: async (req, reply) => reply.status(201).send(await topics.addMaterial(deps, ctxOf(req, deps), req.params.id, req.body)),
  });
  r.put('/api/study/materials/:id', {
    schema: { tags, summary: '修改学习资料', params, body: materialInput, response: { 200: materialDto, ...writeErrors } },
    handler: (req) => topics.updateMaterial(deps, ctxOf(req, deps), req.params.id, req.body),
  });
  r.delete('/api/study/materials/:id', {
    schema: { tags, summary: '删除学习资料（仅草稿专题）', params, response: { 200: okDto, ...writeErrors } },
    handler: async (req) => {
      await topics.deleteMaterial(deps, ctxOf(req, deps), req.params.id);
      return { ok: true };
    },
  });
  r.post('/api/study/materials/:id/file', {
    schema: { tags, summary: '上传“文件”类资料的文件（字段 file；pdf/docx/xlsx/jpg/png，不超过20MB）', params, consumes: ['multipart/form-data'], response: { 200: materialDto, ...errorResponses(400, 401, 403, 404, 409, 413) } },
    handler: (req) => topics.uploadMaterialFile(deps, ctxOf(req, deps), req.params.id, () => receiveDocument(req)),
  });
  r.get('/api/study/materials/:id/file', {
    schema: { tags, summary: '下载学习资料文件', params, response: { 200: fileResponse('学习资料文件', ...UPLOAD_CONTENT_TYPES), ...readErrors } },
    handler: async (req, reply) => sendStoredFile(reply, await topics.getMaterialFile(deps, ctxOf(req, deps), req.params.id)),
  });

  // 在线学习 (the member's phone): topics addressed to me, sessions measured by the server.
  const mine = errorResponses(401, 403, 404);
  r.get('/api/study/my/topics', {
    schema: { tags, summary: '我的学习：面向本人所在组织及上级发布的专题、学习进度、今年及今日线上学时', response: { 200: myTopicListDto, ...errorResponses(401, 403) } },
    handler: (req) => records.myTopics(deps, ctxOf(req, deps)),
  });
  r.get('/api/study/my/topics/:id', {
    schema: { tags, summary: '我的学习：一个专题的资料（不含检测题答案）及是否已学完', params, response: { 200: myTopicDetailDto, ...mine } },
    handler: (req) => records.myTopicDetail(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/study/my/materials/:id/start', {
    schema: { tags, summary: '打开资料：服务器记录开始时间，开始计时', params, response: { 201: studySessionDto, ...mine } },
    handler: async (req, reply) => reply.status(201).send(await records.startSession(deps, ctxOf(req, deps), req.params.id)),
  });
  r.post('/api/study/my/sessions/:id/beat', {
    schema: { tags, summary: '学习计时心跳（页面在前台时每15秒一次；两次间隔至多计30秒）', params, body: beatInput, response: { 200: studySessionDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => records.beat(deps, ctxOf(req, deps), req.params.id, req.body.visible),
  });
  r.post('/api/study/my/sessions/:id/complete', {
    schema: { tags, summary: '完成学习：学习时间达到要求且检测题答对，记学时（每份资料一次；每日线上学时有上限）', params, body: completeInput, response: { 200: studySessionDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: (req) => records.complete(deps, ctxOf(req, deps), req.params.id, req.body.answer),
  });
  r.get('/api/study/settings', {
    schema: { tags, summary: '学习设置（每日线上学时上限）', response: { 200: studySettingsDto, ...errorResponses(401, 403) } },
    handler: (req) => settings.getStudySettings(deps, ctxOf(req, deps)),
  });
  r.put('/api/study/settings', {
    schema: { tags, summary: '修改学习设置（工委）', body: studySettingsSchema, response: { 200: studySettingsDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => settings.putStudySettings(deps, ctxOf(req, deps), req.body),
  });

  // 学时 (SH-9 … SH-12).
  const yearOnly = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();
  r.get('/api/study-hours', {
    schema: { tags, summary: '学时统计：组织（含下级）党员本年度学时与目标、达标人数与达标率、下级组织达标率；党员按达标/未达标与姓名筛选，分页', querystring: studyHoursQuery, response: { 200: studyHoursDto, ...readErrors } },
    handler: (req) => hours.studyHours(deps, ctxOf(req, deps), req.query),
  });
  r.get('/api/study-hours/members/:id', {
    schema: { tags, summary: '一名党员的年度学时明细（每条来源：线上学习、组织生活出席）', params, querystring: yearOnly, response: { 200: memberStudyHoursDto, ...readErrors } },
    handler: (req) => hours.memberStudyHours(deps, ctxOf(req, deps), req.params.id, req.query.year),
  });
  r.get('/api/study/my/hours', {
    schema: { tags, summary: '我的学时（本年度；每条来源）', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict(), response: { 200: memberStudyHoursDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => hours.myStudyHours(deps, ctxOf(req, deps), req.query.year),
  });
}
