import { useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, Button, Card, Result, Select, Space, Tabs, Tag, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { complianceStatuses, orgTypes, type ComplianceStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { useOrgCompliance } from '../compliance.api.ts';
import { StatusLegend, yearFrom, yearOptions } from '../compliance-status.tsx';
import { ComplianceCrumbs } from '../components/ComplianceCrumbs.tsx';
import { RequirementGrid } from '../components/RequirementGrid.tsx';
import { AttendanceRatesTable } from '../components/AttendanceRatesTable.tsx';

const COUNT_COLORS: Record<ComplianceStatus, string> = { met: 'success', due: 'processing', overdue: 'error', inactive: 'default', na: 'default' };

/** A branch's year: requirement × period grid, links to its activities, and its members' attendance. */
export default function ComplianceOrgPage() {
  const orgId = Number(useParams().orgId);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const can = useCan();
  const year = yearFrom(params.get('year'));
  const tab = params.get('tab') === 'attendance' ? 'attendance' : 'grid';
  const list = useOrgCompliance(year, orgId);
  const item = list.data?.items.find((i) => i.orgId === orgId);
  const others = list.data?.items.filter((i) => i.orgId !== orgId) ?? [];

  const counts = useMemo(() => {
    const c: Record<ComplianceStatus, number> = { met: 0, due: 0, overdue: 0, inactive: 0, na: 0 };
    for (const cell of item?.cells ?? []) c[cell.status]++;
    return c;
  }, [item]);

  const setParam = (k: string, v: string | null) => {
    const p = new URLSearchParams(params);
    if (v === null) p.delete(k);
    else p.set(k, v);
    setParams(p, { replace: k === 'tab' });
  };

  if (!Number.isInteger(orgId) || orgId <= 0) return <Result status="404" title="组织不存在" />;

  const title = item ? item.orgName : list.isLoading ? '' : '组织生活考核明细';

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <ComplianceCrumbs year={year} orgId={orgId} current={item?.orgName} />
          <div style={{ flex: 1 }} />
          <Space wrap>
            <span>年度</span>
            <Select value={year} options={yearOptions(year)} onChange={(y) => setParam('year', String(y))} style={{ width: 100 }} data-testid="compliance-year" />
            {can('activity.read') && (
              <Button icon={<CalendarOutlined />} onClick={() => navigate(`/activities?orgId=${orgId}&from=${year}-01-01&to=${year}-12-31`)}>
                本组织{year}年活动
              </Button>
            )}
          </Space>
        </div>
      </Card>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Card
        size="small"
        title={
          <Space size={8} wrap>
            <span data-testid="compliance-org-name">{title}</span>
            {item && <Tag>{orgTypes.label(item.orgType)}</Tag>}
            {item &&
              (['overdue', 'due', 'met'] as const).map((s) => (
                <Tag key={s} color={COUNT_COLORS[s]} style={{ fontWeight: 'normal' }}>
                  {complianceStatuses.label(s)} {counts[s]}
                </Tag>
              ))}
            {list.data && (
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                统计截至 {list.data.asOf}
              </Typography.Text>
            )}
          </Space>
        }
        styles={{ body: { paddingTop: 0 } }}
      >
        <Tabs
          activeKey={tab}
          onChange={(k) => setParam('tab', k === 'grid' ? null : k)}
          tabBarExtraContent={tab === 'grid' ? <StatusLegend /> : null}
          items={[
            {
              key: 'grid',
              label: '考核明细',
              children: (
                <>
                  {list.data && !item && !list.isFetching && (
                    <Alert
                      type="info"
                      showIcon
                      style={{ marginBottom: 8 }}
                      title="该组织本身不适用支部组织生活考核要求"
                      description={
                        others.length ? (
                          <Space wrap size={[12, 4]}>
                            <span>请查看下属支部：</span>
                            {others.slice(0, 30).map((o) => (
                              <Link key={o.orgId} to={`/compliance/org/${o.orgId}?year=${year}`}>
                                {o.orgName}
                              </Link>
                            ))}
                            {others.length > 30 && <Link to={`/compliance?year=${year}&orgId=${orgId}`}>更多…</Link>}
                          </Space>
                        ) : (
                          '考核要求适用于党支部（含联合、临时、离退休党支部）。'
                        )
                      }
                    />
                  )}
                  <RequirementGrid year={year} item={item} requirements={list.data?.requirements ?? []} loading={list.isFetching} />
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                    格内数字为“已开展/要求”，只计审核通过的活动。点击任一格查看该期的活动记录。
                  </Typography.Paragraph>
                </>
              ),
            },
            ...(can('activity.read')
              ? [{ key: 'attendance', label: '党员出勤率', children: <AttendanceRatesTable year={year} orgId={orgId} /> }]
              : []),
          ]}
        />
      </Card>
    </Space>
  );
}
