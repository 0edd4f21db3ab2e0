import { sql } from 'kysely';
import type { AppDeps } from '../../http/deps.ts';
import type { SystemContext } from '../../access/actor.ts';
import { generatePassword, hashPassword } from '../../lib/password.ts';
import { audit } from '../audit/audit.service.ts';
import { insertRootOrg } from '../orgs/orgs.repository.ts';
import { DEMO_CITY, seedCity } from './demo-seed.ts';

type Account = { username: string; displayName: string; grants: { orgId: number; role: string }[]; memberId?: number | null };

async function createAccount(deps: AppDeps, ctx: SystemContext, a: Account, passwordHash: string, mustChange: boolean) {
  await deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('app_user')
      .values({ username: a.username, display_name: a.displayName, password_hash: passwordHash, member_id: a.memberId ?? null, must_change_password: mustChange, locked_until: null, password_changed_at: null, last_login_at: null, created_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (a.grants.length) await trx.insertInto('role_grant').values(a.grants.map((g) => ({ user_id: id, org_id: g.orgId, role: g.role, created_at: ctx.now }))).execute();
    await audit(trx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: { username: a.username, grants: a.grants } });
  });
}

/** Demo accounts for each kind of user, tied to the demo city's first unit and branch. */
async function demoAccounts(deps: AppDeps, city: { rootId: number; firstUnitCommitteeId: number; firstBranchId: number }): Promise<Account[]> {
  const branchMembers = await deps.db
    .selectFrom('member')
    .innerJoin('org', 'org.id', 'member.org_id')
    .select(['member.id', 'member.party_post'])
    .where('org.path', 'like', `%/${city.firstBranchId}/%`)
    .orderBy('member.id')
    .execute();
  const secretary = branchMembers.find((m) => m.party_post === '党支部书记') ?? branchMembers[0];
  const plain = branchMembers.find((m) => m.id !== secretary?.id);
  return [
    { username: 'sysadmin', displayName: '系统管理员', grants: [{ orgId: city.rootId, role: 'system_admin' }] },
    { username: 'secadmin', displayName: '安全管理员', grants: [{ orgId: city.rootId, role: 'security_admin' }] },
    { username: 'auditor', displayName: '审计管理员', grants: [{ orgId: city.rootId, role: 'audit_admin' }] },
    { username: 'unitadmin', displayName: '单位党务干部', grants: [{ orgId: city.firstUnitCommitteeId, role: 'org_admin' }] },
    { username: 'secretary', displayName: '支部书记', grants: [{ orgId: city.firstBranchId, role: 'org_admin' }, { orgId: city.firstBranchId, role: 'member' }], memberId: secretary?.id },
    { username: 'member', displayName: '党员', grants: [{ orgId: city.firstBranchId, role: 'member' }], memberId: plain?.id },
  ];
}

/**
 * On an empty database: the root organisation (with the demo city unless disabled) and the
 * admin account. The admin password comes from INITIAL_ADMIN_PASSWORD (the operator chose it, so
 * no forced change) or is generated, printed once, and must be changed at first login.
 */
export async function bootstrap(deps: AppDeps, opts: { initialAdminPassword: string | null; demoData: boolean; log: (m: string) => void }) {
  const anyUser = await deps.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  if (anyUser) return;
  const ctx: SystemContext = { actor: null, ip: '127.0.0.1', now: deps.clock(), system: 'bootstrap' };
  const password = opts.initialAdminPassword ?? generatePassword();
  const mustChange = !opts.initialAdminPassword;
  const passwordHash = await hashPassword(password);

  let rootId: number;
  let demo: Account[] = [];
  if (opts.demoData) {
    opts.log('正在生成演示数据（约20个单位、150个党组织、2400名党员、两年组织生活记录）…');
    const city = await seedCity(deps, ctx, DEMO_CITY);
    // The city arrives in one transaction and PGlite has no autovacuum: without statistics the
    // planner's guesses make the first heatmap take over a second instead of some 40 ms.
    await sql`vacuum analyze`.execute(deps.db);
    rootId = city.rootId;
    demo = await demoAccounts(deps, city);
  } else {
    rootId = await deps.db.transaction().execute((trx) => insertRootOrg(trx, '市直机关工委', 'working_committee', ctx.now));
  }
  await createAccount(deps, ctx, { username: 'admin', displayName: '工委管理员', grants: [{ orgId: rootId, role: 'committee_admin' }, { orgId: rootId, role: 'security_admin' }] }, passwordHash, mustChange);
  for (const account of demo) await createAccount(deps, ctx, account, passwordHash, mustChange);

  opts.log('────────────────────────────────────────');
  opts.log(`管理员账户：admin  密码：${opts.initialAdminPassword ? '（INITIAL_ADMIN_PASSWORD 中设置的密码）' : password}`);
  if (mustChange) opts.log('该密码只显示这一次，首次登录后须修改。');
  if (demo.length) opts.log(`演示账户（密码同上）：${demo.map((a) => `${a.username}（${a.displayName}）`).join('、')}`);
  opts.log('────────────────────────────────────────');
}
