import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { PagedTableProps } from '../../../lib/usePagedList.ts';
import type { ActivityListItem } from '../activity.types.ts';
import { ActivityStatusTag, ActivityTypeTags } from '../activity-labels.tsx';
import { beijing, formatTime } from '../activity-time.ts';

type Props = {
  /** Rows, paging and loading from usePagedList. */
  table: PagedTableProps<ActivityListItem>;
  /** A last column of row actions (审核通过 / 退回 on the review list). */
  actions?: { title: string; width: number; render: (a: ActivityListItem) => ReactNode };
  showSubmittedAt?: boolean;
  /** The review list holds only 待审核 records: no status column there. */
  showStatus?: boolean;
  emptyText?: string;
  'data-testid'?: string;
};

/** The activity list of 组织生活 and 审核待办: paged by the server. */
export function ActivityTable({ table, actions, showSubmittedAt, showStatus = true, emptyText, ...rest }: Props) {
  const navigate = useNavigate();
  const columns: TableProps<ActivityListItem>['columns'] = [
    {
      title: '活动时间',
      dataIndex: 'startsAt',
      width: 132,
      render: (_: string, a) => (
        <>
          <div>{a.heldOn}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {beijing(a.startsAt)?.format('HH:mm')}–{beijing(a.endsAt)?.format('HH:mm')}
          </Typography.Text>
        </>
      ),
    },
    { title: '党组织', dataIndex: 'orgName', width: 200, ellipsis: true },
    { title: '类型', dataIndex: 'types', width: 200, render: (_: unknown, a) => <ActivityTypeTags types={a.types} /> },
    {
      title: '主题',
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, a) => (
        <>
          {a.importId && (
            <Tag color="purple" style={{ marginInlineEnd: 4 }}>
              补录
            </Tag>
          )}
          <Link to={`/activities/${a.id}`} title={title}>
            {title}
          </Link>
        </>
      ),
    },
    ...(showStatus ? [{ title: '状态', dataIndex: 'status', width: 82, render: (_: unknown, a: ActivityListItem) => <ActivityStatusTag status={a.status} /> }] : []),
    {
      title: '出席/应到',
      key: 'attendance',
      width: 86,
      align: 'right',
      render: (_: unknown, a) =>
        a.status === 'planned' && a.presentCount === 0 ? (
          <Typography.Text type="secondary">— / {a.expectedCount}</Typography.Text>
        ) : (
          <span>
            {a.presentCount} / {a.expectedCount}
          </span>
        ),
    },
  ];
  if (showSubmittedAt) columns.push({ title: '提交时间', dataIndex: 'submittedAt', width: 132, render: (v: string | null) => formatTime(v) });
  if (actions) columns.push({ title: actions.title, key: 'actions', width: actions.width, fixed: 'right', render: (_: unknown, a) => actions.render(a) });

  return (
    <Table<ActivityListItem>
      size="small"
      rowKey="id"
      columns={columns}
      {...table}
      scroll={{ x: 960 }}
      data-testid={rest['data-testid']}
      locale={emptyText ? { emptyText } : undefined}
      onRow={(a) => ({ onDoubleClick: () => navigate(`/activities/${a.id}`) })}
    />
  );
}
