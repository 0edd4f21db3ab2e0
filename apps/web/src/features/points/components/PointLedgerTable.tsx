import { Link } from 'react-router';
import { Table, Tag, Tooltip } from 'antd';
import { pointAppealStatuses, pointCapReasons, pointItemKinds, type PointAppealStatus, type PointCapReason, type PointItemKind } from '@xianfeng/shared';
import type { Permission } from '@xianfeng/shared';
import { useCan } from '../../auth/session.ts';
import type { LedgerLine } from '../points.api.ts';

/** Whose console page a source links to: a member without the permission sees the title only. */
const SOURCE_PERMISSION: Record<string, Permission> = { activity: 'activity.read', list_item: 'supervision.read', honour_nomination: 'honour.read', training_class: 'study.read' };
const SOURCE_LABEL: Record<string, string> = { activity: '组织生活', list_item: '清单事项', honour_nomination: '表彰', training_class: '培训班' };

/** The lines of a ledger: day, source (linked to its record), item and version, points, and what cut them. */
export function PointLedgerTable({ lines, loading }: { lines: LedgerLine[] | undefined; loading?: boolean }) {
  const can = useCan();
  return (
    <Table<LedgerLine>
      rowKey={(l) => `${l.source.type}-${l.source.id}-${l.day}`}
      size="small"
      loading={loading}
      dataSource={lines}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: '本年度暂无积分记录' }}
      columns={[
        { title: '日期', dataIndex: 'day', width: 110 },
        {
          title: '来源',
          render: (_, l) => (
            <span>
              <Tag>{SOURCE_LABEL[l.source.type] ?? l.source.type}</Tag>
              {l.source.link && SOURCE_PERMISSION[l.source.type] && can(SOURCE_PERMISSION[l.source.type]) ? <Link to={l.source.link}>{l.source.title}</Link> : l.source.title}
            </span>
          ),
        },
        { title: '积分项目', render: (_, l) => l.itemName ?? pointItemKinds.label(l.kind as PointItemKind) },
        { title: '规则版本', dataIndex: 'ruleSetVersion', width: 90, render: (v: number | null) => (v ? `第${v}版` : '—') },
        {
          title: '积分',
          width: 120,
          align: 'right',
          render: (_, l) => (
            <span>
              <b style={{ color: l.points < 0 ? '#cf1322' : l.points > 0 ? '#389e0d' : undefined }}>{l.points > 0 ? `+${l.points}` : l.points}</b>
              {l.points !== l.nominal && <span style={{ color: '#8c8c8c' }}>（应计{l.nominal}）</span>}
            </span>
          ),
        },
        {
          title: '说明',
          dataIndex: 'cut',
          render: (c: PointCapReason | null) => (c ? <Tooltip title="上限与保底按北京时间自然日、自然年计算">{<Tag color="warning">{pointCapReasons.label(c)}</Tag>}</Tooltip> : null),
        },
        {
          title: '申诉',
          render: (_, l) =>
            l.appeal ? (
              <Tooltip title={l.appeal.answer ?? '等待支部答复'}>
                <Tag color={l.appeal.status === 'open' ? 'processing' : l.appeal.status === 'upheld' ? 'success' : 'default'}>{pointAppealStatuses.label(l.appeal.status as PointAppealStatus)}</Tag>
              </Tooltip>
            ) : null,
        },
      ]}
    />
  );
}
