import { describe, expect, it } from 'vitest';
import { ALLOWED_CHILDREN, MEMBER_ORG_TYPES as MEMBER_TYPES, nestingError, typeChangeError } from './org-structure.rule.ts';
import { orgTypes, type OrgType } from './org.contract.ts';

describe('nesting (docs/RULES.md §6)', () => {
  const cases: [OrgType, OrgType, boolean][] = [
    ['working_committee', 'organ_committee', true],
    ['working_committee', 'branch', true],
    ['working_committee', 'party_group', false],
    ['working_committee', 'working_committee', false],
    ['party_committee', 'organ_committee', true],
    ['party_committee', 'party_committee', true],
    ['organ_committee', 'organ_committee', false],
    ['organ_committee', 'party_committee', true],
    ['organ_committee', 'general_branch', true],
    ['general_branch', 'branch', true],
    ['general_branch', 'general_branch', false],
    ['general_branch', 'party_group', false],
    ['branch', 'branch', false],
    ['branch', 'joint_branch', false],
    ['branch', 'party_group', true],
    ['retired_branch', 'party_group', true],
    ['party_group', 'party_group', false],
  ];
  it.each(cases)('%s holds %s: %s', (parent, child, ok) => {
    expect(nestingError(parent, child) === null).toBe(ok);
  });

  it('says in Chinese what may sit there instead', () => {
    expect(nestingError('branch', 'branch')).toBe('党支部下不能设党支部（党支部下只能设：党小组）');
    expect(nestingError('party_group', 'party_group')).toBe('党小组下不能再设组织');
  });

  it('no type may hold the 工委, and every type is in the table', () => {
    for (const t of orgTypes.values) {
      expect(ALLOWED_CHILDREN[t]).toBeDefined();
      expect(ALLOWED_CHILDREN[t]).not.toContain('working_committee');
    }
  });
});

describe('type changes', () => {
  const base = { parentType: 'organ_committee' as OrgType, childTypes: [] as OrgType[], hasMembers: false, memberTypes: MEMBER_TYPES };
  it('must fit the parent, the children and the members', () => {
    expect(typeChangeError({ ...base, next: 'general_branch' })).toBeNull();
    expect(typeChangeError({ ...base, parentType: null, next: 'branch' })).toContain('根组织');
    expect(typeChangeError({ ...base, next: 'working_committee' })).toContain('工委只能是根组织');
    expect(typeChangeError({ ...base, next: 'party_group' })).toContain('机关党委下不能设党小组');
    expect(typeChangeError({ ...base, childTypes: ['party_group'], next: 'general_branch' })).toBe('该组织下有党小组，不能改为党总支');
    expect(typeChangeError({ ...base, hasMembers: true, next: 'party_committee' })).toContain('直接管理党员');
    expect(typeChangeError({ ...base, hasMembers: true, next: 'joint_branch' })).toBeNull();
  });
});
