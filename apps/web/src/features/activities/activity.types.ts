import type {
  activityAbilitiesDto,
  activityDetailDto,
  activityListItem,
  attachmentDto,
  attendanceSummaryDto,
  attendeeDto,
  expectedListDto,
  expectedPreviewDto,
  JsonOf,
  ReviewAction,
  reviewEntryDto,
  signInCodeDto,
  voteDto,
} from '@xianfeng/shared';

// The server's answers for 组织生活, inferred from the response schemas in @xianfeng/shared (activity.contract.ts).

export type ActivityListItem = JsonOf<typeof activityListItem>;
export type Attendee = JsonOf<typeof attendeeDto>;
export type AttendanceSummary = JsonOf<typeof attendanceSummaryDto>;
export type Vote = JsonOf<typeof voteDto>;
export type { ReviewAction };
export type ReviewEntry = JsonOf<typeof reviewEntryDto>;
export type Attachment = JsonOf<typeof attachmentDto>;
export type ActivityAbilities = JsonOf<typeof activityAbilitiesDto>;
export type ActivityDetail = JsonOf<typeof activityDetailDto>;
export type SignInCode = JsonOf<typeof signInCodeDto>;
export type ExpectedList = JsonOf<typeof expectedListDto>;
export type ExpectedPreview = JsonOf<typeof expectedPreviewDto>;

import type { historyBatchDto, historyImportOkDto } from '@xianfeng/shared';
/** 补录: one imported file, and the answer of an import that was written. */
export type HistoryBatch = JsonOf<typeof historyBatchDto>;
export type HistoryImportOk = JsonOf<typeof historyImportOkDto>;
