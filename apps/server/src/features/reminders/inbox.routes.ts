import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam, inboxItemDto, inboxPageDto, inboxQuery, inboxReadAllDto, z } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import { ctxOf } from '../../http/auth.plugin.ts';
import * as service from './inbox.service.ts';

const tags = ['消息'];

/** The caller's own inbox (消息): any logged-in account, no further permission. */
export function registerInboxRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/inbox', {
    schema: { tags, summary: '我的消息，新的在前（unread=true 只看未读）；unread 为全部未读条数', querystring: inboxQuery, response: { 200: inboxPageDto, ...errorResponses(400, 401, 403) } },
    handler: (req) => service.listInbox(deps, ctxOf(req, deps), req.query),
  });
  r.post('/api/inbox/:id/read', {
    schema: { tags, summary: '标记一条消息为已读（他人的消息答 404）', params: z.object({ id: idParam }).strict(), response: { 200: inboxItemDto, ...errorResponses(400, 401, 403, 404) } },
    handler: (req) => service.readNotice(deps, ctxOf(req, deps), req.params.id),
  });
  r.post('/api/inbox/read-all', {
    schema: { tags, summary: '全部标记为已读', response: { 200: inboxReadAllDto, ...errorResponses(401, 403) } },
    handler: (req) => service.readAllNotices(deps, ctxOf(req, deps)),
  });
}
