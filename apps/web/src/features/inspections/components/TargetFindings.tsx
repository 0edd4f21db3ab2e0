import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { useRectifications, type RectificationRow } from '../../lists/lists.api.ts';
import { LightTag, RectificationStateTag, SeverityTag } from '../../lists/list-labels.tsx';
import { FindingModal } from './FindingModal.tsx';

/**
 * 发现问题 of one target of an inspection: each finding is an item of the unit's 问题清单 (linked);
 * the committee records new ones while the inspection is under way or done.
 */
export function TargetFindings({ inspectionId, year, org, canRecord }: { inspectionId: number; year: number; org: { id: number; name: string }; canRecord: boolean }) {
  const [open, setOpen] = useState(false);
  const q = useRectifications({ year, inspectionId, orgId: org.id, pageSize: 100 });
  const rows = q.data?.items ?? [];
  return (
    <Card
      title={`发现问题${q.data ? `（${q.data.total}）` : ''}`}
      size="small"
      extra={
        canRecord && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="record-finding">
            登记发现问题
          </Button>
        )
      }
      data-testid="target-findings"
    >
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} style={{ marginBottom: 8 }} />}
      <Table<RectificationRow>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: canRecord ? '尚未登记发现的问题' : '没有登记发现的问题' }}
        columns={[
          { title: '问题归类', dataIndex: 'findingClass', width: 100 },
          { title: '问题表现', dataIndex: 'title', render: (t: string, r) => <Link to={`/lists/items/${r.id}`} data-testid="finding-link">{t}</Link> },
          { title: '严重程度', dataIndex: 'severity', width: 84, render: (_: unknown, r) => <SeverityTag severity={r.severity} /> },
          { title: '主要负责人', dataIndex: 'principalName', width: 100 },
          { title: '整改时限', dataIndex: 'deadline', width: 100 },
          { title: '措施', key: 'measures', width: 70, render: (_: unknown, r) => (r.measures ? `${r.measuresDone}/${r.measures}` : <Typography.Text type="secondary">—</Typography.Text>) },
          { title: '状态', dataIndex: 'state', width: 140, render: (_: unknown, r) => <RectificationStateTag state={r.state} /> },
          { title: '亮灯', dataIndex: 'light', width: 70, render: (_: unknown, r) => <LightTag light={r.light} /> },
        ]}
      />
      {canRecord && <FindingModal inspectionId={inspectionId} org={org} open={open} onClose={() => setOpen(false)} />}
    </Card>
  );
}
