import sanitizeHtml from 'sanitize-html';
import { voteOutcome, type ActivityStatus, type ActivityType, type ActivityVoteInput } from '@xianfeng/shared';
import type { ActivityRecord, AttendanceRecord } from './activities.repository.ts';

/** Minutes are rich text from an editor: only formatting survives (no scripts, links, styles or images). */
export function sanitizeMinutes(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'h1', 'h2', 'h3', 'h4', 'ol', 'ul', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr'],
    allowedAttributes: {},
  }).trim();
}

export const EDITABLE: ActivityStatus[] = ['planned', 'draft', 'returned'];

export function attendanceSummary(all: AttendanceRecord[]) {
  // Sign-ins waiting for confirmation count for nothing until the secretary confirms them.
  const rows = all.filter((r) => !r.pending);
  const expected = rows.filter((r) => r.kind === 'expected');
  return {
    expected: expected.length,
    present: expected.filter((r) => r.status === 'present').length,
    leave: expected.filter((r) => r.status === 'leave').length,
    absent: expected.filter((r) => r.status === 'absent').length,
    invited: rows.length - expected.length,
    pendingSignIns: all.length - rows.length,
    votersExpected: expected.filter((r) => r.voter).length,
    votersPresent: expected.filter((r) => r.voter && r.status === 'present').length,
  };
}

export function toAttendanceDto(r: AttendanceRecord) {
  return {
    memberId: r.member_id,
    memberName: r.member_name,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    dualLife: r.dual_life,
    voter: r.voter,
    signedInAt: r.signed_in_at,
    pending: r.pending,
  };
}

export function toActivityDto(a: ActivityRecord, attendance: AttendanceRecord[]) {
  const summary = attendanceSummary(attendance);
  const votes = (a.votes as ActivityVoteInput[]) ?? [];
  return {
    id: a.id,
    orgId: a.org_id,
    orgName: a.org_name,
    types: a.types as ActivityType[],
    status: a.status as ActivityStatus,
    title: a.title,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    heldOn: a.held_on,
    place: a.place,
    importId: a.import_id,
    hostMemberId: a.host_member_id,
    recorderMemberId: a.recorder_member_id,
    lecturerMemberId: a.lecturer_member_id,
    lecturerName: a.lecturer_name,
    lecturerIsSecretary: a.lecturer_is_secretary,
    firstTopic: a.first_topic,
    agenda: a.agenda,
    minutes: a.minutes,
    observerComment: a.observer_comment,
    votes: votes.map((v) => ({ ...v, ...voteOutcome(v, summary.votersExpected, summary.votersPresent) })),
    reviewComment: a.review_comment,
    submittedAt: a.submitted_at,
    reviewedAt: a.reviewed_at,
    attendanceSummary: summary,
    attendance: attendance.map(toAttendanceDto),
  };
}

/** What the audit log keeps of an activity: the whole record, so both versions of a reopened record stay. */
export function auditView(a: ReturnType<typeof toActivityDto>) {
  const { attendance: _a, ...rest } = a;
  return rest;
}
