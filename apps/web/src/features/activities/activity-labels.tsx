import { Space, Tag } from 'antd';
import { activityStatuses, activityTypes, attendanceStatuses, type ActivityStatus, type ActivityType, type AttendanceStatus } from '@xianfeng/shared';

// Labels come from the shared option lists; only the colours are chosen here.

const STATUS_COLOR: Record<ActivityStatus, string> = { planned: 'blue', draft: 'default', submitted: 'gold', returned: 'red', approved: 'green' };

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  return <Tag color={STATUS_COLOR[status] ?? 'default'} style={{ marginInlineEnd: 0 }}>{activityStatuses.label(status) || status}</Tag>;
}

const TYPE_COLOR: Partial<Record<ActivityType, string>> = {
  branch_assembly: 'red',
  committee_meeting: 'volcano',
  group_meeting: 'orange',
  party_lecture: 'magenta',
  theme_day: 'purple',
  life_meeting: 'geekblue',
  member_review: 'cyan',
  heart_talk: 'lime',
  central_group_study: 'blue',
  democratic_life_meeting: 'geekblue',
};

export function ActivityTypeTags({ types }: { types: ActivityType[] }) {
  return (
    <Space size={[0, 4]} wrap>
      {types.map((t) => (
        <Tag key={t} color={TYPE_COLOR[t] ?? 'default'} style={{ marginInlineEnd: 4 }}>
          {activityTypes.label(t) || t}
        </Tag>
      ))}
    </Space>
  );
}

const ATTENDANCE_COLOR: Record<AttendanceStatus, string> = { present: 'green', leave: 'gold', absent: 'red' };

export function AttendanceTag({ status }: { status: AttendanceStatus }) {
  return <Tag color={ATTENDANCE_COLOR[status]}>{attendanceStatuses.label(status)}</Tag>;
}

export const reviewActionLabels: Record<string, string> = { submit: '提交审核', approve: '审核通过', return: '退回修改', reopen: '重新打开' };
