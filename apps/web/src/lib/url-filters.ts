/**
 * List state in the address (?orgId=…&page=…), so links and the back button keep it: each key is
 * read back as its kind, empty values are left out.
 */
export type ParamKind = 'number' | 'text' | 'boolean';

type KindOf<V> = V extends number ? 'number' : V extends boolean ? 'boolean' : 'text';

/** How each field of a filter reads back from the address; a field missing here does not compile. */
export type ParamSchema<F> = { [K in keyof F]-?: KindOf<NonNullable<F[K]>> };

export function filterFromParams<F>(params: URLSearchParams, schema: ParamSchema<F>): F {
  const f: Record<string, unknown> = {};
  for (const [k, kind] of Object.entries(schema) as [string, ParamKind][]) {
    const v = params.get(k);
    if (!v) continue;
    if (kind === 'number') {
      if (Number.isFinite(Number(v))) f[k] = Number(v);
    } else if (kind === 'boolean') {
      if (v === 'true') f[k] = true;
    } else f[k] = v;
  }
  return f as F;
}

export function toParams(f: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '' && v !== false) out[k] = String(v);
  return out;
}
