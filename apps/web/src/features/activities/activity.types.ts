import type { ActivityStatus, ActivityType, AttendanceStatus, AttendeeKind } from '@xianfeng/shared';

// The server's answers for 组织生活 (apps/server/src/features/activities: listActivities, activityDto).

/** What the list and the detail both say of an activity. */
type ActivityCore = {
  id: number;
  orgId: number;
  orgName: string;
  types: ActivityType[];
  status: ActivityStatus;
  title: string;
  startsAt: string;
  endsAt: string;
  heldOn: string;
  place: string | null;
};

export type ActivityListItem = ActivityCore & {
  submittedAt: string | null;
  expectedCount: number;
  presentCount: number;
};

export type Attendee = {
  memberId: number;
  memberName: string;
  kind: AttendeeKind;
  status: AttendanceStatus;
  reason: string | null;
  dualLife: boolean;
  /** 正式党员 vote at a 党员大会; 预备党员 do not. */
  voter: boolean;
  signedInAt: string | null;
  /** Signed in from outside the expected list; waits for the secretary's confirmation. */
  pending: boolean;
};

export type AttendanceSummary = {
  expected: number;
  present: number;
  leave: number;
  absent: number;
  invited: number;
  pendingSignIns: number;
  votersExpected: number;
  votersPresent: number;
};

export type Vote = {
  subject: string;
  yes: number;
  no: number;
  abstain: number;
  quorum: boolean;
  passed: boolean;
  votersExpected: number;
  votersPresent: number;
};

export type ReviewAction = 'submit' | 'approve' | 'return' | 'reopen';
export type ReviewEntry = { id: number; action: ReviewAction; comment: string | null; at: string; by: string | null };

export type Attachment = { id: number; fileName: string; contentType: string; size: number; createdAt: string };

export type ActivityAbilities = { edit: boolean; submit: boolean; approve: boolean; return: boolean; reopen: boolean; delete: boolean; signInCode: boolean };

export type ActivityDetail = ActivityCore & {
  hostMemberId: number | null;
  recorderMemberId: number | null;
  lecturerMemberId: number | null;
  lecturerName: string | null;
  lecturerIsSecretary: boolean;
  firstTopic: string | null;
  agenda: string | null;
  minutes: string | null;
  observerComment: string | null;
  votes: Vote[];
  reviewComment: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  attendanceSummary: AttendanceSummary;
  attendance: Attendee[];
  reviews: ReviewEntry[];
  attachments: Attachment[];
  abilities: ActivityAbilities;
};

export type SignInCode = { token: string; path: string; validFrom: string; validUntil: string };
