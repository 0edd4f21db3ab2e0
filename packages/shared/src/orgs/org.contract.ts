import { defineOptions } from '../common/options.ts';
import { blankAsNull, id, isoDate, orgName, phoneNumber, text, z } from '../common/zod.ts';
import { day, int } from '../common/responses.ts';

export const unitTypes = defineOptions({
  organ: '机关',
  institution: '事业单位',
  soe: '国有企业',
  social_org: '社会组织',
});
export type UnitType = (typeof unitTypes.values)[number];

export const orgTypes = defineOptions({
  working_committee: '工委',
  party_committee: '党委',
  organ_committee: '机关党委',
  general_branch: '党总支',
  branch: '党支部',
  joint_branch: '联合党支部',
  temporary_branch: '临时党支部',
  retired_branch: '离退休党支部',
  party_group: '党小组',
});
export type OrgType = (typeof orgTypes.values)[number];

/** Types that are a 党支部 for the size rules and, later, for 三会一课. */
export const BRANCH_TYPES: OrgType[] = ['branch', 'joint_branch', 'temporary_branch', 'retired_branch'];

export const committeePosts = defineOptions({
  secretary: '书记',
  deputy_secretary: '副书记',
  organization: '组织委员',
  propaganda: '宣传委员',
  discipline: '纪检委员',
  youth: '青年委员',
  women: '妇女委员',
  member: '委员',
});
export type CommitteePost = (typeof committeePosts.values)[number];

export const unitInput = z
  .object({
    name: orgName('单位名称'),
    type: z.enum(unitTypes.values),
    creditCode: text(18).optional(),
  })
  .strict();

/** A party organisation's founding date: none before the Party's own founding (1921-07-01). */
const foundingDate = isoDate.refine((d) => d >= '1921-07-01', '成立日期不能早于1921年7月1日');

/** 启用日期 (GO-1): from when the platform judges the organisation's work; null: its parent's (else the city's). */
const goLiveDate = isoDate.refine((d) => d >= '2000-01-01', '启用日期不能早于2000年');

export const orgCreateInput = z
  .object({
    parentId: id,
    name: orgName('组织名称'),
    type: z.enum(orgTypes.values),
    unitId: id.nullable().optional(),
    /** null or absent: 成立日期不详 (never today by default). */
    foundedOn: foundingDate.nullable().optional(),
    goLiveOn: goLiveDate.nullable().optional(),
    termStart: isoDate.nullable().optional(),
    termEnd: isoDate.nullable().optional(),
    contact: text(50).optional(),
    contactPhone: blankAsNull(phoneNumber),
  })
  .strict()
  .refine((o) => !o.termStart || !o.termEnd || o.termEnd > o.termStart, {
    message: '届满日期应晚于任期开始日期',
    path: ['termEnd'],
  });

export const orgUpdateInput = z
  .object({
    name: orgName('组织名称').optional(),
    type: z.enum(orgTypes.values).optional(),
    unitId: id.nullable().optional(),
    foundedOn: foundingDate.nullable().optional(),
    goLiveOn: goLiveDate.nullable().optional(),
    termStart: isoDate.nullable().optional(),
    termEnd: isoDate.nullable().optional(),
    contact: text(50).optional(),
    contactPhone: blankAsNull(phoneNumber),
  })
  .strict()
  .refine((o) => !o.termStart || !o.termEnd || o.termEnd > o.termStart, {
    message: '届满日期应晚于任期开始日期',
    path: ['termEnd'],
  });

export const orgMoveInput = z.object({ newParentId: id }).strict();
export const orgMergeInput = z.object({ intoId: id }).strict();
export const orgDissolveInput = z
  .object({ dissolvedOn: isoDate, moveMembersTo: id.optional() })
  .strict();

export const committeeMemberInput = z
  .object({
    memberId: id,
    post: z.enum(committeePosts.values),
    startedOn: isoDate,
    endedOn: isoDate.nullable().optional(),
  })
  .strict()
  .refine((c) => !c.endedOn || c.endedOn >= c.startedOn, { message: '离任日期不能早于任职日期', path: ['endedOn'] });

export type OrgCreateInput = z.infer<typeof orgCreateInput>;
export type OrgUpdateInput = z.infer<typeof orgUpdateInput>;
export type CommitteeMemberInput = z.infer<typeof committeeMemberInput>;

export type OrgNode = {
  id: number;
  parentId: number | null;
  name: string;
  type: OrgType;
  unitId: number | null;
  unitName: string | null;
  path: string;
  dissolvedOn: string | null;
  memberCount: number;
};

// Responses (see common/responses.ts).

/** An organisation as lists, the tree and every change answer it (toOrgDto). */
export const orgDto = z.object({
  id: int,
  parentId: int.nullable(),
  /** Materialised path of ids, e.g. `/1/4/9/`. */
  path: z.string(),
  name: z.string(),
  type: z.enum(orgTypes.values),
  unitId: int.nullable(),
  unitName: z.string().nullable(),
  /** null: 成立日期不详. */
  foundedOn: day.nullable(),
  /** Its own go-live date (启用日期); null: its parent's, else the city's. */
  goLiveOn: day.nullable(),
  dissolvedOn: day.nullable(),
  termStart: day.nullable(),
  termEnd: day.nullable(),
  contact: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** Members in normal standing of the organisation itself. */
  memberCount: int,
});
export const orgListDto = z.array(orgDto);

/** A size or term reminder of the setting rules (org-size.rule.ts), citing rules.md. */
export const orgWarningDto = z.object({ rule: z.string(), level: z.enum(['info', 'warning', 'error']), message: z.string() });

export const committeeMemberDto = z.object({
  id: int,
  memberId: int,
  memberName: z.string(),
  post: z.enum(committeePosts.values),
  startedOn: day,
  endedOn: day.nullable(),
});

/** GET /api/orgs/:id: the organisation, its facts and reminders, its committee, what the caller may do. */
export const orgDetailDto = orgDto.extend({
  facts: z.object({ members: int, fullMembers: int, subtreeMembers: int, committeeSize: int }),
  warnings: z.array(orgWarningDto),
  committee: z.array(committeeMemberDto),
  /** The go-live date that applies (GO-1) and where it comes from; null: not live yet. */
  goLive: z.object({ on: day, source: z.enum(['own', 'ancestor', 'city']), fromOrgName: z.string().nullable() }).nullable(),
  abilities: z.object({ edit: z.boolean(), createChild: z.boolean(), move: z.boolean(), dissolve: z.boolean() }),
});

/** Merge and dissolve: how many members moved to the receiving organisation. */
export const orgMovedMembersDto = z.object({ movedMembers: int });

export const unitDto = z.object({ id: int, name: z.string(), type: z.string(), creditCode: z.string().nullable() });
export const unitListDto = z.array(unitDto);
