import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ActivityFilter } from './activities.api.ts';

const NUMBER_KEYS = ['orgId', 'page', 'pageSize'] as const;
const TEXT_KEYS = ['from', 'to', 'type', 'status'] as const;

function filterFromParams(params: URLSearchParams): ActivityFilter {
  const f: Record<string, unknown> = {};
  for (const k of NUMBER_KEYS) {
    const v = params.get(k);
    if (v && Number.isFinite(Number(v))) f[k] = Number(v);
  }
  for (const k of TEXT_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f as ActivityFilter;
}

function toParams(f: ActivityFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== '') out[k] = String(v);
  return out;
}

/** The list state lives in the address (?orgId=…&page=…) so links and the back button keep it. */
export function useActivityFilterParams() {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const query: ActivityFilter = { ...filter, page: filter.page ?? 1, pageSize: filter.pageSize ?? 20 };
  /** A new search starts on page 1 and keeps the page size. */
  const search = (f: ActivityFilter) => setParams(toParams({ ...f, pageSize: filter.pageSize }));
  const turnPage = (page: number, pageSize: number) => setParams(toParams({ ...filter, page: pageSize !== query.pageSize ? 1 : page, pageSize }));
  return { filter, query, search, turnPage };
}
