import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { restorePglite, restorePostgres } from '../features/system/backup.ts';
import { checkMasterKey } from '../features/system/master-key.ts';
import { OperatorError, runCommand } from '../lib/operator-error.ts';

/*
 * `npm run restore -- <file>`: into an empty database, then the same master-key check as the
 * server's start, so a restore without its master.key says so now rather than at the first
 * "查看完整信息". It never generates a key.
 */
const arg = process.argv[2];
if (!arg) {
  console.error('用法：npm run restore -- <备份文件>');
  process.exit(2);
}
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), arg);
await runCommand('恢复未完成', async () => {
  const config = loadConfig();
  if (config.databaseUrl) restorePostgres(file, config.databaseUrl);
  else await restorePglite(file, config.pgliteDir);
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.pgliteDir });
  try {
    await checkMasterKey(database.db, config, { record: false });
  } catch (e) {
    if (!(e instanceof OperatorError)) throw e;
    console.error(`数据库已从 ${file} 恢复，但主密钥还没有就位：在此之前服务器会拒绝启动。\n${e.message}`);
    process.exitCode = 1;
    return;
  } finally {
    await database.close();
  }
  console.log(`已从 ${file} 恢复。请运行 npm run audit:verify 校验审计链。`);
});
