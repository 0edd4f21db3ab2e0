/**
 * Polls until the check holds or the time is up, then answers the last check: for effects that
 * arrive asynchronously on purpose (a NOTIFY from another connection, a reconnect).
 */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return check();
}
