import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { verifyAuditChain } from '../features/audit/audit.repository.ts';
import { runCommand } from '../lib/operator-error.ts';

// Reads hashes only: no master key needed (and none is ever generated here).
await runCommand('审计链未校验', async () => {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.pgliteDir });
  const result = await verifyAuditChain(database.db).finally(() => database.close());
  if (result.ok) {
    console.log(`审计链完整：已校验 ${result.checked} 条记录`);
  } else {
    console.error(`审计链断裂：第 ${result.brokenAt} 号记录 — ${result.reason}（此前 ${result.checked} 条完好）`);
    process.exit(1);
  }
});
