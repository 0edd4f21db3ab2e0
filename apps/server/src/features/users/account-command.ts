import type { AppDeps } from '../../http/deps.ts';
import type { SystemContext } from '../../access/actor.ts';
import { generatePassword, hashPassword } from '../../lib/password.ts';
import { audit } from '../audit/index.ts';
import { clearLoginFailures, deleteUserSessions, recordPassword } from '../auth/index.ts';

export const ACCOUNT_USAGE = `用法：npm run account -- <命令> <用户名>
  reset-password  生成新的初始密码（只显示一次，首次登录须修改），解除锁定，结束该账户的所有会话
  unlock          解除登录失败锁定
  disable         停用账户并结束其所有会话
  enable          启用账户`;

/**
 * The operator's account commands (cli/account.ts). Audited as `system:cli:<os user>`: whoever
 * runs them has the server, hence the database and the master key, so the command gives no new
 * power — it only keeps the web free of any path by which one admin takes over another.
 */
export async function runAccountCommand(deps: Pick<AppDeps, 'db' | 'clock'>, command: string, username: string, osUser: string): Promise<string> {
  const ctx: SystemContext = { actor: null, ip: 'localhost', now: deps.clock(), system: `cli:${osUser}` };
  const user = await deps.db.selectFrom('app_user').select(['id', 'username', 'disabled']).where('username', '=', username).executeTakeFirst();
  if (!user) throw new Error(`账户不存在：${username}`);
  switch (command) {
    case 'reset-password': {
      const password = generatePassword();
      const hash = await hashPassword(password);
      await deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ password_hash: hash, must_change_password: true, password_set_by: null }).where('id', '=', user.id).execute();
        await recordPassword(trx, user.id, hash, ctx.now);
        await clearLoginFailures(trx, username);
        await deleteUserSessions(trx, user.id);
        await audit(trx, ctx, { action: 'user.password_reset', entityType: 'user', entityId: user.id, after: { username, by: 'server command' } });
      });
      return `账户 ${username} 的新初始密码：${password}\n（只显示这一次；请当面或以安全方式交给本人，首次登录后须修改）`;
    }
    case 'unlock':
      await deps.db.transaction().execute(async (trx) => {
        await clearLoginFailures(trx, username);
        await audit(trx, ctx, { action: 'user.unlock', entityType: 'user', entityId: user.id, after: { username } });
      });
      return `账户 ${username} 已解除锁定`;
    case 'disable':
    case 'enable': {
      const disabled = command === 'disable';
      await deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ disabled }).where('id', '=', user.id).execute();
        if (disabled) await deleteUserSessions(trx, user.id);
        await audit(trx, ctx, { action: 'user.update', entityType: 'user', entityId: user.id, before: { disabled: user.disabled }, after: { disabled, by: 'server command' } });
      });
      return `账户 ${username} 已${disabled ? '停用' : '启用'}`;
    }
    default:
      throw new Error(`未知命令：${command}\n${ACCOUNT_USAGE}`);
  }
}
