import { BRANCH_TYPES, orgTypes, type OrgType } from './org.contract.ts';

// Which organisation may sit under which: ORG-2 … ORG-8 in docs/RULES.md (the table of §6).
// Marks there say which rows follow from the regulations' text and which are our modelling
// choice. The 工委 is the root only (ORG-8); members sit only in branch kinds and 党小组 (ORG-12).

/** ORG-12 (JY-15): members are kept in a 党支部 of any kind or a 党小组, nowhere else. */
export const MEMBER_ORG_TYPES: readonly OrgType[] = [...BRANCH_TYPES, 'party_group'];

const BELOW_COMMITTEE: OrgType[] = ['party_committee', 'general_branch', ...BRANCH_TYPES];

export const ALLOWED_CHILDREN: Record<OrgType, readonly OrgType[]> = {
  // ORG-8: the 工委 leads 党委, 机关党委, 党总支 and 党支部 directly; no 党小组 directly (ORG-2).
  working_committee: ['party_committee', 'organ_committee', 'general_branch', ...BRANCH_TYPES],
  // ORG-6/ORG-7: a department's 党委 holds its 机关党委, 总支, 支部 and 直属单位 党委.
  party_committee: ['organ_committee', ...BELOW_COMMITTEE],
  // ORG-6/ORG-7: a 机关党委 holds 总支, 支部 and 直属单位 党委 — never another 机关党委.
  organ_committee: BELOW_COMMITTEE,
  // ORG-5: a 党总支 holds 党支部 only.
  general_branch: BRANCH_TYPES,
  // ORG-2/ORG-4: a 党支部 (any kind) holds 党小组 only.
  branch: ['party_group'],
  joint_branch: ['party_group'],
  temporary_branch: ['party_group'],
  retired_branch: ['party_group'],
  // ORG-3: a 党小组 holds nothing.
  party_group: [],
};

const label = (t: OrgType) => orgTypes.label(t);

/** Why a `child` may not sit under a `parent`, or null when it may. */
export function nestingError(parent: OrgType, child: OrgType): string | null {
  if (child === 'working_committee') return '工委只能是根组织，不能设在其他组织之下';
  if (ALLOWED_CHILDREN[parent].includes(child)) return null;
  if (parent === 'party_group') return '党小组下不能再设组织';
  const allowed = ALLOWED_CHILDREN[parent].map(label);
  return `${label(parent)}下不能设${label(child)}（${label(parent)}下只能设：${[...new Set(allowed)].join('、')}）`;
}

/**
 * Why an organisation may not change to `next`: the new type must fit under its parent, hold its
 * children, and — if members sit in it directly — be a kind that holds members.
 */
export function typeChangeError(o: { parentType: OrgType | null; next: OrgType; childTypes: OrgType[]; hasMembers: boolean; memberTypes: readonly OrgType[] }): string | null {
  if (o.parentType === null) return '根组织的类别不能修改';
  const placement = nestingError(o.parentType, o.next);
  if (placement) return placement;
  const misfit = o.childTypes.find((c) => !ALLOWED_CHILDREN[o.next].includes(c));
  if (misfit) return `该组织下有${label(misfit)}，不能改为${label(o.next)}`;
  if (o.hasMembers && !o.memberTypes.includes(o.next)) return '该组织直接管理党员，只能是党支部或党小组类别';
  return null;
}
