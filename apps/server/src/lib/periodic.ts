/**
 * Runs a background job now and then every `everyMs`. A run still going when the next is due is
 * not doubled; a failure is logged (with `what`) and the server carries on. The returned stop
 * waits for a run in progress, so a shutdown never cuts a transaction short.
 */
export function runPeriodically(what: string, run: () => Promise<void>, everyMs: number): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = run()
      .catch((e) => console.error(`${what}失败`, e))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
