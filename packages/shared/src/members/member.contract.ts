import { defineOptions } from '../common/options.ts';
import { id, idParam, isoDate, pageQuery, personName, requiredText, text, z } from '../common/zod.ts';
import { phoneNumber } from '../common/zod.ts';
import { parseIdNumber } from './id-number.rule.ts';
import { day, int, pageOf } from '../common/responses.ts';
import { importResultDto } from '../common/import.contract.ts';

export const genders = defineOptions({ 男: '男', 女: '女' });

export const educations = defineOptions({
  postgraduate: '研究生',
  bachelor: '大学本科',
  college: '大学专科',
  secondary: '中专',
  high_school: '高中',
  junior_or_below: '初中及以下',
});

/** 人员类别 (XX-2 in docs/RULES.md; value list not confirmed nationally). */
export const memberCategories = defineOptions({ full: '正式党员', probationary: '预备党员' });

/** 党籍/在册状态 with its history (XX-3, JY-12/13 in docs/RULES.md). */
export const memberStatuses = defineOptions({
  normal: '正常',
  suspended: '停止党籍',
  expelled: '出党',
  deceased: '去世',
  transferred_out: '转出',
});

export const ranks = defineOptions({
  bureau: '厅局级',
  county: '县处级',
  section: '科级',
  staff: '科员及以下',
  none: '无',
});

export const cadreTypes = defineOptions({ full_time: '专职', part_time: '兼职' });

const phone = phoneNumber;

export const memberFields = {
  orgId: id,
  name: personName,
  gender: z.enum(genders.values),
  ethnicity: requiredText(20, '民族').default('汉族'),
  idNumber: z.string().trim().toUpperCase(),
  birthDate: isoDate,
  education: z.enum(educations.values).nullable().optional(),
  category: z.enum(memberCategories.values),
  joinDate: isoDate,
  fullDate: isoDate.nullable().optional(),
  jobPost: text(50).nullable().optional(),
  phone: phone.nullable().optional(),
  address: text(200).nullable().optional(),
  lostContact: z.boolean().default(false),
  lostContactDate: isoDate.nullable().optional(),
  flowing: z.boolean().default(false),
  flowTo: text(100).nullable().optional(),
  rank: z.enum(ranks.values).nullable().optional(),
  partyPost: text(50).nullable().optional(),
  cadreType: z.enum(cadreTypes.values).nullable().optional(),
  hardship: z.boolean().default(false),
  retired: z.boolean().default(false),
};

type MemberShape = {
  idNumber: string;
  birthDate: string;
  gender: string;
  joinDate: string;
  fullDate?: string | null;
  category: string;
};

/** Cross-field checks shared by the form, the API and the Excel import; messages name the field. */
export function memberConsistencyErrors(m: MemberShape): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const parsed = parseIdNumber(m.idNumber);
  if ('error' in parsed) {
    errors.push({ field: 'idNumber', message: parsed.error });
  } else {
    if (parsed.birthDate !== m.birthDate) errors.push({ field: 'birthDate', message: `出生日期与公民身份号码不一致（应为${parsed.birthDate}）` });
    if (parsed.gender !== m.gender) errors.push({ field: 'gender', message: `性别与公民身份号码不一致（应为${parsed.gender}）` });
  }
  if (m.joinDate <= m.birthDate) errors.push({ field: 'joinDate', message: '入党日期应晚于出生日期' });
  if (m.fullDate && m.fullDate <= m.joinDate) errors.push({ field: 'fullDate', message: '转正日期应晚于入党日期' });
  if (m.category === 'full' && !m.fullDate) errors.push({ field: 'fullDate', message: '正式党员应填写转正日期' });
  if (m.category === 'probationary' && m.fullDate) errors.push({ field: 'fullDate', message: '预备党员不应有转正日期' });
  return errors;
}

function refineMember(m: MemberShape, ctx: z.RefinementCtx) {
  for (const e of memberConsistencyErrors(m)) ctx.addIssue({ code: 'custom', message: e.message, path: [e.field] });
}

export const memberCreateInput = z.object(memberFields).strict().superRefine(refineMember);

/** Update takes the whole record (the form sends it all), minus the organisation: moving is its own action. */
export const memberUpdateInput = z
  .object({ ...memberFields, orgId: id.optional() })
  .strict()
  .superRefine(refineMember);

export const memberStatusChangeInput = z
  .object({
    status: z.enum(memberStatuses.values),
    /**
     * The status the person saw when choosing the change: if someone else changed it meanwhile,
     * the change is refused (409) instead of stacking a second change on the first.
     */
    fromStatus: z.enum(memberStatuses.values).optional(),
    changedOn: isoDate,
    reason: requiredText(200, '变更原因'),
  })
  .strict();

export const memberSortFields = ['name', 'joinDate', 'birthDate', 'orgName'] as const;

export const memberListQuery = z
  .object({
    orgId: idParam.optional(),
    name: text(50).optional(),
    status: z.enum(memberStatuses.values).optional(),
    category: z.enum(memberCategories.values).optional(),
    rank: z.enum(ranks.values).optional(),
    ageMin: z.coerce.number().int().min(0).max(150).optional(),
    ageMax: z.coerce.number().int().min(0).max(150).optional(),
    joinFrom: isoDate.optional(),
    joinTo: isoDate.optional(),
    sort: z.enum(memberSortFields).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    ...pageQuery,
  })
  .strict();

export type MemberCreateInput = z.infer<typeof memberCreateInput>;
export type MemberUpdateInput = z.infer<typeof memberUpdateInput>;
export type MemberListQuery = z.infer<typeof memberListQuery>;

// Responses (see common/responses.ts). Personal data is masked in all of them but memberSensitiveDto.

/** A member as the list shows it (toMemberDto): ID number and phone masked, no encrypted columns. */
export const memberDto = z.object({
  id: int,
  orgId: int,
  orgName: z.string(),
  name: z.string(),
  gender: z.string(),
  ethnicity: z.string(),
  /** Masked, e.g. 110101********1234. */
  idNumber: z.string(),
  birthDate: day,
  education: z.string().nullable(),
  category: z.string(),
  joinDate: day,
  fullDate: day.nullable(),
  jobPost: z.string().nullable(),
  /** Masked. */
  phone: z.string().nullable(),
  status: z.string(),
  rank: z.string().nullable(),
  partyPost: z.string().nullable(),
  cadreType: z.string().nullable(),
  lostContact: z.boolean(),
  lostContactDate: day.nullable(),
  flowing: z.boolean(),
  flowTo: z.string().nullable(),
  hardship: z.boolean(),
  retired: z.boolean(),
});
export const memberPage = pageOf(memberDto);

/** GET /api/members/:id (and the answer of every change): the member, its histories, what the caller may do. */
export const memberDetailDto = memberDto.extend({
  hasAddress: z.boolean(),
  statusHistory: z.array(z.object({ id: int, fromStatus: z.string().nullable(), toStatus: z.string(), changedOn: day, reason: z.string().nullable() })),
  orgHistory: z.array(z.object({ id: int, movedOn: day, reason: z.string().nullable(), fromOrgName: z.string().nullable(), toOrgName: z.string().nullable() })),
  abilities: z.object({ edit: z.boolean(), viewSensitive: z.boolean() }),
});

/** GET /api/members/:id/sensitive: the whole values (audited). */
export const memberSensitiveDto = z.object({ idNumber: z.string(), phone: z.string().nullable(), address: z.string().nullable() });

/** POST /api/members/import?async=true → 202. */
export const importJobStartedDto = z.object({ jobId: z.uuid() });
export const importProgressDto = z.object({ phase: z.enum(['reading', 'validating', 'importing', 'done']), processed: int, total: int });
/** GET /api/members/import/:jobId: progress, then the result (or the error that stopped the job). */
export const importJobStateDto = z.object({
  progress: importProgressDto,
  result: importResultDto.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
