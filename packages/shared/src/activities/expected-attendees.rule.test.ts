import { describe, expect, it } from 'vitest';
import { followsRoster } from './activity.contract.ts';
import {
  committeeMeetingRefusal,
  emptyListHint,
  emptyMeetingRefusal,
  expectedChanges,
  expectedRuleLabel,
  expectedRuleOf,
  noExpectedChanges,
  type AttendanceRow,
} from './expected-attendees.rule.ts';

const row = (memberId: number, over: Partial<AttendanceRow> = {}): AttendanceRow => ({ memberId, kind: 'expected', status: 'absent', signedIn: false, pending: false, voter: true, ...over });
const target = (memberId: number, voter = true) => ({ memberId, voter });

describe('expectedRuleOf: where the expected list comes from', () => {
  it('a 支委会 (and leadership study) the committee; a 谈心谈话 alone its participants; a 党小组 its members; otherwise all members', () => {
    expect(expectedRuleOf(['committee_meeting'], 'branch')).toBe('committee');
    expect(expectedRuleOf(['central_group_study', 'democratic_life_meeting'], 'organ_committee')).toBe('committee');
    expect(expectedRuleOf(['heart_talk'], 'branch')).toBe('participants');
    expect(expectedRuleOf(['group_meeting'], 'party_group')).toBe('group');
    expect(expectedRuleOf(['theme_day', 'party_lecture'], 'branch')).toBe('members');
    // A 支委会 held together with a 党员大会 is a meeting of all members.
    expect(expectedRuleOf(['committee_meeting', 'branch_assembly'], 'branch')).toBe('members');
    expect(expectedRuleOf(['heart_talk', 'theme_day'], 'branch')).toBe('members');
  });

  it('says it in the organisation’s words, and what to do when it finds nobody', () => {
    expect(expectedRuleLabel('committee', 'branch')).toBe('本支部支委会委员');
    expect(expectedRuleLabel('committee', 'general_branch')).toBe('本党总支委员会委员');
    expect(expectedRuleLabel('members', 'branch')).toBe('本支部全体党员（含所属党小组）');
    expect(expectedRuleLabel('group', 'party_group')).toBe('本党小组党员');
    expect(emptyListHint('committee', 'branch')).toContain('班子成员');
    expect(emptyListHint('group', 'party_group')).toContain('党员管理');
  });
});

describe('committeeMeetingRefusal (ZB-9, ZB-21)', () => {
  it('a 支委会 needs at least COMMITTEE_MIN members serving on the day; other meetings need none', () => {
    expect(committeeMeetingRefusal(['committee_meeting'], 'branch', 3, 3)).toBeNull();
    expect(committeeMeetingRefusal(['theme_day'], 'branch', 0, 3)).toBeNull();
    const none = committeeMeetingRefusal(['committee_meeting'], 'branch', 0, 3)!;
    expect(none).toContain('本支部在活动当日没有在任的委员');
    expect(none).toContain('“组织管理”页面');
    const two = committeeMeetingRefusal(['committee_meeting'], 'branch', 2, 3)!;
    expect(two).toContain('只有2人');
    expect(two).toContain('党员大会');
  });
});

describe('emptyMeetingRefusal', () => {
  it('nobody expected, or nobody expected present, is no meeting to submit', () => {
    expect(emptyMeetingRefusal({ expected: 0, present: 0 }, 'group', 'party_group')).toContain('应到人员为空（本党小组党员0人）');
    expect(emptyMeetingRefusal({ expected: 5, present: 0 }, 'members', 'branch')).toContain('没有出席人员');
    expect(emptyMeetingRefusal({ expected: 5, present: 1 }, 'members', 'branch')).toBeNull();
  });
});

describe('expectedChanges: recomputing keeps what was recorded', () => {
  it('nothing to do when the list already expects exactly the target', () => {
    const c = expectedChanges([row(1), row(2, { status: 'present' }), row(9, { kind: 'invited', status: 'present' })], [target(1), target(2)]);
    expect(noExpectedChanges(c)).toBe(true);
  });

  it('people who stay expected keep their marks; new ones are added; the rest are removed', () => {
    const current = [row(1, { status: 'present' }), row(2, { status: 'leave' }), row(3)];
    const c = expectedChanges(current, [target(1), target(2), target(4, false)]);
    expect(c).toEqual({ add: [target(4, false)], promote: [], demote: [], remove: [3], voter: [] });
  });

  it('someone no longer expected who came (present or signed in) stays as 列席, not removed', () => {
    const current = [row(1, { status: 'present' }), row(2, { signedIn: true }), row(3, { status: 'leave' })];
    const c = expectedChanges(current, []);
    expect(c.demote).toEqual([1, 2]);
    expect(c.remove).toEqual([3]);
  });

  it('an invited guest or a pending sign-in who is now expected becomes expected with the record', () => {
    const current = [row(5, { kind: 'invited', status: 'present' }), row(6, { kind: 'invited', pending: true, signedIn: true })];
    const c = expectedChanges(current, [target(5), target(6)]);
    expect(c.promote).toEqual([target(5), target(6)]);
    expect(c.add).toEqual([]);
  });

  it('invited guests who are not expected are left alone; a vote that changed is updated', () => {
    const c = expectedChanges([row(7, { kind: 'invited' }), row(8, { voter: false })], [target(8, true)]);
    expect(c).toEqual({ add: [], promote: [], demote: [], remove: [], voter: [target(8, true)] });
  });
});

describe('followsRoster: the list is frozen from the first submit on', () => {
  it('planned and recorded follow; submitted, returned and approved do not', () => {
    expect(['planned', 'draft', 'submitted', 'returned', 'approved'].map(followsRoster)).toEqual([true, true, false, false, false]);
  });
});
