import path from 'node:path';
import { loadConfig } from '../config.ts';
import { restorePglite, restorePostgres } from '../features/system/backup.ts';
import { runCommand } from '../lib/operator-error.ts';

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
  console.log(`已从 ${file} 恢复。请运行 npm run audit:verify 校验审计链。`);
});
