import path from 'node:path';
import { localDate } from '@xianfeng/shared';
import { loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/connection.ts';
import { backupPglite, backupPostgres } from '../features/system/backup.ts';
import { checkMasterKey } from '../features/system/master-key.ts';
import { runCommand } from '../lib/operator-error.ts';

/*
 * `npm run backup -- <file>`: the whole database to one file. It first checks that the master key
 * here belongs to the database (a backup is only as good as the key kept with it). On PGlite it
 * refuses while the server runs (the data directory's lock); on PostgreSQL pg_dump reads one
 * consistent snapshot while the server keeps running.
 */
await runCommand('备份未进行', async () => {
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? `xianfeng-backup-${localDate(new Date())}.${process.env.DATABASE_URL ? 'dump' : 'tar.gz'}`);
  const config = loadConfig();
  const check = async (database: Database) => {
    await checkMasterKey(database.db, config, { record: false });
  };
  if (config.databaseUrl) {
    const database = await openDatabase({ url: config.databaseUrl });
    try {
      await check(database);
    } finally {
      await database.close();
    }
    backupPostgres(config.databaseUrl, file);
  } else {
    await backupPglite(config.pgliteDir, file, check);
  }
  console.log(`已备份到 ${file}（不含主密钥与上传的附件：请另行保存 ${config.masterKeyFromEnv ? 'XF_MASTER_KEY' : config.masterKeyFile} 与 ${path.join(config.dataDir, 'files')}）`);
});
