import { loadConfig } from '../config.ts';
import { depsFromConfig } from '../http/deps.ts';
import { openDatabase } from '../db/connection.ts';
import { runReminders } from '../features/reminders/reminders.service.ts';
import { checkMasterKey } from '../features/system/master-key.ts';
import { OperatorError, runCommand } from '../lib/operator-error.ts';

/*
 * `npm run reminders`: one run of the reminder job (the server also runs it a minute after start
 * and hourly). On PGlite the database belongs to one process: refused while the server runs. The
 * master key is checked against the database first.
 */
await runCommand('提醒未运行', async () => {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.pgliteDir });
  try {
    const masterKey = await checkMasterKey(database.db, config, { record: false });
    if (!masterKey) throw new OperatorError('数据库中还没有数据：请先启动一次服务器（npm start）。');
    const deps = depsFromConfig({ ...config, masterKey }, database);
    const r = await runReminders(deps);
    console.log(`提醒（${r.asOf}，提前${r.reminderDays}天）：到期${r.sent.period_due}条、逾期${r.sent.period_overdue}条、政治生日${r.sent.political_birthday}条（此前已发送的不再重复）`);
  } finally {
    await database.close();
  }
});
