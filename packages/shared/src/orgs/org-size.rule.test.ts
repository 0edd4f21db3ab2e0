import { describe, expect, it } from 'vitest';
import { addMonths, orgWarnings, type OrgFacts } from './org-size.rule.ts';

const branch = (over: Partial<OrgFacts>): OrgFacts => ({ type: 'branch', fullMembers: 5, members: 5, subtreeMembers: 5, committeeSize: 1, termEnd: null, ...over });
const rules = (f: OrgFacts, asOf = '2026-11-23') => orgWarnings(f, asOf).map((w) => w.rule);

describe('organisation size rules (rules.md §1.1, §1.4, §2)', () => {
  it.each([
    ['a sound small branch', branch({}), []],
    ['<3 正式党员 (ZB-1/ZB-3)', branch({ fullMembers: 2, members: 4 }), ['ZB-1/ZB-3']],
    ['≥7 正式党员 and no committee (ZB-21)', branch({ fullMembers: 7, members: 8, committeeSize: 1 }), ['ZB-21/JG-3']],
    ['≥7 with a committee of 3', branch({ fullMembers: 12, members: 12, committeeSize: 3 }), []],
    ['a committee in a branch under 7 (ZB-22)', branch({ fullMembers: 6, members: 6, committeeSize: 3 }), ['ZB-22']],
    ['more than 50 members (ZB-2)', branch({ fullMembers: 51, members: 51, committeeSize: 5 }), ['ZB-2']],
    ['a committee of 8 (ZB-21)', branch({ fullMembers: 40, members: 40, committeeSize: 8 }), ['ZB-21']],
    ['a 机关党委 under 100 (JG-1)', branch({ type: 'organ_committee', subtreeMembers: 99 }), ['JG-1']],
    ['a 机关党委 of exactly 100', branch({ type: 'organ_committee', subtreeMembers: 100 }), []],
    ['a 党总支 over 100 (JG-1)', branch({ type: 'general_branch', subtreeMembers: 101 }), ['JG-1']],
    ['a 党总支 under 50 (JG-2)', branch({ type: 'general_branch', subtreeMembers: 49 }), ['JG-2']],
    ['a joint branch of 2 is not told to form a joint branch', branch({ type: 'joint_branch', fullMembers: 2, members: 2 }), []],
  ])('%s', (_name, facts, expected) => expect(rules(facts)).toEqual(expected));
});

describe('term reminder (ZB-24: six months ahead)', () => {
  it('warns from six months before the term ends, errors after', () => {
    expect(rules(branch({ termEnd: '2027-05-24' }))).toEqual([]);
    expect(rules(branch({ termEnd: '2027-05-23' }))).toEqual(['ZB-24']);
    expect(orgWarnings(branch({ termEnd: '2026-12-01' }), '2026-11-23')[0].level).toBe('warning');
    expect(orgWarnings(branch({ termEnd: '2026-11-22' }), '2026-11-23')[0].level).toBe('error');
  });
  it('adds months at month ends and in leap years', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-11-23', 6)).toBe('2027-05-23');
  });
});
