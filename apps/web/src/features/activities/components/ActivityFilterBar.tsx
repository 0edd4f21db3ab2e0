import { useEffect } from 'react';
import { DatePicker, Form, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { activityStatuses, activityTypes, type ActivityStatus, type ActivityType } from '@xianfeng/shared';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { SearchButtons } from '../../../components/SearchButtons.tsx';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import type { ActivityFilter } from '../activities.api.ts';

type Values = { orgId?: number; range?: [Dayjs | null, Dayjs | null] | null; type?: ActivityType; status?: ActivityStatus };

type Props = { filter: ActivityFilter; onSearch: (f: ActivityFilter) => void; showStatus?: boolean };

/** Organisation (with its subtree), date range, type and status; the server applies them all. */
export function ActivityFilterBar({ filter, onSearch, showStatus = true }: Props) {
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    form.setFieldsValue({
      orgId: filter.orgId,
      range: filter.from || filter.to ? [toDay(filter.from) ?? null, toDay(filter.to) ?? null] : null,
      type: filter.type,
      status: filter.status,
    });
  }, [filter, form]);

  const submit = (v: Values) => onSearch({ orgId: v.orgId, from: fromDay(v.range?.[0]), to: fromDay(v.range?.[1]), type: v.type, status: showStatus ? v.status : undefined });

  return (
    <Form<Values> form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }} data-testid="activity-filters">
      <Form.Item name="orgId" label="党组织">
        <OrgTreeSelect style={{ width: 210 }} placeholder="全部（含下级组织）" />
      </Form.Item>
      <Form.Item name="range" label="活动日期">
        <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 224 }} />
      </Form.Item>
      <Form.Item name="type" label="类型">
        <Select allowClear placeholder="全部" options={activityTypes.options} style={{ width: 124 }} popupMatchSelectWidth={false} />
      </Form.Item>
      {showStatus && (
        <Form.Item name="status" label="状态">
          <Select allowClear placeholder="全部" options={activityStatuses.options} style={{ width: 92 }} />
        </Form.Item>
      )}
      <SearchButtons
        onReset={() => {
          form.resetFields();
          onSearch({});
        }}
      />
    </Form>
  );
}
