import path from 'node:path';
import { loadConfig } from '../config.ts';
import { backupPglite, backupPostgres } from '../features/system/backup.ts';
import { runCommand } from '../lib/operator-error.ts';

/*
 * `npm run backup -- <file>`: the whole database to one file. On PGlite it refuses while the server
 * runs (the data directory's lock); on PostgreSQL pg_dump reads one consistent snapshot while the
 * server keeps running.
 */
await runCommand('备份未进行', async () => {
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? `xianfeng-backup-${new Date().toISOString().slice(0, 10)}.${process.env.DATABASE_URL ? 'dump' : 'tar.gz'}`);
  const config = loadConfig();
  if (config.databaseUrl) backupPostgres(config.databaseUrl, file);
  else await backupPglite(config.pgliteDir, file);
  console.log(`已备份到 ${file}`);
});
