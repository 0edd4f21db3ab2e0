import { Tag } from 'antd';
import { inspectionKinds, inspectionStatuses, targetStatuses, type InspectionKind, type InspectionStatus, type TargetStatus } from '@xianfeng/shared';

const STATUS_COLORS: Record<InspectionStatus, string> = { planned: 'blue', in_progress: 'orange', done: 'green', cancelled: 'default' };

export const kindText = (kind: InspectionKind, quarter: number | null) => `${inspectionKinds.label(kind)}${quarter ? `（第${quarter}季度）` : ''}`;

export function InspectionStatusTag({ status }: { status: InspectionStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{inspectionStatuses.label(status)}</Tag>;
}

export function TargetStatusTag({ status }: { status: TargetStatus }) {
  return <Tag color={status === 'recorded' ? 'green' : 'default'}>{targetStatuses.label(status)}</Tag>;
}
