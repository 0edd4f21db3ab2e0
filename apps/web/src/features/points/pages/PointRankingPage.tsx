import { Link } from 'react-router';
import { Alert, App, Button, Card, Input, Select, Space, Statistic, Table, Typography } from 'antd';
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { beijing } from '../../../lib/dates.ts';
import { yearOptions } from '../../compliance/compliance-status.tsx';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useOrgYearParams } from '../../orgs/useOrgYearParams.ts';
import { useRanking, useRefreshRanking, type Ranking } from '../points.api.ts';

type Row = Ranking['items'][number];
type Child = Ranking['children'][number];

/**
 * 积分排名 (PT-13): an organisation's members ranked by the year's points as last 统计ed from the
 * records, each child organisation's average for drill-down, 重新统计, and the branch's printable
 * 民主评议参考表 (PT-14).
 */
export default function PointRankingPage() {
  const { message } = App.useApp();
  const { year, orgId, page, values, set } = useOrgYearParams(['q'] as const);
  const q = values.q;
  const ranking = useRanking({ orgId, year, q, page });
  const refresh = useRefreshRanking();
  const d = ranking.data;
  const recount = async () => {
    try {
      const r = await refresh.mutateAsync({ orgId: orgId!, year });
      message.success(`已按记录重新统计${r.members}名党员的${year}年度积分`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const stale = d && d.summary.computed < d.summary.members;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        title="积分排名"
        extra={
          <Space wrap>
            <Select value={year} options={yearOptions(year)} onChange={(y) => set({ year: y })} style={{ width: 100 }} aria-label="年度" />
            <OrgTreeSelect value={orgId} onChange={(o) => set({ orgId: o })} allowClear={false} style={{ width: 260 }} />
            {d?.canRefresh && (
              <Button icon={<ReloadOutlined />} loading={refresh.isPending} onClick={recount}>
                重新统计
              </Button>
            )}
            {orgId && (
              <Link to={`/points/review-sheet?orgId=${orgId}&year=${year}`}>
                <Button icon={<PrinterOutlined />}>民主评议参考表</Button>
              </Link>
            )}
          </Space>
        }
      >
        {ranking.error && <Alert type="error" showIcon title={errorMessage(ranking.error)} />}
        {d && (
          <Space size={48} wrap>
            <Statistic title="党员" value={d.summary.members} suffix="人" />
            <Statistic title="已统计" value={d.summary.computed} suffix="人" />
            <Statistic title="平均积分" value={d.summary.average ?? '—'} />
            <Statistic title="统计时间" value={d.summary.computedAt ? beijing(d.summary.computedAt)!.format('YYYY-MM-DD HH:mm') : '尚未统计'} />
          </Space>
        )}
        {stale && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            title={`还有${d.summary.members - d.summary.computed}名党员的${year}年度积分尚未统计，点击“重新统计”按记录计算。`}
            description="排名按最近一次统计的结果；每名党员的积分明细始终按记录实时计算。"
          />
        )}
      </Card>
      {d && d.children.length > 0 && (
        <Card title="下级组织平均积分" size="small">
          <Table<Child>
            rowKey="orgId"
            size="small"
            dataSource={d.children}
            pagination={false}
            columns={[
              { title: '组织', dataIndex: 'orgName', render: (t: string, c) => <a onClick={() => set({ orgId: c.orgId })}>{t}</a> },
              { title: '党员', dataIndex: 'members', width: 100 },
              { title: '平均积分', dataIndex: 'average', width: 120, render: (a: number | null) => a ?? '—' },
            ]}
          />
        </Card>
      )}
      <Card title="党员积分排名" size="small">
        <Input.Search allowClear placeholder="姓名" defaultValue={q} onSearch={(v) => set({ q: v })} style={{ width: 180, marginBottom: 12 }} />
        <Table<Row>
          rowKey="memberId"
          size="small"
          loading={ranking.isFetching}
          dataSource={d?.items}
          pagination={{ current: page, pageSize: 20, total: d?.total, showTotal: (t) => `共 ${t} 人`, onChange: (p) => set({ page: p }) }}
          columns={[
            { title: '名次', dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? <Typography.Text type="secondary">未统计</Typography.Text> },
            { title: '姓名', dataIndex: 'name', render: (t: string, r) => <Link to={`/points/members/${r.memberId}?year=${year}`}>{t}</Link> },
            { title: '所在组织', dataIndex: 'orgName' },
            { title: '基础分', dataIndex: 'basePoints', width: 80, render: (v: number | null) => v ?? '—' },
            { title: '加分', dataIndex: 'additions', width: 70, render: (v: number | null) => v ?? '—' },
            { title: '扣分', dataIndex: 'deductions', width: 70, render: (v: number | null) => v ?? '—' },
            { title: '年度积分', dataIndex: 'total', width: 90, render: (v: number | null) => (v === null ? '—' : <b>{v}</b>) },
          ]}
        />
      </Card>
    </Space>
  );
}
