import { randomUUID } from 'node:crypto';
import type { ImportProgress, ImportResult } from './member-import.service.ts';

/**
 * Long imports run in the background and report progress here. Jobs live in this process's
 * memory for an hour: a multi-node deployment routes a user to one node (sticky sessions).
 */
export type ImportJob = { id: string; userId: number; progress: ImportProgress; result?: ImportResult; error?: { code: string; message: string }; startedAt: number };

const jobs = new Map<string, ImportJob>();
const TTL_MS = 60 * 60 * 1000;

export function startJob(userId: number, run: (onProgress: (p: ImportProgress) => void) => Promise<ImportResult>): ImportJob {
  const now = Date.now();
  for (const [id, job] of jobs) if (now - job.startedAt > TTL_MS) jobs.delete(id);
  const job: ImportJob = { id: randomUUID(), userId, progress: { phase: 'reading', processed: 0, total: 0 }, startedAt: now };
  jobs.set(job.id, job);
  run((p) => (job.progress = p))
    .then((result) => (job.result = result))
    .catch((e: { code?: string; message?: string; status?: number }) => {
      const known = !!e.status && !!e.code && /^[A-Z_]+$/.test(e.code);
      // An unexpected failure of a background import is logged like any 500 (the job id finds it).
      if (!known) console.error(`名册导入任务 ${job.id} 失败`, e);
      job.error = { code: known ? e.code! : 'INTERNAL', message: known ? (e.message ?? '导入失败') : `导入失败，请稍后重试（任务编号 ${job.id}）` };
    });
  return job;
}

export function findJob(id: string, userId: number): ImportJob | undefined {
  const job = jobs.get(id);
  return job && job.userId === userId ? job : undefined;
}
