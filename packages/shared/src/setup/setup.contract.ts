import { defineOptions } from '../common/options.ts';
import { id, z } from '../common/zod.ts';
import { int } from '../common/responses.ts';

// 上线准备 (the setup guide): what a committee or organisation admin still has to do before the
// platform goes live in its subtree, and the bulk generation of secretaries' accounts
// (批量生成书记账户). docs/GLOSSARY.md; initial passwords: docs/SECURITY.md §1.

export const setupSteps = defineOptions({
  orgs: '建立组织架构',
  roster: '录入党员名册',
  committees: '配齐支部委员会和书记',
  accounts: '为书记开通账户',
  go_live: '设定启用日期',
  requirements: '确认本年度考核要求',
  first_meeting: '登记第一次组织生活',
});
export type SetupStep = (typeof setupSteps.values)[number];

export const setupStepDto = z.object({
  key: z.enum(setupSteps.values),
  done: z.boolean(),
  /** What is missing, one Chinese line each (empty when done). */
  missing: z.array(z.string()),
});

export const setupProgressDto = z.object({
  steps: z.array(setupStepDto),
  doneCount: int,
  total: int,
  /** Nothing built in the caller's subtree (no organisation below its own, no branch): the console points to the guide. */
  empty: z.boolean(),
  /** May the caller generate secretaries' accounts (user.write and grant.write). */
  canGenerateAccounts: z.boolean(),
});

/** The rule of the username of a generated secretary account: `sj` + the member's id (书记). */
export const secretaryUsername = (memberId: number) => `sj${memberId}`;

export const secretaryAccountStates = defineOptions({
  create: '将开通',
  has_account: '已有账户',
  not_allowed: '无权开通',
  username_taken: '用户名已被占用',
});

export const secretaryAccountRowDto = z.object({
  memberId: int,
  memberName: z.string(),
  orgId: int,
  orgName: z.string(),
  /** The branch's parent (e.g. its 机关党委): branch names repeat across units. */
  parentOrgName: z.string().nullable(),
  username: z.string(),
  state: z.enum(secretaryAccountStates.values),
  /** has_account: the username of the account already linked to the member. */
  existingUsername: z.string().nullable(),
  /** not_allowed / username_taken: why, in Chinese. */
  reason: z.string().nullable(),
});

export const secretaryAccountsPreviewDto = z.object({ items: z.array(secretaryAccountRowDto) });

/** Confirm: the members of the preview to create accounts for (each is checked again). */
export const secretaryAccountsInput = z.object({ memberIds: z.array(id).min(1, '请至少选择一名书记').max(2000) }).strict();
export type SecretaryAccountsInput = z.infer<typeof secretaryAccountsInput>;

export const createdSecretaryAccountDto = z.object({
  userId: int,
  memberId: int,
  memberName: z.string(),
  orgId: int,
  orgName: z.string(),
  parentOrgName: z.string().nullable(),
  username: z.string(),
  /** The initial password: in this answer only, never stored in plain text nor audited. */
  initialPassword: z.string(),
});

export const secretaryAccountsResultDto = z.object({
  created: z.array(createdSecretaryAccountDto),
  /** Asked for but not created (already had an account, no longer allowed, …), as in the preview. */
  skipped: z.array(secretaryAccountRowDto),
  /** The same slips as an Excel workbook (base64), made from this answer and not kept. */
  workbookBase64: z.string(),
});
