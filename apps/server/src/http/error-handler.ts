import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FIELD_LABELS } from '@xianfeng/shared';
import { AppError } from './errors.ts';

/** The Chinese label of a field path such as `grants.0.orgId` (its last named segment). */
function fieldLabel(path: string) {
  const named = path.split('.').filter((p) => !/^\d+$/.test(p)).at(-1) ?? path;
  return FIELD_LABELS[named] ?? named;
}

function describeIssue(i: { instancePath?: string; message?: string; keyword?: string; params?: unknown }) {
  const path = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const keys = (i.params as { keys?: string[] } | undefined)?.keys;
  if (i.keyword === 'unrecognized_keys' && keys) return `不允许的字段：${keys.join('、')}`;
  return path ? `${fieldLabel(path)}：${i.message}` : (i.message ?? '输入无效');
}

/** The one place where errors become HTTP answers: `{ code, message }`, message in Chinese. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { code?: string }, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => {
        const keys = (v.params as { keys?: string[] } | undefined)?.keys;
        const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return { field: v.keyword === 'unrecognized_keys' && keys ? [field, keys[0]].filter(Boolean).join('.') : field, message: describeIssue(v) };
      });
      return reply.status(400).send({ code: 'VALIDATION', message: `输入有误：${details.map((d) => d.message).join('；')}`, details });
    }
    if (error instanceof AppError) {
      return reply.status(error.status).send({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
    }
    const pgCode = (error as { code?: string }).code;
    if (pgCode === '23505') return reply.status(409).send({ code: 'CONFLICT', message: '记录已存在（唯一性冲突）' });
    if (pgCode === '23503') return reply.status(409).send({ code: 'CONFLICT', message: '存在关联记录，无法执行此操作' });
    if (error.statusCode === 413 || pgCode === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send({ code: 'VALIDATION', message: '上传内容过大' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const message = error.statusCode === 415 ? '不支持的内容类型' : error.statusCode === 404 ? '资源不存在' : '请求格式有误';
      return reply.status(error.statusCode).send({ code: error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION', message });
    }
    request.log.error(error);
    return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试' });
  });
}
