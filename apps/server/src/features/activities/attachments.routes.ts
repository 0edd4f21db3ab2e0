import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { attachmentDto, errorResponses, fileResponse, idParam, okDto, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import { receiveDocument, sendStoredFile } from '../../http/upload.ts';
import * as service from './attachments.service.ts';

const tags = ['组织生活'];

export function registerAttachmentRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: idParam }).strict();
  const fileParams = z.object({ id: idParam, fileId: idParam }).strict();

  r.post('/api/activities/:id/attachments', {
    schema: {
      tags,
      summary: '上传活动附件（字段 file；jpg/jpeg/png/pdf/docx/xlsx，单个不超过20MB，每项活动至多30个；仅可修改状态下）',
      params,
      consumes: ['multipart/form-data'],
      response: { 201: attachmentDto, ...errorResponses(400, 401, 403, 404, 409, 413) },
    },
    handler: async (req, reply) => reply.status(201).send(await service.addAttachment(deps, ctxOf(req, deps), req.params.id, () => receiveDocument(req, service.MAX_ATTACHMENT_BYTES))),
  });
  r.get('/api/activities/:id/attachments/:fileId', {
    schema: { tags, summary: '下载活动附件（图片在浏览器内显示，其余下载）', params: fileParams, response: { 200: fileResponse('附件内容（jpg/png 在浏览器内显示）', ...service.ATTACHMENT_CONTENT_TYPES), ...errorResponses(400, 401, 403, 404) } },
    handler: async (req, reply) => sendStoredFile(reply, await service.getAttachment(deps, ctxOf(req, deps), req.params.id, req.params.fileId)),
  });
  r.delete('/api/activities/:id/attachments/:fileId', {
    schema: { tags, summary: '删除活动附件（仅可修改状态下）', params: fileParams, response: { 200: okDto, ...errorResponses(400, 401, 403, 404, 409) } },
    handler: async (req) => {
      await service.deleteAttachment(deps, ctxOf(req, deps), req.params.id, req.params.fileId);
      return { ok: true };
    },
  });
}
