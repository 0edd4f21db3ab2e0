import { localDate, needsBranchCommittee, secretaryUsername, type SetupStep } from '@xianfeng/shared';
import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canGenerateSecretaryAccounts, secretaryAccountDenial, setupScope } from '../../access/setup-policy.ts';
import { requirementsFor } from '../compliance/index.ts';
import { getCityGoLive } from '../orgs/index.ts';
import * as repo from './setup.repository.ts';

// 上线准备: seven steps, each done or with what is missing (Chinese lines). Scope: the caller's
// member.read subtrees (access/setup-policy.ts) — the 工委管理员 sees the city, a 组织管理员 its
// own subtree. The go-live date and the requirement table are the city's (one of each).

const SHOWN = 5;

/** 「A、B、C等12个」 */
export function someNames(names: string[], unit: string) {
  const shown = names.slice(0, SHOWN).join('、');
  return names.length > SHOWN ? `${shown}等${names.length}${unit}` : shown;
}

export async function setupProgress(deps: AppDeps, ctx: RequestContext) {
  const scope = setupScope(ctx.actor);
  const roots = scope.kind === 'subtrees' ? scope.paths : [];
  const today = localDate(ctx.now);
  const year = Number(today.slice(0, 4));
  const [orgs, branches, secretaries, goLiveOn, requirements, submitted] = await Promise.all([
    repo.orgCounts(deps.db, scope, roots),
    repo.branchFacts(deps.db, scope, today),
    repo.secretaries(deps.db, scope, today),
    getCityGoLive(deps.db),
    requirementsFor(deps.db, year),
    repo.hasSubmittedActivity(deps.db, scope),
  ]);
  const noBranch = branches.length === 0;
  const missing: Record<SetupStep, string[]> = {
    orgs: [],
    roster: [],
    committees: [],
    accounts: [],
    go_live: [],
    requirements: [],
    first_meeting: [],
  };
  // Nothing built: no organisation below the caller's own and no branch (a branch's own admin
  // has nothing below it and needs nothing: its 党小组 are optional).
  const empty = orgs.below === 0 && orgs.branches === 0;
  if (empty) missing.orgs.push('尚未建立下级党组织');
  else if (orgs.branches === 0) missing.orgs.push('尚无党支部');

  const withoutMembers = branches.filter((b) => b.members === 0);
  if (noBranch) missing.roster.push('尚无党支部，请先建立组织架构');
  else if (withoutMembers.length) missing.roster.push(`${withoutMembers.length}个党支部还没有党员：${someNames(withoutMembers.map((b) => b.name), '个')}`);

  const withoutCommittee = branches.filter((b) => needsBranchCommittee(b));
  const withoutSecretary = branches.filter((b) => b.secretaries === 0);
  if (noBranch) missing.committees.push('尚无党支部，请先建立组织架构');
  if (withoutCommittee.length) {
    missing.committees.push(`${withoutCommittee.length}个党支部正式党员7名以上，应当成立支部委员会（ZB-21）：${someNames(withoutCommittee.map((b) => b.name), '个')}`);
  }
  if (withoutSecretary.length) missing.committees.push(`${withoutSecretary.length}个党支部没有在任书记：${someNames(withoutSecretary.map((b) => b.name), '个')}`);

  const withoutAccount = secretaries.filter((s) => !s.existingUsername);
  const withoutGrant = secretaries.filter((s) => s.existingUsername && !s.existingIsBranchAdmin);
  if (!secretaries.length) missing.accounts.push('尚无在任书记，请先配齐各党支部书记');
  if (withoutAccount.length) {
    missing.accounts.push(`${withoutAccount.length}名书记还没有账户：${someNames(withoutAccount.map((s) => `${s.memberName}（${s.orgName}）`), '名')}`);
  }
  if (withoutGrant.length) {
    missing.accounts.push(
      `${withoutGrant.length}名书记的账户没有本支部“组织管理员”授权（请在“账户与权限”中授权）：${someNames(withoutGrant.map((s) => `${s.memberName}（${s.existingUsername}）`), '名')}`,
    );
  }

  if (!goLiveOn) missing.go_live.push('尚未设定全市启用日期（启用前的考核周期不计为逾期）');
  if (!requirements.stored) {
    missing.requirements.push(`${year}年度考核要求尚未保存，目前沿用${requirements.fromYear ? `${requirements.fromYear}年度的要求` : '全国性规定的默认要求'}`);
  }
  if (!submitted) missing.first_meeting.push('尚无提交审核或已通过的组织生活记录');

  const steps = (Object.keys(missing) as SetupStep[]).map((key) => ({ key, done: missing[key].length === 0, missing: missing[key] }));
  return {
    steps,
    doneCount: steps.filter((s) => s.done).length,
    total: steps.length,
    empty,
    canGenerateAccounts: canGenerateSecretaryAccounts(ctx.actor),
  };
}

/** Every serving secretary in scope and what generating would do for each (nothing is written). */
export async function secretaryRows(deps: AppDeps, ctx: RequestContext, memberIds?: number[], db = deps.db) {
  const scope = setupScope(ctx.actor);
  const today = localDate(ctx.now);
  const rows = await repo.secretaries(db, scope, today, memberIds);
  const taken = await repo.takenUsernames(db, rows.map((r) => secretaryUsername(r.memberId)));
  return rows.map((r) => {
    const username = secretaryUsername(r.memberId);
    const base = { memberId: r.memberId, memberName: r.memberName, orgId: r.orgId, orgName: r.orgName, parentOrgName: r.parentOrgName, username, existingUsername: r.existingUsername, reason: null as string | null };
    if (r.existingUsername) {
      // The bulk never changes an existing account's grants: that is the accounts page's work.
      const reason = r.existingIsBranchAdmin ? null : `该账户没有本支部“组织管理员”授权，请在“账户与权限”中为 ${r.existingUsername} 授权`;
      return { ...base, state: 'has_account' as const, reason };
    }
    const denial = secretaryAccountDenial(ctx.actor, r.orgPath, r.memberOrgPath);
    if (denial) return { ...base, state: 'not_allowed' as const, reason: denial };
    if (taken.has(username)) return { ...base, state: 'username_taken' as const, reason: `用户名 ${username} 已被其他账户使用，请在“账户与权限”中为其单独开通` };
    return { ...base, state: 'create' as const };
  });
}
