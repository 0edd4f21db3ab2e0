import { defineOptions } from '../common/options.ts';
import { pageQuery, z } from '../common/zod.ts';
import { int, type JsonOf, pageOf } from '../common/responses.ts';

/** What a notice (消息) in the inbox is about. */
export const noticeKinds = defineOptions({
  activity_plan: '活动通知',
  activity_review: '审核结果',
  period_due: '到期提醒',
  period_overdue: '逾期提醒',
  political_birthday: '政治生日',
  list_item: '清单事项',
  escalation: '督办',
  card_issued: '亮牌通知',
  assessment: '考核通知',
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

// Responses (see common/responses.ts).

export const inboxItemDto = z.object({
  id: int,
  kind: z.enum(noticeKinds.values),
  title: z.string(),
  body: z.string(),
  /** A console path to open (e.g. /compliance?orgId=…), or null. */
  link: z.string().nullable(),
  /** ISO 8601 (the service formats it). */
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type InboxItem = JsonOf<typeof inboxItemDto>;

/** GET /api/inbox: a page of the caller's notices, newest first; unread counts all unread notices. */
export const inboxPageDto = pageOf(inboxItemDto).extend({ unread: int });
export type InboxPage = JsonOf<typeof inboxPageDto>;

/** POST /api/inbox/read-all. */
export const inboxReadAllDto = z.object({ updated: int, unread: z.literal(0) });
