import path from 'node:path';
import { loadConfig } from '../config.ts';
import { backupPglite, backupPostgres } from '../features/system/backup.ts';

const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? `xianfeng-backup-${new Date().toISOString().slice(0, 10)}.${process.env.DATABASE_URL ? 'dump' : 'tar.gz'}`);
const config = loadConfig();
if (config.databaseUrl) backupPostgres(config.databaseUrl, file);
else await backupPglite(config.pgliteDir, file);
console.log(`已备份到 ${file}`);
