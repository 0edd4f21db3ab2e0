import { defineOptions } from '../common/options.ts';
import { defineStateMachine } from '../common/state-machine.ts';
import { id, idParam, isoDate, requiredText, text, z } from '../common/zod.ts';
import { day, int, timestamp } from '../common/responses.ts';
import { inEffectOn, type DisciplineCategory, type DisciplineStatus } from '../discipline/discipline.contract.ts';

/**
 * 创先争优 (honours, the "+1" of 「2+1-1」, issue 11 item 6): a campaign per year and kind, nominations
 * by organisations within a quota, eligibility computed from the records (discipline register,
 * organisational-life compliance, red cards), review by the committee, 公示 for N working days on a
 * public page with objections answered, then naming. Terms in docs/GLOSSARY.md, rules HN-1 … in
 * docs/RULES.md §11.
 */
export const honourTargets = defineOptions({ org: '党组织（单位）', member: '党员' });
export type HonourTarget = (typeof honourTargets.values)[number];

/** The default catalogue (HN-1): which honours exist and whom each is given to. */
export const honourKinds = defineOptions({
  model_unit: '模范机关先进单位',
  strong_branch: '过硬支部',
  advanced_org: '先进基层党组织',
  vanguard_post: '党员先锋岗',
  excellent_member: '优秀共产党员',
  excellent_worker: '优秀党务工作者',
});
export type HonourKind = (typeof honourKinds.values)[number];
export const HONOUR_KIND_TARGET: Record<HonourKind, HonourTarget> = {
  model_unit: 'org',
  strong_branch: 'org',
  advanced_org: 'org',
  vanguard_post: 'member',
  excellent_member: 'member',
  excellent_worker: 'member',
};

/** 公示 length in working days (HN-6, L: 「公示期不少于5个工作日」 is the common practice, configurable per campaign). */
export const DEFAULT_PUBLICITY_DAYS = 5;
/** Organisational-life compliance threshold in % (HN-4, L). */
export const DEFAULT_COMPLIANCE_THRESHOLD = 90;

export const honourRuleKeys = defineOptions({ discipline: '无处分（影响期内）', compliance: '组织生活落实率', red_card: '未被亮红牌' });
export type HonourRuleKey = (typeof honourRuleKeys.values)[number];

/**
 * The eligibility rules a campaign applies, each switchable. A binding rule that fails refuses the
 * nomination (and later its approval); an advisory one (`advisory: true`) only shows its reason to
 * the committee, which decides (HN-3).
 */
export const honourRulesSchema = z
  .object({
    discipline: z.object({ enabled: z.boolean(), advisory: z.boolean() }).strict(),
    compliance: z.object({ enabled: z.boolean(), advisory: z.boolean(), threshold: z.number().int().min(0, '落实率阈值应在0–100之间').max(100, '落实率阈值应在0–100之间') }).strict(),
    red_card: z.object({ enabled: z.boolean(), advisory: z.boolean() }).strict(),
  })
  .strict();
export type HonourRules = z.infer<typeof honourRulesSchema>;
export const DEFAULT_HONOUR_RULES: HonourRules = {
  discipline: { enabled: true, advisory: false },
  compliance: { enabled: true, advisory: true, threshold: DEFAULT_COMPLIANCE_THRESHOLD },
  red_card: { enabled: true, advisory: false },
};

export const campaignStatuses = defineOptions({
  draft: '草稿',
  nominating: '推荐中',
  reviewing: '审核中',
  publicity: '公示中',
  named: '已命名',
  cancelled: '已取消',
});
export type CampaignStatus = (typeof campaignStatuses.values)[number];

/** HN-2: the campaign's life. Every transition is load-check-write in one transaction (runTransition). */
export const campaignMachine = defineStateMachine({
  entity: '评选活动',
  stateLabel: (s: CampaignStatus) => campaignStatuses.label(s),
  transitions: {
    edit: { from: ['draft'], to: null, label: '修改' },
    open: { from: ['draft'], to: 'nominating', label: '开始推荐' },
    close: { from: ['nominating'], to: 'reviewing', label: '截止推荐' },
    publicize: { from: ['reviewing'], to: 'publicity', label: '开始公示' },
    name: { from: ['publicity'], to: 'named', label: '命名' },
    cancel: { from: ['draft', 'nominating', 'reviewing', 'publicity'], to: 'cancelled', label: '取消' },
    nominate: { from: ['nominating'], to: null, label: '推荐' },
    review: { from: ['reviewing'], to: null, label: '审核' },
    object: { from: ['publicity'], to: null, label: '登记异议' },
  },
});

export const nominationStatuses = defineOptions({ submitted: '待审核', approved: '审核通过', rejected: '未通过', withdrawn: '已撤回', named: '已命名' });
export type NominationStatus = (typeof nominationStatuses.values)[number];
export const nominationMachine = defineStateMachine({
  entity: '推荐',
  stateLabel: (s: NominationStatus) => nominationStatuses.label(s),
  transitions: {
    approve: { from: ['submitted'], to: 'approved', label: '审核通过' },
    reject: { from: ['submitted'], to: 'rejected', label: '不予通过' },
    withdraw: { from: ['submitted'], to: 'withdrawn', label: '撤回' },
    /** An objection found well-founded during 公示 takes the nominee off the list. */
    uphold: { from: ['approved'], to: 'rejected', label: '撤销（异议成立）' },
    name: { from: ['approved'], to: 'named', label: '命名' },
  },
});

export const objectionChannels = defineOptions({ letter: '来信', phone: '来电', visit: '来访', email: '电子邮件' });
export const objectionOutcomes = defineOptions({ dismissed: '异议不成立', upheld: '异议成立（撤销该推荐）' });
export const objectionStatuses = defineOptions({ open: '待答复', answered: '已答复' });
export type ObjectionStatus = (typeof objectionStatuses.values)[number];
export const objectionMachine = defineStateMachine({
  entity: '异议',
  stateLabel: (s: ObjectionStatus) => objectionStatuses.label(s),
  transitions: { answer: { from: ['open'], to: 'answered', label: '答复' } },
});

// ── Eligibility (pure) ──────────────────────────────────────────────────────────────────────────

export type EligibilityCheck = { rule: HonourRuleKey; passed: boolean; advisory: boolean; reason: string };
export const eligibilityCheckDto = z.object({ rule: z.enum(honourRuleKeys.values), passed: z.boolean(), advisory: z.boolean(), reason: z.string() });

type DisciplineFact = { status: DisciplineStatus; category: DisciplineCategory; kindLabel: string; effectiveFrom: string; effectiveUntil: string | null; decidedOn: string };

/**
 * HN-3a: a record counts when it is in effect on some day of the period — by the register's own
 * rule (inEffectOn) on the first day of the period it could be in effect.
 */
export function inEffectDuring(r: DisciplineFact, from: string, to: string): boolean {
  if (r.effectiveFrom > to) return false;
  return inEffectOn(r, r.effectiveFrom > from ? r.effectiveFrom : from);
}

/**
 * The verdict of each enabled rule, with its reason in Chinese. The discipline reason names only the
 * date, the kind and the end of the period of effect (docs/SECURITY.md): never the member of an
 * organisation nominee, the 事由 or the deciding body.
 */
export function evaluateEligibility(input: {
  rules: HonourRules;
  target: HonourTarget;
  year: number;
  periodFrom: string;
  periodTo: string;
  discipline: DisciplineFact[];
  /** The organisation nominee's compliance rate in % (the heatmap's engine), null when nothing was due. */
  complianceRate: number | null;
  redCards: { issuedOn: string; kindName: string }[];
}): EligibilityCheck[] {
  const out: EligibilityCheck[] = [];
  const { rules } = input;
  if (rules.discipline.enabled) {
    const hits = input.discipline.filter((r) => inEffectDuring(r, input.periodFrom, input.periodTo));
    const whose = input.target === 'org' ? '本组织党员' : '';
    out.push({
      rule: 'discipline',
      advisory: rules.discipline.advisory,
      passed: hits.length === 0,
      reason: hits.length
        ? `${whose}有处分记录，影响期内：${hits.map((r) => `${r.decidedOn} ${r.kindLabel}，影响期至${r.effectiveUntil ?? '长期'}`).join('；')}`
        : `${input.periodFrom}至${input.periodTo}无影响期内的处分`,
    });
  }
  if (rules.compliance.enabled) {
    if (input.target === 'member') out.push({ rule: 'compliance', advisory: rules.compliance.advisory, passed: true, reason: '不适用（仅评价党组织）' });
    else {
      const rate = input.complianceRate;
      const t = rules.compliance.threshold;
      out.push({
        rule: 'compliance',
        advisory: rules.compliance.advisory,
        passed: rate === null || rate >= t,
        reason: rate === null ? `${input.year}年暂无应落实的组织生活事项` : rate >= t ? `组织生活落实率${rate}%，不低于${t}%` : `组织生活落实率${rate}%，低于${t}%`,
      });
    }
  }
  if (rules.red_card.enabled) {
    if (input.target === 'member') out.push({ rule: 'red_card', advisory: rules.red_card.advisory, passed: true, reason: '不适用（仅评价党组织）' });
    else {
      const n = input.redCards.length;
      out.push({
        rule: 'red_card',
        advisory: rules.red_card.advisory,
        passed: n === 0,
        reason: n ? `${input.year}年被亮红牌（${input.redCards.map((c) => `${c.issuedOn} ${c.kindName}`).join('；')}）` : `${input.year}年未被亮红牌`,
      });
    }
  }
  return out;
}

/** Eligible: every enabled rule passed. Refused: a binding rule failed (advisory failures only warn). */
export const isEligible = (checks: EligibilityCheck[]) => checks.every((c) => c.passed);
export const bindingFailures = (checks: EligibilityCheck[]) => checks.filter((c) => !c.passed && !c.advisory);

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────────

const yearField = z.number().int().min(2000, '年度不正确').max(2100, '年度不正确');
const campaignFields = {
  year: yearField,
  kind: z.enum(honourKinds.values, { message: '请选择荣誉种类' }),
  title: requiredText(100, '评选活动名称'),
  /** The period the records are judged over (default: the year). */
  periodFrom: isoDate,
  periodTo: isoDate,
  /** Nominations per nominating organisation. */
  quota: z.number().int().min(1, '名额至少为1').max(100, '名额不超过100'),
  rules: honourRulesSchema,
  publicityDays: z.number().int().min(1, '公示期至少1个工作日').max(30, '公示期不超过30个工作日'),
  /** Where objections go during 公示 (phone, address, mailbox): shown on the public page. */
  objectionContact: requiredText(300, '异议受理方式'),
};
const periodOk = (c: { periodFrom: string; periodTo: string }) => c.periodFrom <= c.periodTo;
export const campaignInput = z.object(campaignFields).strict().refine(periodOk, { message: '评选期间结束日期不能早于开始日期', path: ['periodTo'] });
export type CampaignInput = z.infer<typeof campaignInput>;

export const campaignListQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }).strict();

export const nominationInput = z
  .object({
    /** The organisation that nominates (within the caller's grant); default: the caller's topmost one. */
    nominatingOrgId: id.optional(),
    /** The nominee: an organisation (org honours) or a member (member honours). */
    orgId: id.optional(),
    memberId: id.optional(),
    deeds: requiredText(3000, '主要事迹'),
  })
  .strict()
  .refine((n) => (n.orgId === undefined) !== (n.memberId === undefined), { message: '请选择被推荐的党组织或党员（二者择一）', path: ['orgId'] });
export type NominationInput = z.infer<typeof nominationInput>;

export const nominationReviewInput = z
  .object({ decision: z.enum(['approve', 'reject']), reason: text(500).optional() })
  .strict()
  .refine((r) => r.decision === 'approve' || !!r.reason, { message: '不予通过须写明理由', path: ['reason'] });
export type NominationReviewInput = z.infer<typeof nominationReviewInput>;

export const objectionInput = z
  .object({
    nominationId: id,
    receivedOn: isoDate,
    channel: z.enum(objectionChannels.values, { message: '请选择受理方式' }),
    /** Who raised it (may be 匿名). */
    fromWhom: requiredText(100, '反映人'),
    content: requiredText(2000, '异议内容'),
  })
  .strict();
export type ObjectionInput = z.infer<typeof objectionInput>;

export const objectionAnswerInput = z.object({ outcome: z.enum(objectionOutcomes.values), answer: requiredText(2000, '答复内容') }).strict();
export type ObjectionAnswerInput = z.infer<typeof objectionAnswerInput>;

export const honourListQuery = z
  .object({ year: z.coerce.number().int().min(2000).max(2100).optional(), orgId: idParam.optional(), memberId: idParam.optional() })
  .strict();

// ── Answers ─────────────────────────────────────────────────────────────────────────────────────

export const campaignDto = z.object({
  id: int,
  year: int,
  kind: z.enum(honourKinds.values),
  target: z.enum(honourTargets.values),
  title: z.string(),
  periodFrom: day,
  periodTo: day,
  quota: int,
  rules: z.object({
    discipline: z.object({ enabled: z.boolean(), advisory: z.boolean() }),
    compliance: z.object({ enabled: z.boolean(), advisory: z.boolean(), threshold: int }),
    red_card: z.object({ enabled: z.boolean(), advisory: z.boolean() }),
  }),
  publicityDays: int,
  objectionContact: z.string(),
  status: z.enum(campaignStatuses.values),
  publicityFrom: day.nullable(),
  publicityUntil: day.nullable(),
  namedOn: day.nullable(),
  /** Nominations by state (within the caller's scope). */
  counts: z.object({ submitted: int, approved: int, rejected: int, named: int }),
  createdAt: timestamp,
});
export const campaignListDto = z.object({ items: z.array(campaignDto), canConfigure: z.boolean(), canNominate: z.boolean() });

export const nominationDto = z.object({
  id: int,
  campaignId: int,
  nominatingOrgId: int,
  nominatingOrgName: z.string(),
  orgId: int.nullable(),
  memberId: int.nullable(),
  /** The nominee's name: the member's, or the organisation's. */
  nomineeName: z.string(),
  /** Where the nominee belongs: a member's organisation; for an organisation, its unit (many units have a 综合处党支部). */
  orgName: z.string(),
  deeds: z.string(),
  eligibility: z.array(eligibilityCheckDto),
  eligible: z.boolean(),
  status: z.enum(nominationStatuses.values),
  reviewReason: z.string().nullable(),
  reviewedAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const objectionDto = z.object({
  id: int,
  nominationId: int,
  nomineeName: z.string(),
  receivedOn: day,
  channel: z.enum(objectionChannels.values),
  fromWhom: z.string(),
  content: z.string(),
  status: z.enum(objectionStatuses.values),
  outcome: z.enum(objectionOutcomes.values).nullable(),
  answer: z.string().nullable(),
  answeredOn: day.nullable(),
});

export const campaignDetailDto = campaignDto.extend({
  nominations: z.array(nominationDto),
  /** Objections: the committee only (empty for others). */
  objections: z.array(objectionDto),
  /** Naming is possible from this day (the day after 公示 ends). */
  canNameFrom: day.nullable(),
  canConfigure: z.boolean(),
  canNominate: z.boolean(),
  /** The caller's quota left, per nominating organisation it may nominate for (while nominating). */
  quotaLeft: z.array(z.object({ orgId: int, orgName: z.string(), left: int })),
});

/** One named honour on the record of an organisation or a member (what the assessment's "+1" reads). */
export const honourDto = z.object({
  nominationId: int,
  campaignId: int,
  year: int,
  kind: z.enum(honourKinds.values),
  target: z.enum(honourTargets.values),
  title: z.string(),
  orgId: int.nullable(),
  memberId: int.nullable(),
  nomineeName: z.string(),
  orgName: z.string(),
  /** The organisation the honour counts for (org honours: itself; member honours: the member's organisation at nomination). */
  countsForOrgId: int,
  namedOn: day,
});
export const honourListDto = z.object({ items: z.array(honourDto) });

/** The public 公示 page (no login): names, organisation, honour, window and where to object — nothing more. */
export const publicHonourDto = z.object({
  items: z.array(
    z.object({
      title: z.string(),
      kind: z.enum(honourKinds.values),
      publicityFrom: day,
      publicityUntil: day,
      objectionContact: z.string(),
      nominees: z.array(z.object({ name: z.string(), orgName: z.string() })),
    }),
  ),
});
