import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { noticeKinds, type InboxItem, type InboxPage, type NoticeKind } from '@xianfeng/shared';
import { get, post } from '../../api/client.ts';
import type { ListParams } from '../../lib/usePagedList.ts';

/** One in-app notice and a page of them (contract in @xianfeng/shared: inbox.contract.ts). */
export type Notice = InboxItem;
export type { InboxPage };
export type InboxFilter = { page: number; pageSize: number; unread?: boolean };
/** How the filter reads back from the address of 消息通知 (`?unread=true`). */
export const INBOX_PARAMS: ListParams<InboxFilter> = { unread: 'boolean' };

const KIND_COLORS: Record<NoticeKind, string> = {
  activity_plan: 'blue',
  activity_review: 'purple',
  period_due: 'gold',
  period_overdue: 'red',
  political_birthday: 'magenta',
  list_item: 'cyan',
  escalation: 'volcano',
  card_issued: 'orange',
  assessment: 'geekblue',
};
export const noticeKind = (kind: string) => ({ label: noticeKinds.label(kind as NoticeKind) || '通知', color: KIND_COLORS[kind as NoticeKind] ?? 'default' });

export const inboxKeys = {
  all: ['inbox'] as const,
  list: (f: InboxFilter) => ['inbox', 'list', f] as const,
  badge: ['inbox', 'badge'] as const,
};

export function useInbox(f: InboxFilter, enabled = true) {
  return useQuery({
    queryKey: inboxKeys.list(f),
    queryFn: () => get<InboxPage>('/inbox', { page: f.page, pageSize: f.pageSize, unread: f.unread ? 'true' : undefined }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The bell's count and latest unread notices. No timer: every API call renews the session, so
 * polling would keep an idle console logged in for ever (SESSION_IDLE_MINUTES). The count is
 * refreshed when the user moves between pages (the bell asks again once it is a minute old).
 */
export function useInboxBadge() {
  return useQuery({
    queryKey: inboxKeys.badge,
    queryFn: () => get<InboxPage>('/inbox', { page: 1, pageSize: 6, unread: 'true' }),
    staleTime: 60_000,
    retry: false,
  });
}

function useInboxMutation<I>(fn: (input: I) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: inboxKeys.all }) });
}

export const useMarkRead = () => useInboxMutation((id: number) => post(`/inbox/${id}/read`));
export const useMarkAllRead = () => useInboxMutation((_: void) => post('/inbox/read-all'));
