import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Grid } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { useWindowHeight } from '../../../lib/useWindowHeight.ts';
import { useCan } from '../../auth/session.ts';
import { useOrgList } from '../orgs.api.ts';
import { buildOrgTree } from '../org-tree.ts';
import { OrgTreePanel } from '../components/OrgTreePanel.tsx';
import { OrgDetailPanel } from '../components/OrgDetailPanel.tsx';
import { OrgExcelMenu } from '../components/OrgExcelMenu.tsx';

/** 组织管理: the tree on the left, the selected organisation on the right (its id is in the URL). */
export default function OrgsPage() {
  const can = useCan();
  const params = useParams();
  const navigate = useNavigate();
  const [includeDissolved, setIncludeDissolved] = useState(false);
  const list = useOrgList({ includeDissolved });
  const height = useWindowHeight();
  // Without an id in the address, the first root the caller may see is shown.
  const firstRoot = useMemo(() => (list.data?.length ? buildOrgTree(list.data)[0]?.org.id : undefined), [list.data]);
  const selectedId = params.orgId ? Number(params.orgId) : firstRoot;
  const select = (id: number) => navigate(`/orgs/${id}`);

  // On a phone the tree sits above the organisation, a few rows high.
  const narrow = Grid.useBreakpoint().md === false;

  return (
    <div style={narrow ? { display: 'flex', flexDirection: 'column', gap: 8 } : { display: 'flex', gap: 12, alignItems: 'flex-start' }}>
      <div style={narrow ? {} : { width: 320, flex: 'none', position: 'sticky', top: 0 }}>
        {list.error && <Alert type="error" title={errorMessage(list.error)} style={{ marginBottom: 8 }} />}
        <OrgTreePanel
          orgs={list.data ?? []}
          loading={list.isLoading}
          selectedId={selectedId}
          onSelect={select}
          includeDissolved={includeDissolved}
          onIncludeDissolvedChange={setIncludeDissolved}
          height={narrow ? 240 : Math.max(240, height - 52 - 32 - 40 - 50)}
          extra={<OrgExcelMenu canWrite={can('org.write')} />}
        />
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <OrgDetailPanel orgId={selectedId} canReadMembers={can('member.read')} onSelect={select} />
      </div>
    </div>
  );
}
