import { loadConfig } from '../config.ts';
import { depsFromConfig } from '../http/deps.ts';
import { openDatabase } from '../db/connection.ts';
import { runAccountCommand, ACCOUNT_USAGE } from '../features/users/account-command.ts';

/*
 * `npm run account -- <command> <username>`: the operator's way to reset, unlock, disable or
 * enable an account on the server itself — the only way for the admin accounts (工委管理员 and the
 * three separated admins), so that no admin can take over another through the web
 * (docs/SECURITY.md). On PGlite run it while the server is stopped.
 */
const config = loadConfig();
const [command, username] = process.argv.slice(2);
if (!command || !username) {
  console.error(ACCOUNT_USAGE);
  process.exit(2);
}
const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.pgliteDir });
try {
  const out = await runAccountCommand(depsFromConfig(config, database), command, username, process.env.SUDO_USER ?? process.env.USER ?? 'unknown');
  console.log(out);
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
