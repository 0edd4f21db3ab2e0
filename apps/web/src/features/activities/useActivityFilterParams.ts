import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ActivityFilter } from './activities.api.ts';
import { filterFromParams, toParams } from '../../lib/url-filters.ts';

const NUMBER_KEYS = ['orgId', 'page', 'pageSize'] as const;
const TEXT_KEYS = ['from', 'to', 'type', 'status'] as const;

/** The list state lives in the address (?orgId=…&page=…) so links and the back button keep it. */
export function useActivityFilterParams() {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams<ActivityFilter>(params, NUMBER_KEYS, TEXT_KEYS), [params]);
  const query: ActivityFilter = { ...filter, page: filter.page ?? 1, pageSize: filter.pageSize ?? 20 };
  /** A new search starts on page 1 and keeps the page size. */
  const search = (f: ActivityFilter) => setParams(toParams({ ...f, pageSize: filter.pageSize }));
  const turnPage = (page: number, pageSize: number) => setParams(toParams({ ...filter, page: pageSize !== query.pageSize ? 1 : page, pageSize }));
  return { filter, query, search, turnPage };
}
