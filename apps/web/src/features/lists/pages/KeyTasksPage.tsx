import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keyTaskStatuses, listKinds, orgTypes, unitTypes } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { yearOptions } from '../../compliance/compliance-status.tsx';
import { thisBeijingYear, useDeleteKeyTask, useKeyTasks, usePublishKeyTask, type KeyTask } from '../lists.api.ts';
import { KeyTaskModal } from '../components/KeyTaskModal.tsx';

const yearOf = (v: string | null) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : thisBeijingYear();
};

/** 重点任务: the committee drafts the year's key tasks and hands them down (下达) to every applicable organisation. */
export default function KeyTasksPage() {
  const [params, setParams] = useSearchParams();
  const year = yearOf(params.get('year'));
  const tasks = useKeyTasks(year);
  const remove = useDeleteKeyTask();
  const publish = usePublishKeyTask();
  const { modal, message } = App.useApp();
  const [editing, setEditing] = useState<{ task: KeyTask | null } | null>(null);
  const canConfigure = !!tasks.data?.canConfigure;

  const confirmPublish = (t: KeyTask) =>
    modal.confirm({
      title: `下达重点任务“${t.title}”？`,
      content: (
        <>
          <p>
            下达后将为每个适用的党组织（单位类型：{t.unitTypes.length ? t.unitTypes.map((u) => unitTypes.label(u)).join('、') : '全部'}；组织类型：
            {t.orgTypes.length ? t.orgTypes.map((o) => orgTypes.label(o)).join('、') : '全部'}）各生成一条{listKinds.label(t.listKind)}事项。
          </p>
          <p>下达后任务不能再修改或删除。</p>
        </>
      ),
      okText: '下达',
      onOk: () =>
        publish.mutateAsync(t.id).then(
          (done) => void message.success(`已下达，生成 ${done.itemCount} 条清单事项`),
          (e: unknown) => {
            message.error(errorMessage(e));
          },
        ),
    });
  const confirmDelete = (t: KeyTask) =>
    modal.confirm({
      title: `删除重点任务“${t.title}”？`,
      content: '草稿删除后不能恢复（审计日志保留记录）。',
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: () =>
        remove.mutateAsync(t.id).then(
          () => void message.success('重点任务已删除'),
          (e: unknown) => {
            message.error(errorMessage(e));
          },
        ),
    });

  const scope = (values: string[], label: (v: never) => string) =>
    values.length ? (
      <Space size={[0, 4]} wrap>
        {values.map((v) => (
          <Tag key={v} style={{ marginInlineEnd: 4 }}>
            {label(v as never)}
          </Tag>
        ))}
      </Space>
    ) : (
      <Typography.Text type="secondary">全部</Typography.Text>
    );

  const columns: TableProps<KeyTask>['columns'] = [
    { title: '类别', dataIndex: 'category', width: 120, ellipsis: true },
    {
      title: '任务',
      dataIndex: 'title',
      render: (title: string, t) => (
        <div style={{ minWidth: 200 }}>
          <Typography.Text strong>{title}</Typography.Text>
          {t.description && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: t.description }} style={{ margin: 0, fontSize: 12 }}>
              {t.description}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    { title: '清单', dataIndex: 'listKind', width: 90, render: (k: KeyTask['listKind']) => listKinds.label(k) },
    { title: '适用单位类型', dataIndex: 'unitTypes', width: 150, render: (v: KeyTask['unitTypes']) => scope(v, unitTypes.label) },
    { title: '适用组织类型', dataIndex: 'orgTypes', width: 170, render: (v: KeyTask['orgTypes']) => scope(v, orgTypes.label) },
    { title: '完成时限', dataIndex: 'deadline', width: 100 },
    { title: '状态', dataIndex: 'status', width: 80, render: (s: KeyTask['status']) => <Tag color={s === 'published' ? 'green' : 'default'}>{keyTaskStatuses.label(s)}</Tag> },
    {
      title: '下达事项 / 已销号',
      key: 'counts',
      width: 130,
      align: 'right',
      render: (_: unknown, t) =>
        t.status === 'published' ? (
          <Link to={`/lists?year=${t.year}&kind=${t.listKind}`}>
            {t.itemCount} / {t.closedCount}
          </Link>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    ...(canConfigure
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 150,
            fixed: 'right' as const,
            render: (_: unknown, t: KeyTask) =>
              t.status === 'draft' ? (
                <Space size={0}>
                  <Button size="small" type="link" onClick={() => confirmPublish(t)} data-testid="publish-key-task">
                    下达
                  </Button>
                  <Button size="small" type="link" onClick={() => setEditing({ task: t })}>
                    修改
                  </Button>
                  <Button size="small" type="link" danger onClick={() => confirmDelete(t)}>
                    删除
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  已下达，不能修改
                </Typography.Text>
              ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space wrap>
            <span>{year}年重点任务</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
              工委下达的年度重点任务，下达后成为各适用组织清单中的事项
            </Typography.Text>
          </Space>
        }
        extra={
          <Space wrap>
            <Select value={year} options={yearOptions(year)} onChange={(y) => setParams(y === thisBeijingYear() ? {} : { year: String(y) })} style={{ width: 100 }} data-testid="key-tasks-year" />
            {canConfigure && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ task: null })} data-testid="new-key-task">
                新建重点任务
              </Button>
            )}
          </Space>
        }
      >
        {tasks.error && <Alert type="error" showIcon title={errorMessage(tasks.error)} style={{ marginBottom: 8 }} />}
        <Table<KeyTask>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={tasks.data?.items}
          loading={tasks.isFetching}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: `${year}年尚无重点任务` }}
          data-testid="key-tasks-table"
        />
      </Card>
      {canConfigure && <KeyTaskModal open={!!editing} year={year} task={editing?.task ?? null} onClose={() => setEditing(null)} />}
    </Space>
  );
}
