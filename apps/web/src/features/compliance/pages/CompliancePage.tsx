import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Select, Space, Typography } from 'antd';
import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { BRANCH_TYPES } from '@xianfeng/shared';
import { download, errorMessage } from '../../../api/client.ts';
import { useWindowHeight } from '../../../lib/useWindowHeight.ts';
import { useCan } from '../../auth/session.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useOrgList } from '../../orgs/orgs.api.ts';
import { buildOrgTree } from '../../orgs/org-tree.ts';
import { useHeatmap, type HeatmapRow } from '../compliance.api.ts';
import { StatusLegend, yearFrom, yearOptions } from '../compliance-status.tsx';
import { HeatmapTable } from '../components/HeatmapTable.tsx';
import { ComplianceCrumbs } from '../components/ComplianceCrumbs.tsx';

/**
 * 组织生活考核: the heatmap of the caller's scope. The year and the organisation looked from are in
 * the address (?year=…&orgId=…), so drilling down works with the back button and links.
 */
export default function CompliancePage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const can = useCan();
  const { message } = App.useApp();
  const year = yearFrom(params.get('year'));
  const orgId = Number(params.get('orgId')) || undefined;
  const heatmap = useHeatmap(year, orgId);
  const height = useWindowHeight();
  const [exporting, setExporting] = useState(false);
  // A branch secretary's scope is one branch: its heatmap has no rows below it, so point to its grid.
  const { data: orgs } = useOrgList({ enabled: can('org.read') });
  const ownBranch = useMemo(() => {
    if (!orgs) return undefined;
    const roots = buildOrgTree(orgs);
    const o = orgId ? orgs.find((x) => x.id === orgId) : roots.length === 1 ? roots[0].org : undefined;
    return o && BRANCH_TYPES.includes(o.type) ? o : undefined;
  }, [orgs, orgId]);

  const go = (next: { year?: number; orgId?: number }) => {
    const p: Record<string, string> = { year: String(next.year ?? year) };
    const o = 'orgId' in next ? next.orgId : orgId;
    if (o) p.orgId = String(o);
    setParams(p);
  };

  const open = (row: HeatmapRow) => {
    if (row.leaf) navigate(`/compliance/org/${row.orgId}?year=${year}`);
    else go({ orgId: row.orgId });
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      await download('/compliance/heatmap.xlsx', { year, orgId }, `组织生活考核_${year}.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  // Header 52 + padding 32 + toolbar card 50 + card head 40 + legend 34 + table head 40 + totals 40 + margins.
  const tableHeight = Math.max(220, height - 312);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <ComplianceCrumbs year={year} orgId={orgId} />
          <div style={{ flex: 1 }} />
          <Space wrap>
            <span>年度</span>
            <Select value={year} options={yearOptions(year)} onChange={(y) => go({ year: y })} style={{ width: 100 }} data-testid="compliance-year" />
            {can('org.read') && (
              <OrgTreeSelect value={orgId} onChange={(id) => go({ orgId: id })} placeholder="全部（可选组织）" style={{ width: 240 }} data-testid="compliance-org" />
            )}
            <Button icon={<SettingOutlined />} onClick={() => navigate(`/compliance/requirements?year=${year}`)}>
              考核要求
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel} data-testid="compliance-export">
              导出Excel
            </Button>
          </Space>
        </div>
      </Card>
      <Card
        size="small"
        title={
          <Space size={12}>
            <span>{year}年组织生活完成情况</span>
            {heatmap.data && (
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                统计截至 {heatmap.data.asOf}，只计审核通过的活动
              </Typography.Text>
            )}
          </Space>
        }
        extra={<StatusLegend />}
      >
        {heatmap.error && <Alert type="error" showIcon title={errorMessage(heatmap.error)} style={{ marginBottom: 8 }} />}
        {heatmap.data && !heatmap.data.cityGoLiveOn && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            data-testid="go-live-missing"
            title="尚未设置全市启用日期：未单独设置启用日期的组织显示“未启用”，不考核。"
            action={
              can('compliance.configure') ? (
                <Button size="small" onClick={() => navigate(`/compliance/requirements?year=${year}`)}>
                  设置启用日期
                </Button>
              ) : undefined
            }
          />
        )}
        {ownBranch && heatmap.data?.rows.length === 0 && !heatmap.isFetching && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 8 }}
            title={`${ownBranch.name}没有下级党组织需要汇总，请查看本支部的考核明细。`}
            action={
              <Button type="primary" size="small" onClick={() => navigate(`/compliance/org/${ownBranch.id}?year=${year}`)}>
                查看考核明细
              </Button>
            }
          />
        )}
        <HeatmapTable data={heatmap.data} loading={heatmap.isFetching} height={tableHeight} onOpen={open} />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          每格汇总在该月截止的考核项：每月的要求逐月计入，每季度的要求计入季末月，每年的要求计入12月。“3/5”表示5项中已完成3项；点击组织查看下级或支部明细。
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
