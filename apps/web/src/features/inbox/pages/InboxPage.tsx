import { Alert, Badge, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { INBOX_PARAMS, noticeKind, useInbox, useMarkAllRead, useMarkRead, type Notice } from '../inbox.api.ts';
import { useOpenNotice } from '../components/InboxBell.tsx';

/** 消息通知: every notice of the logged-in account, newest first; clicking one follows its link. */
export default function InboxPage() {
  const list = usePagedList({ useList: useInbox, params: INBOX_PARAMS });
  const unreadOnly = !!list.filter.unread;
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const openNotice = useOpenNotice();
  const unread = list.result.data?.unread ?? 0;

  const columns: TableProps<Notice>['columns'] = [
    { key: 'dot', width: 28, render: (_, n) => (n.readAt ? null : <Badge status="error" aria-label="未读" />) },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 96,
      render: (k: string) => <Tag color={noticeKind(k).color}>{noticeKind(k).label}</Tag>,
    },
    {
      title: '内容',
      key: 'content',
      render: (_, n) => (
        <div style={{ minWidth: 0 }}>
          <div style={{ fontWeight: n.readAt ? 'normal' : 600 }}>
            {n.link ? <a>{n.title}</a> : n.title}
          </div>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
            {n.body}
          </Typography.Paragraph>
        </div>
      ),
    },
    { title: '时间', dataIndex: 'createdAt', width: 160, render: formatDateTime },
    {
      title: '操作',
      key: 'actions',
      width: 100,
      render: (_, n) =>
        n.readAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            已读
          </Typography.Text>
        ) : (
          <Button
            type="link"
            size="small"
            onClick={(e) => {
              e.stopPropagation();
              markRead.mutate(n.id);
            }}
          >
            标为已读
          </Button>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={
        <Space size={12}>
          <span>消息通知</span>
          <Segmented
            size="small"
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => list.setFilter({ unread: v === 'unread' || undefined })}
            options={[
              { value: 'all', label: '全部' },
              { value: 'unread', label: `未读${unread ? `（${unread}）` : ''}` },
            ]}
            data-testid="inbox-filter"
          />
        </Space>
      }
      extra={
        <Button icon={<CheckOutlined />} disabled={!unread} loading={markAll.isPending} onClick={() => markAll.mutate()} data-testid="inbox-read-all">
          全部标为已读
        </Button>
      }
    >
      {list.result.error && <Alert type="error" showIcon title={errorMessage(list.result.error)} style={{ marginBottom: 8 }} />}
      <Table<Notice>
        size="small"
        rowKey="id"
        columns={columns}
        {...list.tableProps}
        onRow={(n) => ({ onClick: () => (n.link ? openNotice(n) : !n.readAt && markRead.mutate(n.id)), style: { cursor: n.link || !n.readAt ? 'pointer' : undefined } })}
        locale={{ emptyText: unreadOnly ? '没有未读消息' : '暂无消息' }}
        data-testid="inbox-table"
      />
    </Card>
  );
}
