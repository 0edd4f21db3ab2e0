import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { yearFrom } from '../compliance/compliance-status.tsx';
import { buildOrgTree } from './org-tree.ts';
import { useOrgList } from './orgs.api.ts';

/**
 * The URL state of a per-organisation yearly report (学时统计, 积分排名): the year, the organisation
 * (the top of the caller's tree by default), the page and any filters, kept in the query string so a
 * drill-down can be bookmarked and the back button works. `set` changes some and returns to page 1.
 */
export function useOrgYearParams<F extends string>(filters: readonly F[]) {
  const [params, setParams] = useSearchParams();
  const year = yearFrom(params.get('year'));
  const { data: orgs } = useOrgList();
  const defaultOrg = useMemo(() => (orgs ? buildOrgTree(orgs)[0]?.org.id : undefined), [orgs]);
  const orgId = Number(params.get('orgId')) || defaultOrg;
  const page = Number(params.get('page') || 1);
  const values = Object.fromEntries(filters.map((f) => [f, params.get(f) || undefined])) as Record<F, string | undefined>;
  const set = (next: Record<string, string | number | undefined>) => {
    const p: Record<string, string> = {};
    const all: Record<string, string | number | undefined> = { year, orgId, ...values, page: 1, ...next };
    for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '') p[k] = String(v);
    setParams(p);
  };
  return { year, orgId, page, values, set };
}
