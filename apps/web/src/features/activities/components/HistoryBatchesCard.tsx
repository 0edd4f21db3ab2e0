import { App, Button, Card, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useRef } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { useApproveHistoryImport, useHistoryImports } from '../activities.api.ts';
import type { HistoryBatch } from '../activity.types.ts';
import { formatTime } from '../activity-time.ts';

/**
 * 补录批次: each imported file with its records' progress. The level above approves a whole file
 * in one step (the importer cannot: NK-1); single records can still be opened and returned.
 */
export function HistoryBatchesCard() {
  const batches = useHistoryImports();
  const approve = useApproveHistoryImport();
  const { modal, message } = App.useApp();
  // The dialog's text is read when OK is pressed (the confirm's content is not re-rendered with state).
  const comment = useRef('');
  if (!batches.data?.length) return null;

  const confirm = (b: HistoryBatch) =>
    modal.confirm({
      title: `整批审核通过“${b.fileName}”？`,
      width: 520,
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div>
            {b.importedBy} 于 {formatTime(b.importedAt)} 补录，{b.submitted} 项待审核（{b.orgNames.join('、')}）。通过后计入组织生活考核，记录锁定。
          </div>
          <Input.TextArea placeholder="审核意见（可选），如：已与纸质台账核对" maxLength={500} onChange={(e) => (comment.current = e.target.value)} />
        </Space>
      ),
      okText: '全部通过',
      onOk: () =>
        approve.mutateAsync({ id: b.id, comment: comment.current.trim() || undefined }).then(
          (r) => {
            message.success(`已审核通过 ${r.approved} 项补录记录`);
            comment.current = '';
          },
          (e: unknown) => message.error(errorMessage(e)),
        ),
    });

  return (
    <Card size="small" title="补录批次" extra={<Typography.Text type="secondary">从纸质台账或 Excel 导入的历史活动</Typography.Text>} data-testid="history-batches">
      <Table<HistoryBatch>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={batches.data}
        scroll={{ x: 760 }}
        columns={[
          { title: '文件', dataIndex: 'fileName', ellipsis: true },
          { title: '导入人', dataIndex: 'importedBy', width: 110 },
          { title: '导入时间', dataIndex: 'importedAt', width: 140, render: (v: string) => formatTime(v) },
          { title: '组织', dataIndex: 'orgNames', width: 200, ellipsis: true, render: (v: string[]) => v.join('、') },
          {
            title: '记录',
            key: 'counts',
            width: 170,
            render: (_: unknown, b) => (
              <Space size={2} wrap>
                {b.submitted > 0 && <Tag color="processing">待审核 {b.submitted}</Tag>}
                {b.approved > 0 && <Tag color="success">已通过 {b.approved}</Tag>}
                {b.returned > 0 && <Tag color="warning">已退回 {b.returned}</Tag>}
              </Space>
            ),
          },
          {
            title: '审核',
            key: 'approve',
            width: 120,
            render: (_: unknown, b) =>
              b.canApprove ? (
                <Button size="small" type="primary" ghost icon={<CheckOutlined />} loading={approve.isPending} onClick={() => confirm(b)}>
                  整批通过
                </Button>
              ) : b.submitted > 0 ? (
                <Tooltip title="由上级党组织中导入人以外的人员审核">
                  <Typography.Text type="secondary">等待上级审核</Typography.Text>
                </Tooltip>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}
