import { defineOptions } from '../common/options.ts';
import { pageQuery, z } from '../common/zod.ts';

/** What a notice (消息) in the inbox is about. */
export const noticeKinds = defineOptions({
  activity_plan: '活动通知',
  activity_review: '审核结果',
  period_due: '到期提醒',
  period_overdue: '逾期提醒',
  political_birthday: '政治生日',
});
export type NoticeKind = (typeof noticeKinds.values)[number];

export const inboxQuery = z
  .object({
    ...pageQuery,
    /** true: unread notices only. */
    unread: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type InboxQuery = z.infer<typeof inboxQuery>;

export type InboxItem = {
  id: number;
  kind: NoticeKind;
  title: string;
  body: string;
  /** A console path to open (e.g. /compliance?orgId=…), or null. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
};

/** GET /api/inbox: a page of the caller's notices, newest first; unread counts all unread notices. */
export type InboxPage = { items: InboxItem[]; total: number; unread: number; page: number; pageSize: number };
