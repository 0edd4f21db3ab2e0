import type { InboxItem, InboxPage, InboxQuery, NoticeKind } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { notFound } from '../../http/errors.ts';
import * as repo from './inbox.repository.ts';

/*
 * Any logged-in account reads its own inbox; no permission is needed and nobody reads another's.
 *
 * Marking notices read is not audited. It changes only the reader's own view of messages sent to
 * them (read_at), touches no party data, no other person and no right; what was told, to whom and
 * when is already on record (the notice row, and the reminder run or activity step that wrote it is
 * audited). An audit record per click would bury the events the audit admin must review.
 */

function toItem(r: Awaited<ReturnType<typeof repo.listNotices>>['rows'][number]): InboxItem {
  return {
    id: Number(r.id),
    kind: r.kind as NoticeKind,
    title: r.title,
    body: r.body,
    link: r.link,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}

const ownerOf = (ctx: RequestContext): repo.InboxOwner => ({ userId: ctx.actor.userId });

export async function listInbox(deps: AppDeps, ctx: RequestContext, q: InboxQuery): Promise<InboxPage> {
  const { rows, total, unread } = await repo.listNotices(deps.db, ownerOf(ctx), { unreadOnly: q.unread === 'true', page: q.page, pageSize: q.pageSize });
  return { items: rows.map(toItem), total, unread, page: q.page, pageSize: q.pageSize };
}

/** Someone else's notice answers 404, as if absent. */
export async function readNotice(deps: AppDeps, ctx: RequestContext, id: number): Promise<InboxItem> {
  const row = await repo.markRead(deps.db, ownerOf(ctx), id, ctx.now);
  if (!row) throw notFound('消息');
  return toItem(row);
}

export async function readAllNotices(deps: AppDeps, ctx: RequestContext): Promise<{ updated: number; unread: 0 }> {
  return { updated: await repo.markAllRead(deps.db, ownerOf(ctx), ctx.now), unread: 0 };
}
