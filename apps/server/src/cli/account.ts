import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { runAccountCommand, ACCOUNT_USAGE } from '../features/users/account-command.ts';
import { OperatorError, runCommand } from '../lib/operator-error.ts';

/*
 * `npm run account -- <command> <username>`: the operator's way to reset, unlock, disable or
 * enable an account on the server itself — the only way for the admin accounts (工委管理员 and the
 * three separated admins), so that no admin can take over another through the web
 * (docs/SECURITY.md). On PGlite it is refused while the server runs (the data directory's lock).
 * It reads no personal data: no master key is needed.
 */
await runCommand('账户命令未执行', async () => {
  const [command, username] = process.argv.slice(2);
  if (!command || !username) throw new OperatorError(ACCOUNT_USAGE);
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.pgliteDir });
  try {
    const out = await runAccountCommand({ db: database.db, clock: () => new Date() }, command, username, process.env.SUDO_USER ?? process.env.USER ?? 'unknown');
    console.log(out);
  } catch (e) {
    // An unknown account or command is the operator's mistake: said plainly, exit code 1.
    throw e instanceof OperatorError ? e : new OperatorError((e as Error).message);
  } finally {
    await database.close();
  }
});
