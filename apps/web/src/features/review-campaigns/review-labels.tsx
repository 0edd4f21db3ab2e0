import { Tag } from 'antd';
import { reviewStatuses, type ReviewStatus } from '@xianfeng/shared';

const STATUS_COLORS: Record<ReviewStatus, string> = { draft: 'default', open: 'blue', voting: 'orange', closed: 'green' };

export function ReviewStatusTag({ status }: { status: ReviewStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{reviewStatuses.label(status)}</Tag>;
}
