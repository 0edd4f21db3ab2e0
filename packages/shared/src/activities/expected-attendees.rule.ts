import { defineOptions } from '../common/options.ts';
import { BRANCH_TYPES, type OrgType } from '../orgs/org.contract.ts';
import type { ActivityType, AttendanceStatus, AttendeeKind } from './activity.contract.ts';

/**
 * Who is expected (应到) at an activity, and what makes a record worth submitting. The server
 * applies these rules (features/activities/expected-attendees.ts); the form and the detail page
 * say them in the same words.
 */
export const expectedRules = defineOptions({
  committee: '委员会委员',
  group: '党小组党员',
  members: '全体党员',
  participants: '谈话对象',
});
export type ExpectedRule = (typeof expectedRules.values)[number];

/** Committee meetings and leadership study expect the committee (ZB-9: 支委会 is the committee's meeting). */
const COMMITTEE_TYPES: ActivityType[] = ['committee_meeting', 'central_group_study', 'democratic_life_meeting'];
export const expectsCommitteeOnly = (types: readonly ActivityType[]) => types.length > 0 && types.every((t) => COMMITTEE_TYPES.includes(t));
/** A 谈心谈话 on its own has chosen participants, not a roster. */
export const isTalkOnly = (types: readonly ActivityType[] | undefined) => types?.length === 1 && types[0] === 'heart_talk';

/**
 * The rule behind the expected list: a 谈心谈话 its chosen participants; committee meetings the
 * committee serving on the day; otherwise the members of the organisation's subtree in normal
 * standing who had joined by the day (for a 党小组, its own members).
 */
export function expectedRuleOf(types: readonly ActivityType[], orgType: OrgType): ExpectedRule {
  if (isTalkOnly(types)) return 'participants';
  if (expectsCommitteeOnly(types)) return 'committee';
  return orgType === 'party_group' ? 'group' : 'members';
}

const isBranch = (t: OrgType) => BRANCH_TYPES.includes(t);

/** Whose committee a committee meeting expects, as the organisation calls it. */
function committeeName(orgType: OrgType): string {
  if (isBranch(orgType)) return '本支部支委会委员';
  if (orgType === 'general_branch') return '本党总支委员会委员';
  if (orgType === 'working_committee') return '本工委委员';
  return '本党委委员';
}

/** 本支部 / 本党总支 / 本党委 / 本工委 / 本党小组. */
function ownName(orgType: OrgType): string {
  if (isBranch(orgType)) return '本支部';
  if (orgType === 'general_branch') return '本党总支';
  if (orgType === 'working_committee') return '本工委';
  if (orgType === 'party_group') return '本党小组';
  return '本党委';
}

/** 「本支部支委会委员」「本党小组党员」「本支部全体党员」…: where the expected list comes from. */
export function expectedRuleLabel(rule: ExpectedRule, orgType: OrgType): string {
  switch (rule) {
    case 'participants':
      return '所选谈话对象';
    case 'committee':
      return committeeName(orgType);
    case 'group':
      return '本党小组党员';
    case 'members':
      return isBranch(orgType) ? '本支部全体党员（含所属党小组）' : '本组织及所属组织全体党员';
  }
}

/** What to do when the rule finds nobody (the page links to the organisation when that is where to act). */
export function emptyListHint(rule: ExpectedRule, orgType: OrgType): string {
  switch (rule) {
    case 'participants':
      return '尚未选择谈话对象，请编辑活动并选择谈话对象';
    case 'committee':
      return `${ownName(orgType)}在活动当日没有在任的委员，请先在“组织管理”页面该组织的“班子成员”中增加委员（任职日期不晚于活动日期）`;
    case 'group':
      return '本党小组还没有在册党员，请先在“党员管理”中将党员编入本党小组';
    case 'members':
      return '本组织还没有活动当日在册的党员，请先在“党员管理”中添加党员';
  }
}

/**
 * A 支委会 is a meeting of the branch committee (ZB-9); a branch has a committee when at least
 * `min` members serve on the day (ZB-21, COMMITTEE_MIN), fewer is a secretary alone (ZB-22).
 * Null when the committee is there; otherwise the refusal, saying what to do.
 */
export function committeeMeetingRefusal(types: readonly ActivityType[], orgType: OrgType, serving: number, min: number): string | null {
  if (!types.includes('committee_meeting') || serving >= min) return null;
  const own = ownName(orgType);
  return serving === 0
    ? `${own}在活动当日没有在任的委员，不能记录支委会（支委会是支部委员会的会议）。请先在“组织管理”页面该组织的“班子成员”中增加委员（至少${min}人，任职日期不晚于活动日期）`
    : `${own}在活动当日在任委员只有${serving}人，未组成委员会（至少${min}人），不能记录支委会。请先在“组织管理”页面该组织的“班子成员”中补充委员；正式党员不足7人的支部不设支委会，可召开党员大会`;
}

/**
 * A record goes up for review only when it holds a meeting: someone was expected and someone
 * expected was present (pending sign-ins count for nothing). Null when it may be submitted.
 */
export function emptyMeetingRefusal(summary: { expected: number; present: number }, rule: ExpectedRule, orgType: OrgType): string | null {
  if (summary.expected === 0) return `应到人员为空（${expectedRuleLabel(rule, orgType)}0人），不能提交。${emptyListHint(rule, orgType)}`;
  if (summary.present === 0) return '出勤名单中没有出席人员，不能提交。请先在“出勤情况”中登记出席人员并保存';
  return null;
}

/** One row of an activity's attendance list, as far as recomputing the expected list needs it. */
export type AttendanceRow = { memberId: number; kind: AttendeeKind; status: AttendanceStatus; signedIn: boolean; pending: boolean; voter: boolean };
/** Who should be expected now, and whether each has a vote (正式党员, ZB-7). */
export type ExpectedTarget = { memberId: number; voter: boolean };

/** The writes that turn the current list into one that expects exactly the target. */
export type ExpectedChanges = {
  /** Not on the list yet: added as expected (absent until recorded). */
  add: ExpectedTarget[];
  /** Invited (列席) or a pending sign-in, now expected: the row keeps what was recorded and counts. */
  promote: ExpectedTarget[];
  /** No longer expected but came (present or signed in): kept as 列席, nothing recorded is lost. */
  demote: number[];
  /** No longer expected and not come: removed (the audit record keeps the row). */
  remove: number[];
  /** Still expected, the vote changed (a 预备党员 became 正式党员). */
  voter: ExpectedTarget[];
};

/**
 * Recomputing an expected list keeps what was recorded: people who stay expected keep their
 * status, leave reason, sign-in and 双重组织生活 mark; people no longer expected who came become
 * 列席 rather than vanish; invited people and pending sign-ins who are now expected become
 * expected with their record. Only people no longer expected who did not come leave the list.
 */
export function expectedChanges(current: readonly AttendanceRow[], target: readonly ExpectedTarget[]): ExpectedChanges {
  const byId = new Map(current.map((r) => [r.memberId, r]));
  const wanted = new Set(target.map((t) => t.memberId));
  const out: ExpectedChanges = { add: [], promote: [], demote: [], remove: [], voter: [] };
  for (const t of target) {
    const row = byId.get(t.memberId);
    if (!row) out.add.push(t);
    else if (row.kind !== 'expected' || row.pending) out.promote.push(t);
    else if (row.voter !== t.voter) out.voter.push(t);
  }
  for (const r of current) {
    if (r.kind !== 'expected' || wanted.has(r.memberId)) continue;
    if (r.status === 'present' || r.signedIn) out.demote.push(r.memberId);
    else out.remove.push(r.memberId);
  }
  return out;
}

export const noExpectedChanges = (c: ExpectedChanges) => !c.add.length && !c.promote.length && !c.demote.length && !c.remove.length && !c.voter.length;
