import { useMemo } from 'react';
import { Link } from 'react-router';
import { Breadcrumb } from 'antd';
import { useCan } from '../../auth/session.ts';
import { useOrgList } from '../../orgs/orgs.api.ts';
import { ancestorIds, buildOrgTree } from '../../orgs/org-tree.ts';

/**
 * 组织生活考核 › 机关党委 › 党总支 …: the way back up from a drilled-down heatmap or a branch view.
 * The names come from the organisation list the console already caches for its pickers.
 */
export function ComplianceCrumbs({ year, orgId, current }: { year: number; orgId?: number; current?: string }) {
  const can = useCan();
  const { data: orgs = [] } = useOrgList({ enabled: can('org.read') });
  const items = useMemo(() => {
    const roots = buildOrgTree(orgs);
    const top = roots.length === 1 ? roots[0].org : null;
    const out: { key: string; title: React.ReactNode }[] = [
      { key: 'top', title: orgId ? <Link to={`/compliance?year=${year}`}>{top?.name ?? '全部'}</Link> : (top?.name ?? '全部') },
    ];
    if (!orgId) return out;
    const byId = new Map(orgs.map((o) => [o.id, o]));
    // Ancestors below the top of the caller's scope (the top itself is the first crumb).
    const chain = ancestorIds(orgs, orgId)
      .reverse()
      .filter((id) => byId.get(id)?.parentId !== null && byId.has(byId.get(id)!.parentId!));
    for (const id of chain) out.push({ key: String(id), title: <Link to={`/compliance?year=${year}&orgId=${id}`}>{byId.get(id)!.name}</Link> });
    const self = byId.get(orgId);
    if (self && byId.has(self.parentId ?? -1)) out.push({ key: 'self', title: current ?? self.name });
    else if (current && self?.id !== top?.id) out.push({ key: 'self', title: current });
    return out;
  }, [orgs, orgId, year, current]);
  return <Breadcrumb items={items} data-testid="compliance-crumbs" />;
}
