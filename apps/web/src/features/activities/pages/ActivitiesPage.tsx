import { useNavigate } from 'react-router';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { CalendarOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { HistoryImportModal } from '../components/HistoryImportModal.tsx';
import { HistoryBatchesCard } from '../components/HistoryBatchesCard.tsx';
import { errorMessage } from '../../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { useOrgList } from '../../orgs/orgs.api.ts';
import { ACTIVITY_PARAMS, useActivityList } from '../activities.api.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { ActivityFilterBar } from '../components/ActivityFilterBar.tsx';
import { ActivityTable } from '../components/ActivityTable.tsx';
import { LedgerButton } from '../components/LedgerButton.tsx';

/** 组织生活: 三会一课 and the other kinds, recorded by each organisation and reviewed by the level above. */
export default function ActivitiesPage() {
  const can = useCan();
  const navigate = useNavigate();
  const list = usePagedList({ useList: useActivityList, params: ACTIVITY_PARAMS, unit: '项活动' });
  const { filter } = list;
  const orgs = useOrgList();
  const orgName = filter.orgId ? orgs.data?.find((o) => o.id === filter.orgId)?.name : undefined;
  const fromYear = filter.from ? Number(filter.from.slice(0, 4)) : undefined;
  const [importing, setImporting] = useState(false);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { paddingBottom: 4 } }}>
        <ActivityFilterBar filter={filter} onSearch={list.setFilter} />
      </Card>
      <Card
        size="small"
        title={
          <Space>
            <span>组织生活</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              三会一课、主题党日、组织生活会等活动的计划与记录{!filter.orgId && '；选择党组织后可导出台账'}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space>
            {filter.orgId && <LedgerButton orgId={filter.orgId} orgName={orgName} year={fromYear} />}
            {can('activity.write') && (
              <Button icon={<HistoryOutlined />} onClick={() => setImporting(true)} data-testid="history-import">
                补录历史活动
              </Button>
            )}
            {can('activity.write') && (
              <Button icon={<CalendarOutlined />} onClick={() => navigate(`/activities/new?planned=1${filter.orgId ? `&orgId=${filter.orgId}` : ''}`)}>
                计划活动
              </Button>
            )}
            {can('activity.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/activities/new${filter.orgId ? `?orgId=${filter.orgId}` : ''}`)}>
                新建活动
              </Button>
            )}
          </Space>
        }
      >
        {list.result.error && <Alert type="error" showIcon title={errorMessage(list.result.error)} style={{ marginBottom: 8 }} />}
        <ActivityTable
          table={list.tableProps}
          emptyText="没有符合条件的活动"
          data-testid="activity-table"
        />
      </Card>
      {can('activity.write') && <HistoryBatchesCard />}
      {can('activity.write') && <HistoryImportModal open={importing} onClose={() => setImporting(false)} />}
    </Space>
  );
}
