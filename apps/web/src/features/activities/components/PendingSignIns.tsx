import { Alert, App, Button, Space, Typography } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { useConfirmSignIn } from '../activities.api.ts';
import type { ActivityDetail } from '../activity.types.ts';
import { formatTime } from '../activity-time.ts';

/**
 * 待确认签到: members outside the expected list who scanned the meeting's code. The secretary
 * confirms each as 列席 or rejects the sign-in; the record cannot be submitted while any waits.
 */
export function PendingSignIns({ activity }: { activity: ActivityDetail }) {
  const pending = activity.attendance.filter((a) => a.pending);
  const confirm = useConfirmSignIn(activity.id);
  const { message } = App.useApp();
  if (!pending.length) return null;
  const answer = (memberId: number, accept: boolean) =>
    confirm.mutate({ memberId, accept }, { onSuccess: () => message.success(accept ? '已确认为列席人员' : '已拒绝该签到'), onError: (e) => message.error(errorMessage(e)) });
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="pending-sign-ins"
      title={`${pending.length} 人不在应到名单中，扫码签到待确认（确认前不计入出勤，也不能提交审核）`}
      description={
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          {pending.map((a) => (
            <Space key={a.memberId} wrap>
              <Typography.Text strong>{a.memberName}</Typography.Text>
              <Typography.Text type="secondary">签到于 {formatTime(a.signedInAt)}</Typography.Text>
              {activity.abilities.edit && (
                <>
                  <Button size="small" type="primary" loading={confirm.isPending} onClick={() => answer(a.memberId, true)}>
                    确认列席
                  </Button>
                  <Button size="small" danger loading={confirm.isPending} onClick={() => answer(a.memberId, false)}>
                    拒绝
                  </Button>
                </>
              )}
            </Space>
          ))}
        </Space>
      }
    />
  );
}
