/**
 * List state in the address (?orgId=…&page=…), so links and the back button keep it: numbers and
 * text read back by key, empty values left out.
 */
export function filterFromParams<T>(params: URLSearchParams, numberKeys: readonly string[], textKeys: readonly string[]): T {
  const f: Record<string, unknown> = {};
  for (const k of numberKeys) {
    const v = params.get(k);
    if (v && Number.isFinite(Number(v))) f[k] = Number(v);
  }
  for (const k of textKeys) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f as T;
}

export function toParams(f: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') out[k] = String(v);
  return out;
}
