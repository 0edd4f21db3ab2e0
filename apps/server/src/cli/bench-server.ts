// The server of `npm run bench -- lists`: started as main.ts starts it (configuration, migrations,
// the key check, bootstrap, the same app), but without the scheduled jobs. The lists' job (lights
// and the 督办阶梯, a minute after start) would, on a city seeded in one go, record the whole
// year's escalation steps for ~90,000 overdue items in one catch-up run — work a running system
// spreads over the year — and that run would share the two cores with the measurement.
import { loadConfig } from '../config.ts';
import { depsFromConfig } from '../http/deps.ts';
import { openDatabase, migrateToLatest } from '../db/connection.ts';
import { buildApp } from '../app.ts';
import { bootstrap } from '../features/system/bootstrap.ts';
import { checkMasterKey } from '../features/system/master-key.ts';

const config = loadConfig();
const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.pgliteDir });
await migrateToLatest(database.db);
const masterKey = await checkMasterKey(database.db, config, { record: true, log: (m) => console.log(m) });
const deps = depsFromConfig({ ...config, masterKey }, database);
await bootstrap(deps, { initialAdminPassword: config.initialAdminPassword, demoData: config.demoData, log: (m) => console.log(m) });
const app = await buildApp({ deps, webDist: config.webDist });
await app.listen({ port: config.port, host: config.host });
console.log(`先锋 已启动：http://localhost:${config.port}（基准测试服务器，无定时任务）`);
process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
