import { Link, useNavigate } from 'react-router';
import { Alert, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { rectificationStates, type RectificationState } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { yearOptions } from '../../compliance/compliance-status.tsx';
import { useInspections } from '../../inspections/inspections.api.ts';
import { RECTIFICATION_PARAMS, thisBeijingYear, useRectifications, type RectificationRow } from '../lists.api.ts';
import { LightTag, RectificationStateTag, SeverityTag } from '../list-labels.tsx';
import '../lists.css';

/** 督查整改: the findings of the year's inspections and their rectification, with the R7 progress sentence. */
export default function RectificationsPage() {
  const navigate = useNavigate();
  const list = usePagedList({ useList: useRectifications, params: RECTIFICATION_PARAMS, unit: '个问题' });
  const { filter, setFilter } = list;
  const year = filter.year ?? thisBeijingYear();
  const summary = list.result.data?.summary;
  const inspections = useInspections({ year });
  const inspectionOptions = (inspections.data?.items ?? []).map((i) => ({ value: i.id, label: i.title }));

  const columns: TableProps<RectificationRow>['columns'] = [
    {
      title: '问题表现',
      dataIndex: 'title',
      render: (t: string, r) => (
        <div style={{ minWidth: 150 }}>
          <Link to={`/lists/items/${r.id}`} data-testid="rectification-link">
            {t}
          </Link>
          {r.immediate && (
            <Tag color="green" style={{ marginInlineStart: 6 }}>
              立行立改
            </Tag>
          )}
        </div>
      ),
    },
    { title: '单位', dataIndex: 'orgName', width: 120, ellipsis: true },
    { title: '督查', dataIndex: 'inspectionTitle', width: 120, ellipsis: true, render: (t: string, r) => <Link to={`/inspections/${r.inspectionId}`}>{t}</Link> },
    { title: '问题归类', dataIndex: 'findingClass', width: 90, ellipsis: true },
    { title: '严重程度', dataIndex: 'severity', width: 76, render: (_: unknown, r) => <SeverityTag severity={r.severity} /> },
    { title: '主要负责人', dataIndex: 'principalName', width: 90, ellipsis: true },
    { title: '分管领导', dataIndex: 'leaderName', width: 80, ellipsis: true, render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text> },
    { title: '责任人', dataIndex: 'responsible', width: 76, ellipsis: true, render: (v: string) => v || <Typography.Text type="secondary">未指定</Typography.Text> },
    { title: '整改时限', dataIndex: 'deadline', width: 96 },
    {
      title: '措施',
      key: 'measures',
      width: 56,
      render: (_: unknown, r) => (r.measures ? <span style={{ color: r.measuresDone === r.measures ? '#389e0d' : undefined }}>{r.measuresDone}/{r.measures}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: '状态', dataIndex: 'state', width: 130, render: (_: unknown, r) => <RectificationStateTag state={r.state} /> },
    { title: '亮灯', dataIndex: 'light', width: 64, render: (_: unknown, r) => <LightTag light={r.light} /> },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size={[12, 8]}>
          <Space size={6}>
            <span>年度</span>
            <Select
              value={year}
              options={yearOptions(year)}
              onChange={(y) => setFilter({ ...filter, year: y === thisBeijingYear() ? undefined : y, inspectionId: undefined })}
              style={{ width: 100 }}
              data-testid="rect-year"
            />
          </Space>
          <OrgTreeSelect value={filter.orgId} onChange={(orgId) => setFilter({ ...filter, orgId })} placeholder="全部单位（含下级）" style={{ width: 240 }} data-testid="rect-org" />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="督查：全部"
            value={filter.inspectionId}
            options={inspectionOptions}
            loading={inspections.isLoading}
            onChange={(inspectionId) => setFilter({ ...filter, inspectionId })}
            style={{ width: 260, maxWidth: '100%' }}
            data-testid="rect-inspection"
          />
        </Space>
      </Card>

      {summary && (
        <Alert
          type={summary.findings && summary.unfinished === 0 ? 'success' : 'info'}
          showIcon
          title={<span data-testid="rect-sentence">{summary.sentence}</span>}
          description={
            <Space wrap size={[16, 4]}>
              <span>反馈问题 <b>{summary.findings}</b> 个</span>
              <span style={{ color: '#389e0d' }}>完成整改 <b>{summary.rectified}</b> 个</span>
              <span style={{ color: '#08979c' }}>基本完成、持续整改 <b>{summary.basically}</b> 个</span>
              <span style={{ color: summary.unfinished ? '#cf1322' : undefined }}>未完成 <b>{summary.unfinished}</b> 个</span>
              <span>完成率 <b>{summary.completionRate === null ? '—' : `${summary.completionRate}%`}</b></span>
            </Space>
          }
          data-testid="rect-summary"
        />
      )}

      <Card
        size="small"
        title={
          <Space>
            <span>{year}年督查整改</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }} className="xf-hide-narrow">
              督查发现的问题记入被督查单位的问题清单，整改完成后由工委（督查组）验收销号
            </Typography.Text>
          </Space>
        }
      >
        <Tabs
          size="small"
          activeKey={filter.status ?? 'all'}
          onChange={(k) => setFilter({ ...filter, status: k === 'all' ? undefined : (k as RectificationState) })}
          items={[{ key: 'all', label: '全部' }, ...rectificationStates.options.map((o) => ({ key: o.value, label: o.label }))]}
          style={{ marginTop: -8 }}
        />
        {list.result.error && <Alert type="error" showIcon title={errorMessage(list.result.error)} style={{ marginBottom: 8 }} />}
        <Table<RectificationRow>
          size="small"
          rowKey="id"
          columns={columns}
          {...list.tableProps}
          scroll={{ x: 1150 }}
          locale={{ emptyText: '没有符合条件的督查发现问题' }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/lists/items/${r.id}`) })}
          data-testid="rect-table"
        />
      </Card>
    </Space>
  );
}
