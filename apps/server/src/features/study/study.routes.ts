import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, fileResponse, idParam, materialDto, materialInput, okDto, topicDetailDto, topicInput, topicListDto, topicListQuery, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { validation } from '../../http/errors.ts';
import { MAX_UPLOAD_BYTES, receiveOneFile, sendStoredFile, UPLOAD_CONTENT_TYPES } from '../../http/upload.ts';
import * as topics from './topics.service.ts';

const tags = ['学习'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);
const params = z.object({ id: idParam }).strict();

async function receiveFile(req: FastifyRequest): Promise<topics.ReceivedFile> {
  const file = await receiveOneFile(req, { maxBytes: MAX_UPLOAD_BYTES, field: 'file' });
  if (file.truncated) throw validation(`文件过大（单个文件不超过${MAX_UPLOAD_BYTES / 1024 / 1024}MB）`);
  return { fileName: file.fileName, data: file.data };
}

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
    handler: (req) => topics.uploadMaterialFile(deps, ctxOf(req, deps), req.params.id, () => receiveFile(req)),
  });
  r.get('/api/study/materials/:id/file', {
    schema: { tags, summary: '下载学习资料文件', params, response: { 200: fileResponse('学习资料文件', ...UPLOAD_CONTENT_TYPES), ...readErrors } },
    handler: async (req, reply) => sendStoredFile(reply, await topics.getMaterialFile(deps, ctxOf(req, deps), req.params.id)),
  });
}
