import { Worker } from 'node:worker_threads';

/**
 * Runs a CPU-heavy task (workers/<name>.worker.ts) in a worker thread and resolves with the one
 * message it posts. From source the task is loaded through workers/boot.mjs (tsx); from the
 * production bundle (scripts/build.mjs), the bundled dist/workers/<name>.worker.js. The worker's heap is capped,
 * so a file that would exhaust memory kills the worker, not the server.
 */
/** Workers running at once (2 cores here); more wait their turn, up to MAX_WAITING. */
const MAX_RUNNING = 2;
const MAX_WAITING = 8;
let running = 0;
const waiting: (() => void)[] = [];

/** Thrown when too many tasks already wait: the caller answers "busy", nothing piles up in memory. */
export class WorkersBusy extends Error {}

async function slot(): Promise<() => void> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) throw new WorkersBusy('too many worker tasks waiting');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

export async function runWorker<T>(name: string, input: unknown, opts: { maxHeapMb: number; transfer?: ArrayBuffer[] }): Promise<T> {
  const release = await slot();
  try {
    return await startWorker<T>(name, input, opts);
  } finally {
    release();
  }
}

function startWorker<T>(name: string, input: unknown, opts: { maxHeapMb: number; transfer?: ArrayBuffer[] }): Promise<T> {
  const fromSource = import.meta.url.endsWith('.ts');
  const task = fromSource ? new URL(`../workers/${name}.worker.ts`, import.meta.url) : new URL(`./workers/${name}.worker.js`, import.meta.url);
  const entry = fromSource ? new URL('../workers/boot.mjs', import.meta.url) : task;
  const worker = new Worker(entry, {
    execArgv: [],
    workerData: { entry: task.href, input },
    transferList: opts.transfer,
    resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb },
  });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: T) => {
      settled = true;
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`worker ${name} exited with code ${code}`));
    });
  });
}
