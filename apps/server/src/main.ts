import { loadConfig, type KeyedConfig } from './config.ts';
import { depsFromConfig } from './http/deps.ts';
import { openDatabase, migrateToLatest, type Database } from './db/connection.ts';
import { buildApp } from './app.ts';
import { bootstrap } from './features/system/bootstrap.ts';
import { checkMasterKey } from './features/system/master-key.ts';
import { scheduleMaintenance } from './features/system/maintenance.ts';
import { scheduleReminders } from './features/reminders/reminders.service.ts';
import { scheduleSupervision } from './features/lists/index.ts';
import { recoverInterruptedImports } from './features/system/import-recovery.ts';
import { OperatorError } from './lib/operator-error.ts';

// The first reminder run reads the whole tree; on PGlite its queries hold the event loop for a
// second or two, so it waits until the restarted server has answered its first requests.
const FIRST_REMINDERS_AFTER_MS = 60_000;

let database: Database | undefined;
try {
  const config = loadConfig();
  // On PGlite this takes the data directory's lock: refused while a backup or another server has it.
  database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.pgliteDir });
  await migrateToLatest(database.db);
  const masterKey = await checkMasterKey(database.db, config, { record: true, log: (m) => console.log(m) });
  await start({ ...config, masterKey }, database);
} catch (e) {
  if (!(e instanceof OperatorError)) throw e;
  console.error(`先锋 拒绝启动：\n${e.message}`);
  await database?.close();
  process.exit(1);
}

async function start(config: KeyedConfig, database: Database) {
  const deps = depsFromConfig(config, database);
  await bootstrap(deps, { initialAdminPassword: config.initialAdminPassword, demoData: config.demoData, log: (m) => console.log(m) });
  await recoverInterruptedImports(deps.db, deps.clock(), (m) => console.log(m));
  const stopMaintenance = scheduleMaintenance(database);

  const app = await buildApp({ deps, webDist: config.webDist, logRequests: process.env.LOG_REQUESTS === 'true' });
  await app.listen({ port: config.port, host: config.host });
  let stopReminders = async () => {};
  let stopSupervision = async () => {};
  const firstReminders = setTimeout(() => {
    stopReminders = scheduleReminders(deps);
    stopSupervision = scheduleSupervision(deps);
  }, FIRST_REMINDERS_AFTER_MS);
  console.log(`先锋 已启动：http://localhost:${config.port}  （数据库：${database.kind === 'pglite' ? `PGlite ${config.pgliteDir}` : 'PostgreSQL'}；API 文档 /api/docs）`);

  async function shutdown() {
    clearTimeout(firstReminders);
    stopMaintenance();
    await stopReminders();
    await stopSupervision();
    await app.close();
    await database.close();
    process.exit(0);
  }
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
