import { useState } from 'react';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { ACTIVITY_PARAMS, useActivityList, type ActivityFilter } from '../activities.api.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { ActivityFilterBar } from '../components/ActivityFilterBar.tsx';
import { ActivityTable } from '../components/ActivityTable.tsx';
import { ReviewModal, type ReviewTarget } from '../components/ReviewModal.tsx';
import { HistoryBatchesCard } from '../components/HistoryBatchesCard.tsx';

/** 审核待办: records submitted by the organisations one level below the caller's grants. */
export default function ReviewPage() {
  const list = usePagedList({ useList: (q: ActivityFilter) => useActivityList(q, true), params: ACTIVITY_PARAMS, unit: '项活动' });
  const [target, setTarget] = useState<ReviewTarget | null>(null);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { paddingBottom: 4 } }}>
        <ActivityFilterBar filter={list.filter} onSearch={list.setFilter} showStatus={false} />
      </Card>
      <HistoryBatchesCard />
      <Card
        size="small"
        title={
          <Space>
            <span>审核待办</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              下级党组织提交的活动记录；请打开详情核对会议记录、出勤和附件后审核
            </Typography.Text>
          </Space>
        }
      >
        {list.result.error && <Alert type="error" showIcon title={errorMessage(list.result.error)} style={{ marginBottom: 8 }} />}
        <ActivityTable
          table={list.tableProps}
          showSubmittedAt
          showStatus={false}
          emptyText="暂无待审核的活动记录"
          data-testid="review-table"
          actions={{
            title: '审核',
            width: 156,
            render: (a) => (
              <Space size={4}>
                <Button size="small" type="primary" ghost icon={<CheckOutlined />} onClick={() => setTarget({ id: a.id, title: a.title, step: 'approve' })}>
                  通过
                </Button>
                <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setTarget({ id: a.id, title: a.title, step: 'return' })}>
                  退回
                </Button>
              </Space>
            ),
          }}
        />
      </Card>
      <ReviewModal target={target} onClose={() => setTarget(null)} />
    </Space>
  );
}
