import { useMemo } from 'react';
import { Link } from 'react-router';
import { Table, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { complianceStatuses, frequencies, periodsOf, type Period, type Requirement } from '@xianfeng/shared';
import type { ComplianceCellDto, ComplianceOrgItem } from '../compliance.api.ts';
import { SourceTag, STATUS_COLORS } from '../compliance-status.tsx';
import '../compliance.css';

type Row = { requirement: Requirement; cells: Map<string, ComplianceCellDto>; periods: Period[] };

const MONTHS = Array.from({ length: 12 }, (_, i) => i);
const MONTH_WIDTH = 56;
const BOX: React.CSSProperties = { display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%', minHeight: 32, fontSize: 12, whiteSpace: 'nowrap', overflow: 'hidden' };
const QUARTER_NAMES = ['第一季度', '第二季度', '第三季度', '第四季度'];

/** Where a month column's cell comes from: its own period, or the quarter / year it opens (spanning 3 or 12 columns). */
function periodAt(row: Row, month: number): { period: Period; span: number; name: string } | null {
  const f = row.requirement.frequency;
  if (f === 'month') return { period: row.periods[month], span: 1, name: `${month + 1}月` };
  if (f === 'quarter') return month % 3 === 0 ? { period: row.periods[month / 3], span: 3, name: QUARTER_NAMES[month / 3] } : null;
  return month === 0 ? { period: row.periods[0], span: 12, name: '全年' } : null;
}

function unitOf(r: Requirement) {
  if (r.pairs) return { done: '已谈话', unit: '对' };
  if (r.needs === 'groups') return { done: '已开会的党小组', unit: '个' };
  return { done: '已开展', unit: '次' };
}

function activitiesLink(orgId: number, r: Requirement, p: Period) {
  return `/activities?orgId=${orgId}&from=${p.start}&to=${p.end}&type=${r.activityType}`;
}

function GridCell({ orgId, row, at, cell }: { orgId: number; row: Row; at: { period: Period; span: number; name: string }; cell: ComplianceCellDto | undefined }) {
  if (!cell) return <div style={{ ...BOX, background: STATUS_COLORS.na.background }} />;
  const r = row.requirement;
  const c = STATUS_COLORS[cell.status];
  const u = unitOf(r);
  const progress = cell.status === 'na' || cell.needed === 0 ? '—' : `${cell.done}/${cell.needed}`;
  const text = at.span === 1 ? progress : `${at.name}　${progress}　${complianceStatuses.label(cell.status)}`;
  const tip = (
    <div style={{ fontSize: 12, lineHeight: '20px' }}>
      <div style={{ fontWeight: 600 }}>
        {at.name}（{at.period.start} 至 {at.period.end}）
      </div>
      <div>状态：{complianceStatuses.label(cell.status)}</div>
      {cell.needed > 0 && (
        <div>
          {u.done} {cell.done} {u.unit}，要求 {cell.needed} {u.unit}
        </div>
      )}
      <div style={{ opacity: 0.75 }}>点击查看该期活动</div>
    </div>
  );
  return (
    <Tooltip title={tip} mouseEnterDelay={0.15}>
      <Link
        to={activitiesLink(orgId, r, at.period)}
        style={{ ...BOX, background: c.background, color: c.color }}
        data-status={cell.status}
        data-period={cell.periodId}
      >
        {text}
      </Link>
    </Tooltip>
  );
}

/**
 * One organisation's requirements × the months of the year: a monthly item has a cell per month,
 * a quarterly one a cell spanning its quarter, a yearly one a cell spanning the year.
 */
export function RequirementGrid({ year, item, requirements, loading }: { year: number; item: ComplianceOrgItem | undefined; requirements: Requirement[]; loading: boolean }) {
  const rows = useMemo<Row[]>(() => {
    if (!item) return [];
    return requirements
      .map((requirement) => ({
        requirement,
        cells: new Map(item.cells.filter((c) => c.requirementKey === requirement.key).map((c) => [c.periodId, c])),
        periods: periodsOf(year, requirement.frequency),
      }))
      .filter((r) => r.cells.size > 0);
  }, [item, requirements, year]);

  const columns: TableProps<Row>['columns'] = [
    {
      title: '考核要求',
      key: 'label',
      width: 230,
      fixed: 'left',
      render: (_, { requirement: r }) => (
        <div style={{ lineHeight: 1.4 }}>
          <span>{r.label}</span>
          {r.note && (
            <Tooltip title={r.note}>
              <QuestionCircleOutlined style={{ color: '#999', marginLeft: 4, fontSize: 12 }} />
            </Tooltip>
          )}
          <div style={{ fontSize: 12, color: '#8c8c8c' }}>
            {frequencies.label(r.frequency)}至少{r.minCount}次
          </div>
        </div>
      ),
    },
    { title: '依据', key: 'rule', width: 104, render: (_, { requirement: r }) => (
        <span title={r.rule} style={{ display: 'block', fontFamily: r.source === 'national' ? 'monospace' : undefined, fontSize: 12, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {r.rule}
        </span>
      ),
    },
    { title: '来源', key: 'source', width: 96, render: (_, { requirement: r }) => <SourceTag source={r.source} /> },
    ...MONTHS.map((m) => ({
      title: `${m + 1}月`,
      key: `m${m}`,
      width: MONTH_WIDTH,
      align: 'center' as const,
      className: 'xf-heat-td',
      onCell: (row: Row) => {
        const at = periodAt(row, m);
        return { colSpan: at ? at.span : 0 };
      },
      render: (_: unknown, row: Row) => {
        const at = periodAt(row, m);
        if (!at || !item) return null;
        return <GridCell orgId={item.orgId} row={row} at={at} cell={row.cells.get(at.period.id)} />;
      },
    })),
  ];

  return (
    <Table<Row>
      size="small"
      bordered
      rowKey={(r) => r.requirement.key}
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 230 + 104 + 96 + 12 * MONTH_WIDTH }}
      locale={{ emptyText: '本组织没有适用的考核要求' }}
      data-testid="requirement-grid"
    />
  );
}
