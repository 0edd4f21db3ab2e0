import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { itemStatuses, lights, listKinds, type Light, type ListKind } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { useCan } from '../../auth/session.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { yearOptions } from '../../compliance/compliance-status.tsx';
import { LIST_PARAMS, thisBeijingYear, useListItems, type ListItemRow } from '../lists.api.ts';
import { ItemStatusTag, LIGHT_HEX, LightTag, PendingBadges, ProgressCell, SourceTag } from '../list-labels.tsx';
import { OwnItemModal } from '../components/OwnItemModal.tsx';
import { LedgerExportButton } from '../components/LedgerExportButton.tsx';
import { HandoverCard } from '../components/HandoverCard.tsx';
import '../lists.css';

type CardSpec = { key: string; title: string; value: number | undefined; color?: string; active: boolean; onClick?: () => void };

/** 清单管理: the responsibility lists of the caller's organisations, with lights and what waits for review. */
export default function ListsPage() {
  const can = useCan();
  const navigate = useNavigate();
  const list = usePagedList({ useList: useListItems, params: LIST_PARAMS, unit: '项事项' });
  const { filter, setFilter } = list;
  const year = filter.year ?? thisBeijingYear();
  const summary = list.result.data?.summary;
  const [creating, setCreating] = useState(false);

  const toggleLight = (l: Light) => setFilter({ ...filter, light: filter.light === l ? undefined : l, status: undefined });
  const cards: CardSpec[] = [
    { key: 'total', title: '事项数', value: summary?.total, active: !filter.light && !filter.status, onClick: () => setFilter({ ...filter, light: undefined, status: undefined }) },
    { key: 'closed', title: '已销号', value: summary?.closed, color: '#389e0d', active: filter.status === 'closed', onClick: () => setFilter({ ...filter, light: undefined, status: filter.status === 'closed' ? undefined : 'closed' }) },
    { key: 'red', title: '红灯', value: summary?.red, color: LIGHT_HEX.red, active: filter.light === 'red', onClick: () => toggleLight('red') },
    { key: 'yellow', title: '黄灯', value: summary?.yellow, color: LIGHT_HEX.yellow, active: filter.light === 'yellow', onClick: () => toggleLight('yellow') },
    { key: 'blue', title: '蓝灯', value: summary?.blue, color: LIGHT_HEX.blue, active: filter.light === 'blue', onClick: () => toggleLight('blue') },
    { key: 'overdue', title: '逾期', value: summary?.overdue, color: LIGHT_HEX.red, active: false },
  ];

  const columns: TableProps<ListItemRow>['columns'] = [
    {
      title: '事项',
      dataIndex: 'title',
      render: (title: string, r) => (
        <div style={{ minWidth: 200 }}>
          <Link to={`/lists/items/${r.id}`} data-testid="item-link">
            {title}
          </Link>
          <div style={{ marginTop: 2 }}>
            <SourceTag source={r.source} />
            {r.assisting && (
              <Tag color="cyan" style={{ marginInlineEnd: 4 }}>
                协办
              </Tag>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.category}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: '组织', dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: '完成时限', dataIndex: 'deadline', width: 100 },
    { title: '责任人', dataIndex: 'responsible', width: 90, ellipsis: true, render: (v: string) => v || <Typography.Text type="secondary">未指定</Typography.Text> },
    { title: '序时进度', key: 'progress', width: 170, render: (_: unknown, r) => <ProgressCell progress={r.progress} /> },
    { title: '亮灯', key: 'light', width: 70, render: (_: unknown, r) => <LightTag light={r.progress.light} /> },
    { title: '状态', dataIndex: 'status', width: 86, render: (_: unknown, r) => <ItemStatusTag status={r.status} /> },
    { title: '待办', key: 'pending', width: 130, render: (_: unknown, r) => <PendingBadges pending={r.pending} /> },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size={[12, 8]}>
          <Space size={6}>
            <span>年度</span>
            <Select value={year} options={yearOptions(year)} onChange={(y) => setFilter({ ...filter, year: y === thisBeijingYear() ? undefined : y })} style={{ width: 100 }} data-testid="lists-year" />
          </Space>
          <OrgTreeSelect value={filter.orgId} onChange={(orgId) => setFilter({ ...filter, orgId })} placeholder="全部组织（含下级）" style={{ width: 240 }} data-testid="lists-org" />
          <Select
            allowClear
            placeholder="亮灯：全部"
            value={filter.light}
            options={lights.options.map((o) => ({ value: o.value, label: o.value === 'none' ? '未亮灯' : o.label }))}
            onChange={(light) => setFilter({ ...filter, light })}
            style={{ width: 120 }}
            data-testid="lists-light"
          />
          <Select allowClear placeholder="状态：全部" value={filter.status} options={itemStatuses.options} onChange={(status) => setFilter({ ...filter, status })} style={{ width: 120 }} data-testid="lists-status" />
          {can('supervision.review') && (
            <Space size={6}>
              <Switch checked={filter.toReview === 'true'} onChange={(on) => setFilter({ ...filter, toReview: on ? 'true' : undefined })} data-testid="lists-to-review" />
              <span>待我审核</span>
            </Space>
          )}
        </Space>
      </Card>

      {filter.orgId && can('supervision.write') && <HandoverCard orgId={filter.orgId} />}

      <Row gutter={[12, 12]}>
        {cards.map((c) => (
          <Col key={c.key} xs={8} sm={8} md={4}>
            <Card
              size="small"
              hoverable={!!c.onClick}
              onClick={c.onClick}
              className={c.active ? 'xf-list-card xf-list-card-active' : 'xf-list-card'}
              style={{ cursor: c.onClick ? 'pointer' : 'default', borderColor: c.active ? (c.color ?? '#1677ff') : undefined }}
              data-testid={`lists-card-${c.key}`}
            >
              <Statistic title={c.title} value={c.value ?? '—'} styles={{ content: { color: c.color, fontSize: 22 } }} />
            </Card>
          </Col>
        ))}
      </Row>

      <Card
        size="small"
        title={
          <Space>
            <span>{year}年清单事项</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }} className="xf-hide-narrow">
              灯色按时间表和上级确认的进度每日计算；协办事项只显示，不计入统计
            </Typography.Text>
          </Space>
        }
        extra={
          <Space wrap size={8}>
            {filter.orgId && <LedgerExportButton orgId={filter.orgId} year={year} />}
            {can('supervision.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-own-item">
                新建自定事项
              </Button>
            )}
          </Space>
        }
      >
        <Tabs
          size="small"
          activeKey={filter.kind ?? 'all'}
          onChange={(k) => setFilter({ ...filter, kind: k === 'all' ? undefined : (k as ListKind) })}
          items={[{ key: 'all', label: '全部清单' }, ...listKinds.options.map((o) => ({ key: o.value, label: o.label }))]}
          style={{ marginTop: -8 }}
        />
        {list.result.error && <Alert type="error" showIcon title={errorMessage(list.result.error)} style={{ marginBottom: 8 }} />}
        <Table<ListItemRow>
          size="small"
          rowKey="id"
          columns={columns}
          {...list.tableProps}
          scroll={{ x: 1060 }}
          locale={{ emptyText: filter.toReview ? '没有等待您审核的事项' : '没有符合条件的事项' }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/lists/items/${r.id}`) })}
          data-testid="lists-table"
        />
      </Card>
      {can('supervision.write') && (
        <OwnItemModal
          open={creating}
          year={year}
          orgId={filter.orgId}
          kind={filter.kind}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/lists/items/${id}`);
          }}
        />
      )}
    </Space>
  );
}
