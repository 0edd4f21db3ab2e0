import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, idParam, isoDate, pageQuery, requiredText, text, z } from '../common/zod.ts';
import { day, int, pageOf, timestamp } from '../common/responses.ts';
import { addMonths } from '../orgs/org-size.rule.ts';
import { disciplineSeverities } from '../assessment/scheme.contract.ts';

/**
 * 党纪政务处分与约谈台账 (the discipline register, the "−1" of 「2+1-1」): party sanctions, government
 * sanctions, 诫勉 and 约谈 records of members. Sensitive: read and written only under its own
 * permission (discipline.*, the 纪检干部 role), every read audited (docs/SECURITY.md); terms in
 * docs/GLOSSARY.md, periods and sources in docs/RULES.md §9.3 (DC-1 …).
 */
export const disciplineCategories = defineOptions({
  party: '党纪处分',
  government: '政务处分',
  organisational: '组织处理',
  talk: '约谈',
});
export type DisciplineCategory = (typeof disciplineCategories.values)[number];

/** Every kind, with its category and default period of effect (影响期/处分期间) in months. */
export const disciplineKinds = defineOptions({
  party_warning: '警告（党纪）',
  party_serious_warning: '严重警告',
  party_removal: '撤销党内职务',
  party_probation: '留党察看',
  party_expulsion: '开除党籍',
  gov_warning: '警告（政务）',
  gov_demerit: '记过',
  gov_major_demerit: '记大过',
  gov_demotion: '降级',
  gov_dismissal: '撤职',
  gov_expulsion: '开除（公职）',
  admonition: '诫勉',
  reminder_talk: '提醒谈话',
  admonition_talk: '诫勉谈话',
});
export type DisciplineKind = (typeof disciplineKinds.values)[number];

/** severity: the kind's class in the assessment's deduction table (a case referred to the judiciary counts as `judicial`). */
type KindRule = { category: DisciplineCategory; months: number | null; severity: 'admonition' | 'light' | 'heavy' | null; endsMembership?: true };

/**
 * DC-1 … DC-3 (docs/RULES.md §10). Periods: 纪律处分条例 第九–十二条 (1 year, 18 months, 2 years;
 * 留党察看 1 or 2 years — 12 by default, editable per case); 政务处分法 第八条 (6/12/18/24 months); 诫勉:
 * 6 months, local practice (L). Severity is what the assessment's deduction table keys on
 * (practice.md §2.2: 诫勉 / light / heavy, L); talks are records, never deducted.
 */
export const DISCIPLINE_KIND_RULES: Record<DisciplineKind, KindRule> = {
  party_warning: { category: 'party', months: 12, severity: 'light' },
  party_serious_warning: { category: 'party', months: 18, severity: 'light' },
  party_removal: { category: 'party', months: 24, severity: 'heavy' },
  party_probation: { category: 'party', months: 12, severity: 'heavy' },
  party_expulsion: { category: 'party', months: null, severity: 'heavy', endsMembership: true },
  gov_warning: { category: 'government', months: 6, severity: 'light' },
  gov_demerit: { category: 'government', months: 12, severity: 'light' },
  gov_major_demerit: { category: 'government', months: 18, severity: 'heavy' },
  gov_demotion: { category: 'government', months: 24, severity: 'heavy' },
  gov_dismissal: { category: 'government', months: 24, severity: 'heavy' },
  gov_expulsion: { category: 'government', months: null, severity: 'heavy' },
  admonition: { category: 'organisational', months: 6, severity: 'admonition' },
  reminder_talk: { category: 'talk', months: null, severity: null },
  admonition_talk: { category: 'talk', months: null, severity: null },
};


/** The default end of the period of effect: the day before the same day N months later; none for expulsions and talks. */
export function defaultEffectiveUntil(kind: DisciplineKind, effectiveFrom: string): string | null {
  const months = DISCIPLINE_KIND_RULES[kind].months;
  if (months === null) return null;
  const end = new Date(`${addMonths(effectiveFrom, months)}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/** In effect on a day: recorded (not revoked), started, and its period not over (none = for good). */
export function inEffectOn(r: { status: DisciplineStatus; effectiveFrom: string; effectiveUntil: string | null; category: DisciplineCategory }, dayIso: string) {
  if (r.status !== 'effective' || r.category === 'talk') return false;
  return r.effectiveFrom <= dayIso && (r.effectiveUntil === null || dayIso <= r.effectiveUntil);
}

export const disciplineStatuses = defineOptions({ effective: '有效', revoked: '已撤销' });
export type DisciplineStatus = (typeof disciplineStatuses.values)[number];

export const disciplineMachine = defineStateMachine({
  entity: '处分记录',
  stateLabel: (s: DisciplineStatus) => disciplineStatuses.label(s),
  transitions: {
    edit: { from: ['effective'], to: null, label: '修改' },
    revoke: { from: ['effective'], to: 'revoked', label: '撤销' },
  },
});

const fields = {
  kind: z.enum(disciplineKinds.values, { message: '请选择处分或约谈种类' }),
  /** The day of the decision (处分决定日期 / 约谈日期). */
  decidedOn: isoDate,
  /** When the period of effect starts (by default the decision day) and ends (by default from the kind). */
  effectiveFrom: isoDate.optional(),
  effectiveUntil: isoDate.nullable().optional(),
  /** 决定机关 / 约谈人. */
  decidedBy: requiredText(100, '决定机关（约谈人）'),
  /** 文号 (optional). */
  documentNo: text(100).optional(),
  /** 案件编号: a party and a government sanction of one case share it, so the case is counted once (DC-4). */
  caseNo: text(60).optional(),
  /** 移送司法机关. */
  referredToJudiciary: z.boolean().optional(),
  summary: requiredText(2000, '事由'),
};

export const disciplineInput = z
  .object({ memberId: id, ...fields })
  .strict()
  .refine((r) => !r.effectiveUntil || r.effectiveUntil >= (r.effectiveFrom ?? r.decidedOn), { message: '影响期结束日期不能早于开始日期', path: ['effectiveUntil'] });
export type DisciplineInput = z.infer<typeof disciplineInput>;

export const disciplineUpdateInput = z
  .object(fields)
  .strict()
  .refine((r) => !r.effectiveUntil || r.effectiveUntil >= (r.effectiveFrom ?? r.decidedOn), { message: '影响期结束日期不能早于开始日期', path: ['effectiveUntil'] });
export type DisciplineUpdateInput = z.infer<typeof disciplineUpdateInput>;

export const disciplineRevokeInput = z.object({ revokedOn: isoDate, reason: requiredText(500, '撤销理由') }).strict();
export type DisciplineRevokeInput = z.infer<typeof disciplineRevokeInput>;

export const disciplineListQuery = z
  .object({
    orgId: idParam.optional(),
    memberId: idParam.optional(),
    category: z.enum(disciplineCategories.values).optional(),
    /** Decided in this year. */
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    status: z.enum(disciplineStatuses.values).optional(),
    /** Only those in effect today. */
    inEffect: z.enum(['true', 'false']).optional(),
    ...pageQuery,
  })
  .strict();
export type DisciplineListQuery = z.infer<typeof disciplineListQuery>;

export const disciplineDto = z.object({
  id: int,
  memberId: int,
  memberName: z.string(),
  orgId: int,
  orgName: z.string(),
  /** The unit the organisation belongs to (null for a unit's own committee or the root). */
  unitName: z.string().nullable(),
  kind: z.enum(disciplineKinds.values),
  category: z.enum(disciplineCategories.values),
  severity: z.enum(disciplineSeverities.values).nullable(),
  decidedOn: day,
  effectiveFrom: day,
  effectiveUntil: day.nullable(),
  inEffect: z.boolean(),
  decidedBy: z.string(),
  documentNo: z.string(),
  caseNo: z.string(),
  referredToJudiciary: z.boolean(),
  summary: z.string(),
  status: z.enum(disciplineStatuses.values),
  revokedOn: day.nullable(),
  revokedReason: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const disciplineListDto = pageOf(disciplineDto).extend({ canWrite: z.boolean() });

export const disciplineMemberSearchQuery = z.object({ q: requiredText(30, '姓名') }).strict();
export const disciplineMemberSearchDto = z.object({
  items: z.array(z.object({ id: int, name: z.string(), orgName: z.string(), status: z.string() })),
});
