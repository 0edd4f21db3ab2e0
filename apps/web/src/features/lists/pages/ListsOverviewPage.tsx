import { Link, useNavigate, useSearchParams } from 'react-router';
import { useState } from 'react';
import { Alert, App, Button, Card, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ArrowUpOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { download, errorMessage } from '../../../api/client.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useOrgList } from '../../orgs/orgs.api.ts';
import { yearOptions } from '../../compliance/compliance-status.tsx';
import { thisBeijingYear, useOverview, type Overview } from '../lists.api.ts';
import { LIGHT_HEX } from '../list-labels.tsx';
import { LedgerExportButton } from '../components/LedgerExportButton.tsx';
import '../lists.css';

type Counts = Overview['totals'];
type Row = Counts & { key: string; orgId: number | null; orgName: string; kind: 'unit' | 'own' | 'total' };

const positive = (v: string | null) => (v && Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : undefined);
const count = (n: number, color?: string) => (n ? <span style={{ color, fontWeight: color ? 600 : undefined }}>{n}</span> : <Typography.Text type="secondary">0</Typography.Text>);

/**
 * 清单总览: the units directly below an organisation (default: the caller's highest), each with its
 * whole subtree counted — items, 销号率, lights, overdue and what waits for review; a unit drills down.
 */
export default function ListsOverviewPage() {
  const [params, setParams] = useSearchParams();
  const year = positive(params.get('year')) ?? thisBeijingYear();
  const orgId = positive(params.get('orgId'));
  const q = useOverview(year, orgId);
  const navigate = useNavigate();
  const orgs = useOrgList();
  const o = q.data;
  const go = (next: { year?: number; orgId?: number }) => {
    const p: Record<string, string> = {};
    if (next.year && next.year !== thisBeijingYear()) p.year = String(next.year);
    if (next.orgId) p.orgId = String(next.orgId);
    setParams(p);
  };
  const listLink = (id: number) => `/lists?orgId=${id}${year !== thisBeijingYear() ? `&year=${year}` : ''}`;
  // The level above, when the caller sees it (a unit admin's own organisation has none to go up to).
  const parentId = o ? orgs.data?.find((x) => x.id === o.org.id)?.parentId : undefined;
  const parentVisible = !!parentId && !!orgs.data?.some((x) => x.id === parentId);

  const rows: Row[] = o
    ? [
        ...o.rows.map((r) => ({ ...r, key: `unit-${r.orgId}`, kind: 'unit' as const })),
        { ...o.own, key: 'own', orgId: o.org.id, orgName: `${o.org.name}（本级）`, kind: 'own' as const },
        { ...o.totals, key: 'total', orgId: null, orgName: '合计', kind: 'total' as const },
      ]
    : [];

  const columns: TableProps<Row>['columns'] = [
    {
      title: '单位',
      dataIndex: 'orgName',
      render: (name: string, r) =>
        r.kind === 'unit' ? (
          <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => go({ year, orgId: r.orgId! })} data-testid="overview-drill">
            {name}
          </Button>
        ) : r.kind === 'total' ? (
          <Typography.Text strong>{name}</Typography.Text>
        ) : (
          name
        ),
    },
    { title: '事项数', dataIndex: 'items', width: 76, align: 'right', render: (n: number) => count(n) },
    { title: '已销号', dataIndex: 'closed', width: 76, align: 'right', render: (n: number) => count(n, '#389e0d') },
    { title: '销号率', dataIndex: 'completionRate', width: 80, align: 'right', render: (v: number | null) => (v === null ? <Typography.Text type="secondary">—</Typography.Text> : `${v}%`) },
    { title: '红灯', dataIndex: 'red', width: 64, align: 'right', render: (n: number) => count(n, LIGHT_HEX.red) },
    { title: '黄灯', dataIndex: 'yellow', width: 64, align: 'right', render: (n: number) => count(n, LIGHT_HEX.yellow) },
    { title: '蓝灯', dataIndex: 'blue', width: 64, align: 'right', render: (n: number) => count(n, LIGHT_HEX.blue) },
    { title: '逾期', dataIndex: 'overdue', width: 64, align: 'right', render: (n: number) => count(n, LIGHT_HEX.red) },
    { title: '待审', dataIndex: 'pending', width: 64, align: 'right', render: (n: number) => count(n, '#d46b08') },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_: unknown, r) =>
        r.kind === 'total' ? null : (
          <Link to={listLink(r.orgId!)} data-testid="overview-list-link">
            查看清单
          </Link>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size={[12, 8]}>
          <Space size={6}>
            <span>年度</span>
            <Select value={year} options={yearOptions(year)} onChange={(y) => go({ year: y, orgId })} style={{ width: 100 }} data-testid="overview-year" />
          </Space>
          <OrgTreeSelect value={orgId ?? o?.org.id} onChange={(id) => go({ year, orgId: id })} placeholder="本人所在最高一级组织" style={{ width: 260 }} data-testid="overview-org" />
          {parentVisible && (
            <Button icon={<ArrowUpOutlined />} onClick={() => go({ year, orgId: parentId! })} data-testid="overview-up">
              上一级
            </Button>
          )}
          {o && <OverviewExportButton orgId={o.org.id} orgName={o.org.name} year={year} />}
          {o && <LedgerExportButton orgId={o.org.id} orgName={o.org.name} year={year} />}
          {o && (
            <Button icon={<PrinterOutlined />} onClick={() => navigate(`/lists/ledger?year=${year}&orgId=${o.org.id}`)} data-testid="ledger-print-link">
              打印台账
            </Button>
          )}
        </Space>
      </Card>
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      <Card
        size="small"
        title={
          <Space wrap>
            <span>{o ? `${o.org.name} · ${year}年清单总览` : `${year}年清单总览`}</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }} className="xf-hide-narrow">
              各单位含其下级组织；亮灯不含已销号事项；点击单位名称查看其下级
            </Typography.Text>
          </Space>
        }
      >
        <Table<Row>
          size="small"
          rowKey="key"
          loading={q.isFetching && !o}
          dataSource={rows}
          columns={columns}
          pagination={false}
          scroll={{ x: 760 }}
          rowClassName={(r) => (r.kind === 'total' ? 'xf-overview-total' : r.kind === 'own' ? 'xf-overview-own' : '')}
          locale={{ emptyText: '没有下级单位' }}
          data-testid="overview-table"
        />
      </Card>
    </Space>
  );
}

/** 导出总览: this overview as Excel (every unit in the tree order, the organisation's own items and the totals). */
function OverviewExportButton({ orgId, orgName, year }: { orgId: number; orgName: string; year: number }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download('/lists/overview.xlsx', { year, orgId }, `${orgName}${year}年清单总览.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FileExcelOutlined />} loading={busy} onClick={run} data-testid="overview-xlsx">
      导出总览
    </Button>
  );
}
