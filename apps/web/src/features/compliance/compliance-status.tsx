import type { CSSProperties } from 'react';
import { Space, Tag, Tooltip } from 'antd';
import { complianceStatuses, requirementSources, type ComplianceStatus, type MonthSummary, type RequirementSource } from '@xianfeng/shared';

/**
 * The colours of compliance: met green, due light blue, overdue red (darker the larger the share
 * of overdue items in the cell), inactive (before the go-live date, GO-1) hatched grey, na light grey.
 * Plain styles, no chart library.
 */
export const STATUS_COLORS: Record<ComplianceStatus, { background: string; color: string }> = {
  met: { background: '#d9f7be', color: '#135200' },
  due: { background: '#e6f4ff', color: '#0958d9' },
  overdue: { background: '#ff7875', color: '#fff' },
  inactive: { background: 'repeating-linear-gradient(135deg, #fafafa 0 4px, #f0f0f0 4px 8px)', color: '#8c8c8c' },
  na: { background: '#f5f5f5', color: '#bfbfbf' },
};

/** Four shades of red, lightest first. */
export const OVERDUE_SHADES = [
  { background: '#ffccc7', color: '#a8071a' },
  { background: '#ff7875', color: '#fff' },
  { background: '#e02424', color: '#fff' },
  { background: '#a8071a', color: '#fff' },
];

export const applicable = (s: MonthSummary) => s.met + s.due + s.overdue;

/** Shade of an overdue cell: by the share of its items that are overdue (1 of 10 is lighter than 9 of 10). */
export function overdueShade(s: MonthSummary) {
  const share = s.overdue / Math.max(1, applicable(s));
  return OVERDUE_SHADES[share > 0.75 ? 3 : share > 0.5 ? 2 : share > 0.25 ? 1 : 0];
}

export function summaryCellStyle(status: ComplianceStatus, s: MonthSummary): CSSProperties {
  const c = status === 'overdue' ? overdueShade(s) : STATUS_COLORS[status];
  return { background: c.background, color: c.color };
}

/** What a heatmap cell says: "3/5" (met of applicable), "逾期2", "未启用" before go-live, or "—" when nothing applies. */
export function summaryText(status: ComplianceStatus, s: MonthSummary): string {
  if (status === 'inactive') return complianceStatuses.label('inactive');
  if (status === 'na' || applicable(s) === 0) return '—';
  if (status === 'overdue') return `逾期${s.overdue}`;
  return `${s.met}/${applicable(s)}`;
}

export function SummaryTooltip({ title, s }: { title: string; s: MonthSummary }) {
  return (
    <div style={{ fontSize: 12, lineHeight: '20px' }}>
      <div style={{ fontWeight: 600 }}>{title}</div>
      <div>已完成：{s.met} 项</div>
      <div>待完成：{s.due} 项</div>
      <div>逾期未完成：{s.overdue} 项</div>
      {s.inactive > 0 && <div>未启用（启用日期之前，不考核）：{s.inactive} 项</div>}
      <div>不适用：{s.na} 项</div>
    </div>
  );
}

function Swatch({ background, label }: { background: string; label?: string }) {
  return (
    <Space size={4}>
      <span style={{ display: 'inline-block', width: 14, height: 14, borderRadius: 2, background, border: '1px solid rgba(0,0,0,0.06)', verticalAlign: -2 }} />
      {label && <span>{label}</span>}
    </Space>
  );
}

export function StatusLegend() {
  return (
    <Space size={16} wrap style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }} data-testid="compliance-legend">
      <Swatch background={STATUS_COLORS.met.background} label={complianceStatuses.label('met')} />
      <Swatch background={STATUS_COLORS.due.background} label={complianceStatuses.label('due')} />
      <Space size={2}>
        {OVERDUE_SHADES.map((s) => (
          <Swatch key={s.background} background={s.background} />
        ))}
        <span style={{ marginLeft: 2 }}>{complianceStatuses.label('overdue')}（颜色越深，逾期占比越高）</span>
      </Space>
      <Swatch background={STATUS_COLORS.inactive.background} label={`${complianceStatuses.label('inactive')}（启用日期之前，不考核）`} />
      <Swatch background={STATUS_COLORS.na.background} label={complianceStatuses.label('na')} />
    </Space>
  );
}

export function StatusTag({ status }: { status: ComplianceStatus }) {
  const color = { met: 'success', due: 'processing', overdue: 'error', inactive: 'default', na: 'default' }[status];
  return <Tag color={color}>{complianceStatuses.label(status)}</Tag>;
}

export function SourceTag({ source }: { source: RequirementSource }) {
  return (
    <Tooltip title={source === 'national' ? '党内法规的全国性规定，只能启用或停用' : '工委根据本地实际增加的要求'}>
      <Tag color={source === 'national' ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>
        {requirementSources.label(source)}
      </Tag>
    </Tooltip>
  );
}

export const thisYear = () => new Date().getFullYear();

/** Years offered by the pickers: five back, and the next one (plans are made ahead). */
export function yearOptions(around: number = thisYear()) {
  const now = thisYear();
  const from = Math.min(around, now) - 5;
  const to = Math.max(around, now) + 1;
  return Array.from({ length: to - from + 1 }, (_, i) => to - i).map((y) => ({ value: y, label: `${y}年` }));
}

/** A year from the address bar, or this year. */
export function yearFrom(v: string | null): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : thisYear();
}
