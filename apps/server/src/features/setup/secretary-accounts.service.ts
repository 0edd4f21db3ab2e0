import type { AppDeps } from '../../http/deps.ts';
import type { RequestContext } from '../../access/actor.ts';
import { canGenerateSecretaryAccounts } from '../../access/setup-policy.ts';
import { forbidden } from '../../http/errors.ts';
import { generateReadablePassword, hashPassword } from '../../lib/password.ts';
import { insertAccount } from '../users/index.ts';
import { secretaryRows } from './setup.service.ts';
import { secretarySheet } from './secretary-sheet.ts';
import * as repo from './setup.repository.ts';

// 批量生成书记账户: one account per serving 书记 without one, linked to the member, with
// 组织管理员 and 党员 at the branch. Preview first; the confirmation names the members and each
// is judged again inside one transaction that locks their rows, so two admins generating at once
// never give one member two accounts (the second finds the first's account: 已有账户).

function requireGenerate(ctx: RequestContext) {
  if (!canGenerateSecretaryAccounts(ctx.actor)) throw forbidden('没有开通账户的权限');
}

export async function previewSecretaryAccounts(deps: AppDeps, ctx: RequestContext) {
  requireGenerate(ctx);
  return { items: await secretaryRows(deps, ctx) };
}

export async function createSecretaryAccounts(deps: AppDeps, ctx: RequestContext, memberIds: number[], loginUrl: string) {
  requireGenerate(ctx);
  const wanted = [...new Set(memberIds)];
  // Passwords are hashed before the transaction (scrypt is slow), for the rows the preview would
  // create now; a row that changes meanwhile is judged again below and its hash dropped.
  const candidates = (await secretaryRows(deps, ctx, wanted)).filter((r) => r.state === 'create');
  const passwords = new Map<number, { password: string; hash: string }>();
  for (let i = 0; i < candidates.length; i += 4) {
    // Four at a time: scrypt runs on libuv's four threads.
    await Promise.all(
      candidates.slice(i, i + 4).map(async (r) => {
        const password = generateReadablePassword();
        passwords.set(r.memberId, { password, hash: await hashPassword(password) });
      }),
    );
  }
  const { created, skipped } = await deps.db.transaction().execute(async (trx) => {
    await repo.lockMembers(trx, wanted);
    const rows = await secretaryRows(deps, ctx, wanted, trx);
    const created = [];
    const skipped = rows.filter((r) => r.state !== 'create' || !passwords.has(r.memberId));
    for (const r of rows) {
      const secret = passwords.get(r.memberId);
      if (r.state !== 'create' || !secret) continue;
      const userId = await insertAccount(
        trx,
        ctx,
        { username: r.username, displayName: r.memberName, memberId: r.memberId, grants: [{ orgId: r.orgId, role: 'org_admin' }, { orgId: r.orgId, role: 'member' }] },
        secret.hash,
        'setup.secretary_accounts',
      );
      created.push({ userId, memberId: r.memberId, memberName: r.memberName, orgId: r.orgId, orgName: r.orgName, parentOrgName: r.parentOrgName, username: r.username, initialPassword: secret.password });
    }
    // Asked for but not a serving secretary in the caller's scope (any more): named by id only.
    const found = new Set(rows.map((r) => r.memberId));
    for (const memberId of wanted.filter((m) => !found.has(m))) {
      skipped.push({ memberId, memberName: '', orgId: 0, orgName: '', parentOrgName: null, username: '', state: 'not_allowed', existingUsername: null, reason: '不是您管理范围内的在任书记' });
    }
    return { created, skipped };
  });
  return { created, skipped, workbookBase64: (await secretarySheet(created, loginUrl)).toString('base64') };
}
