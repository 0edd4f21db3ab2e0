import type { Kysely } from 'kysely';
import { beijingDateTime } from '@xianfeng/shared';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../../access/actor.ts';
import { runningImportJobs } from '../../db/import-jobs.ts';
import { revertRosterImport } from '../members/index.ts';
import { revertTreeImport } from '../orgs/index.ts';

const KIND_LABEL = { member_roster: '名册导入', org_tree: '党组织导入' } as const;

/**
 * At start: an import still marked running was cut off (the server stopped). On PostgreSQL its
 * transaction never committed; on PGlite its journal is played back. Either way it is recorded
 * in the audit log (`member.import_interrupted` / `org.import_interrupted`).
 */
export async function recoverInterruptedImports(db: Kysely<DB>, now: Date, log: (m: string) => void) {
  const ctx: Ctx = { actor: null, ip: 'localhost', now, system: 'recovery' };
  const reason = '服务器在导入过程中停止，本次导入已全部撤销';
  for (const job of await runningImportJobs(db)) {
    if (job.kind === 'org_tree') await revertTreeImport(db, ctx, job.id, 'interrupted', reason);
    else await revertRosterImport(db, ctx, job.id, 'interrupted', reason);
    const label = KIND_LABEL[job.kind as keyof typeof KIND_LABEL] ?? '导入';
    log(`${label} ${job.id}（${beijingDateTime(job.started_at)} 开始）在服务器停止时中断，已全部撤销并记入审计日志`);
  }
}
