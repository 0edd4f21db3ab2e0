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
    .catch((e: { code?: string; message?: string }) => (job.error = { code: e.code && /^[A-Z_]+$/.test(e.code) ? e.code : 'INTERNAL', message: e.code ? (e.message ?? '导入失败') : '导入失败，请稍后重试' }));
  return job;
}

export function findJob(id: string, userId: number): ImportJob | undefined {
  const job = jobs.get(id);
  return job && job.userId === userId ? job : undefined;
}
