import { memo, useMemo } from 'react';
import { Table, Tag, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { orgTypes, type ComplianceStatus, type MonthSummary } from '@xianfeng/shared';
import type { Heatmap, HeatmapRow } from '../compliance.api.ts';
import '../compliance.css';
import { applicable, summaryCellStyle, summaryText, SummaryTooltip } from '../compliance-status.tsx';

const MONTHS = Array.from({ length: 12 }, (_, i) => i);
const NAME_WIDTH = 230;
const MONTH_WIDTH = 62;
const YEAR_WIDTH = 96;
const CELL_BOX: React.CSSProperties = { height: 30, lineHeight: '30px', fontSize: 12, whiteSpace: 'nowrap', cursor: 'pointer' };

function sumYear(months: MonthSummary[]): MonthSummary {
  return months.reduce((t, m) => ({ met: t.met + m.met, due: t.due + m.due, overdue: t.overdue + m.overdue, inactive: t.inactive + m.inactive, na: t.na + m.na }), { met: 0, due: 0, overdue: 0, inactive: 0, na: 0 });
}

/** One coloured cell; the tooltip only mounts its popup on hover, so a hundred rows stay light. */
const Cell = memo(function Cell({ title, status, s }: { title: string; status: ComplianceStatus; s: MonthSummary }) {
  return (
    <Tooltip title={<SummaryTooltip title={title} s={s} />} mouseEnterDelay={0.15} placement="top">
      <div style={{ ...CELL_BOX, ...summaryCellStyle(status, s) }} data-status={status}>
        {summaryText(status, s)}
      </div>
    </Tooltip>
  );
});

type Props = {
  data: Heatmap | undefined;
  loading: boolean;
  height: number;
  onOpen: (row: HeatmapRow) => void;
};

/**
 * Organisations × twelve months. Each cell sums the requirement items whose period ends in that
 * month; its colour is the worst status among them. Clicking a row opens it (drill down or the branch grid).
 */
export function HeatmapTable({ data, loading, height, onOpen }: Props) {
  const currentMonth = data && Number(data.asOf.slice(0, 4)) === data.year ? Number(data.asOf.slice(5, 7)) - 1 : data && Number(data.asOf.slice(0, 4)) > data.year ? 12 : -1;

  const columns = useMemo<TableProps<HeatmapRow>['columns']>(
    () => [
      {
        title: '党组织',
        dataIndex: 'orgName',
        key: 'orgName',
        width: NAME_WIDTH,
        fixed: 'left',
        ellipsis: true,
        sorter: (a, b) => a.orgName.localeCompare(b.orgName, 'zh-CN'),
        render: (name: string, row) => (
          <span style={{ display: 'flex', alignItems: 'center', gap: 4, minWidth: 0 }} title={`${name}（${orgTypes.label(row.orgType)}）`}>
            <a style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }}>{name}</a>
            {row.leaf ? (
              <Tag style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}>明细</Tag>
            ) : (
              <RightOutlined style={{ fontSize: 10, color: '#999', flex: 'none' }} />
            )}
          </span>
        ),
      },
      ...MONTHS.map((m) => ({
        title: m === currentMonth ? <span style={{ color: '#c41d1d' }}>{m + 1}月</span> : `${m + 1}月`,
        key: `m${m}`,
        width: MONTH_WIDTH,
        align: 'center' as const,
        className: 'xf-heat-td',
        render: (_: unknown, row: HeatmapRow) => <Cell title={`${row.orgName} · ${m + 1}月`} status={row.statuses[m]} s={row.months[m]} />,
      })),
      {
        title: '全年逾期',
        key: 'overdue',
        width: YEAR_WIDTH,
        align: 'center' as const,
        sorter: (a, b) => sumYear(a.months).overdue - sumYear(b.months).overdue,
        render: (_: unknown, row: HeatmapRow) => <YearCell s={sumYear(row.months)} />,
      },
    ],
    [currentMonth],
  );

  const totals = data?.totals;
  return (
    <Table<HeatmapRow>
      size="small"
      rowKey="orgId"
      columns={columns}
      dataSource={data?.rows}
      loading={loading}
      pagination={false}
      bordered
      scroll={{ x: NAME_WIDTH + MONTHS.length * MONTH_WIDTH + YEAR_WIDTH, y: height }}
      onRow={(row) => ({ onClick: () => onOpen(row), style: { cursor: 'pointer' }, 'data-testid': `heat-row-${row.orgId}` }) as React.HTMLAttributes<HTMLElement>}
      locale={{ emptyText: '该范围内没有需要考核的党组织' }}
      data-testid="heatmap-table"
      summary={() =>
        totals && data?.rows.length ? (
          <Table.Summary fixed="bottom">
            <Table.Summary.Row style={{ fontWeight: 600 }}>
              <Table.Summary.Cell index={0}>合计（{data.rows.length} 个组织）</Table.Summary.Cell>
              {MONTHS.map((m) => (
                <Table.Summary.Cell key={m} index={m + 1} align="center" className="xf-heat-td">
                  <Cell title={`合计 · ${m + 1}月`} status={data.totalStatuses[m]} s={totals[m]} />
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={13} align="center">
                <YearCell s={sumYear(totals)} />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
    />
  );
}

function YearCell({ s }: { s: MonthSummary }) {
  const n = applicable(s);
  if (!n) return <span style={{ color: '#bfbfbf' }}>—</span>;
  return (
    <Tooltip title={<SummaryTooltip title="全年合计" s={s} />}>
      <span style={{ color: s.overdue ? '#c41d1d' : '#237804', fontWeight: 600 }}>{s.overdue ? `${s.overdue} 项` : '无'}</span>
    </Tooltip>
  );
}
