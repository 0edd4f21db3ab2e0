import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FIELD_LABELS } from '@xianfeng/shared';
import { AppError } from './errors.ts';
import type { AppDeps } from './deps.ts';
import { audit } from '../features/audit/audit.service.ts';
import { requestIp } from './auth.plugin.ts';

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

/**
 * A refused request of a logged-in account leaves an audit record under that account (who tried
 * what, and the answer: FORBIDDEN or NOT_FOUND). The query string is left out: it may hold the
 * names someone searched for.
 */
async function auditDenial(deps: AppDeps, request: FastifyRequest, error: AppError) {
  if (!request.actor || error.code === 'PASSWORD_CHANGE_REQUIRED') return;
  const ctx = { actor: request.actor, ip: requestIp(request), now: deps.clock() };
  try {
    await deps.db.transaction().execute((trx) =>
      audit(trx, ctx, {
        action: 'access.denied',
        entityType: 'request',
        after: { method: request.method, route: request.routeOptions.url ?? null, path: request.url.split('?')[0], code: error.code, message: error.message },
      }),
    );
  } catch (e) {
    request.log.error({ err: e }, '拒绝访问的审计记录写入失败');
  }
}

/** Database errors we raise on purpose (migrations' triggers) and constraint violations, in Chinese. */
function databaseConflict(pgCode: string | undefined, message: string): string | null {
  if (pgCode === 'XF001') return message; // 三员分立 (check_role_separation)
  if (pgCode === '23505') return '记录已存在（唯一性冲突）';
  if (pgCode === '23503') return '存在关联记录，无法执行此操作';
  if (pgCode === '40001' || pgCode === '40P01') return '数据正被他人同时修改，请刷新后重试';
  return null;
}

/**
 * The one place where errors become HTTP answers: `{ code, message }`, message in Chinese. Every
 * unexpected error is logged with its stack and the request id, which the answer carries too, so
 * a user's report can be found in the log.
 */
export function registerErrorHandler(app: FastifyInstance, deps: AppDeps) {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler(async (error: FastifyError & { code?: string }, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => {
        const keys = (v.params as { keys?: string[] } | undefined)?.keys;
        const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return { field: v.keyword === 'unrecognized_keys' && keys ? [field, keys[0]].filter(Boolean).join('.') : field, message: describeIssue(v) };
      });
      return reply.status(400).send({ code: 'VALIDATION', message: `输入有误：${details.map((d) => d.message).join('；')}`, details });
    }
    if (error instanceof AppError) {
      // A refusal (403) and a "not found" of a logged-in account — which is also how an object
      // outside one's subtree answers — are both recorded: probing for ids shows in the log.
      if (error.status === 403 || error.status === 404) await auditDenial(deps, request, error);
      return reply.status(error.status).send({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
    }
    const pgCode = (error as { code?: string }).code;
    const conflict = databaseConflict(pgCode, error.message);
    if (conflict) return reply.status(409).send({ code: 'CONFLICT', message: conflict });
    if (error.statusCode === 413 || pgCode === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send({ code: 'VALIDATION', message: '上传内容过大' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const message = error.statusCode === 415 ? '不支持的内容类型' : error.statusCode === 404 ? '资源不存在' : '请求格式有误';
      return reply.status(error.statusCode).send({ code: error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION', message });
    }
    request.log.error({ err: error, reqId: request.id, method: request.method, url: request.url.split('?')[0] }, '服务器内部错误');
    return reply.status(500).send({ code: 'INTERNAL', message: `服务器内部错误，请稍后重试（请求编号 ${request.id}）`, requestId: request.id });
  });
}
