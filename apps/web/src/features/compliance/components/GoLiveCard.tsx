import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Space, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { useSaveGoLive } from '../compliance.api.ts';

/**
 * 全市启用日期 (GO-1): from which day the platform judges the three meetings and one lesson. Periods
 * that ended before it show 未启用, never 逾期; records entered for them still count. An organisation
 * that moved in later has its own date on its page.
 */
export function GoLiveCard({ goLiveOn, editable }: { goLiveOn: string | null; editable: boolean }) {
  const { modal, message } = App.useApp();
  const save = useSaveGoLive();
  const [value, setValue] = useState<string | null>(goLiveOn);
  const changed = value !== goLiveOn;

  const submit = () =>
    modal.confirm({
      title: value ? `将全市启用日期设为 ${value}？` : '清除全市启用日期？',
      content: value
        ? `${value} 之前结束的考核周期显示为“未启用”，不计逾期；之后的周期按考核要求评定。单独设置了启用日期的组织不受影响。`
        : '清除后，没有单独设置启用日期的组织都不再考核，直到重新设置。',
      okText: '确认',
      onOk: () =>
        save.mutateAsync(value).then(
          () => message.success('启用日期已保存'),
          (e: unknown) => message.error(errorMessage(e)),
        ),
    });

  return (
    <Card size="small" title={<><CalendarOutlined /> 全市启用日期</>} data-testid="go-live-card">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {!goLiveOn && (
          <Alert
            type="warning"
            showIcon
            title="尚未设置启用日期：各党组织的组织生活暂不考核"
            description="请设置本市开始使用本系统的日期（通常是本月或本季度的第一天）。之前的月份显示“未启用”，补录的历史活动仍然计入。"
          />
        )}
        <Space wrap>
          {editable ? (
            <>
              <DatePicker value={toDay(value) ?? null} onChange={(d) => setValue(fromDay(d) ?? null)} allowClear placeholder="选择启用日期" aria-label="全市启用日期" />
              <Button type="primary" disabled={!changed} loading={save.isPending} onClick={submit}>
                保存启用日期
              </Button>
            </>
          ) : (
            <Typography.Text strong>{goLiveOn ?? '未设置'}</Typography.Text>
          )}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          启用日期之前结束的周期显示“未启用”，不计逾期；组织可在组织页面单独设置自己的启用日期（如年中才迁入的单位），未设置的沿用上级组织或全市的启用日期。
        </Typography.Text>
      </Space>
    </Card>
  );
}
