import { useEffect } from 'react';
import { DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { memberCategories, memberStatuses, ranks } from '@xianfeng/shared';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import type { MemberFilter } from '../members.api.ts';
import { SearchButtons } from '../../../components/SearchButtons.tsx';

type Values = {
  orgId?: number;
  name?: string;
  status?: string;
  category?: string;
  rank?: string;
  ageMin?: number | null;
  ageMax?: number | null;
  join?: [Dayjs | null, Dayjs | null] | null;
};

type Props = { filter: MemberFilter; onSearch: (f: MemberFilter) => void; showOrg: boolean };

/** The filter bar of 党员管理; every filter is applied by the server. */
export function MemberFilterBar({ filter, onSearch, showOrg }: Props) {
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    form.setFieldsValue({
      orgId: filter.orgId,
      name: filter.name,
      status: filter.status,
      category: filter.category,
      rank: filter.rank,
      ageMin: filter.ageMin ?? null,
      ageMax: filter.ageMax ?? null,
      join: filter.joinFrom || filter.joinTo ? [toDay(filter.joinFrom) ?? null, toDay(filter.joinTo) ?? null] : null,
    });
  }, [filter, form]);

  const submit = (v: Values) =>
    onSearch({
      orgId: v.orgId,
      name: v.name?.trim() || undefined,
      status: v.status,
      category: v.category,
      rank: v.rank,
      ageMin: v.ageMin ?? undefined,
      ageMax: v.ageMax ?? undefined,
      joinFrom: fromDay(v.join?.[0]),
      joinTo: fromDay(v.join?.[1]),
    });

  return (
    <Form<Values> form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }} data-testid="member-filters">
      {showOrg && (
        <Form.Item name="orgId" label="党组织">
          <OrgTreeSelect style={{ width: 220 }} placeholder="全部（可选组织）" />
        </Form.Item>
      )}
      <Form.Item name="name" label="姓名">
        <Input allowClear placeholder="姓名" style={{ width: 110 }} />
      </Form.Item>
      <Form.Item name="status" label="状态">
        <Select allowClear placeholder="全部" options={memberStatuses.options} style={{ width: 100 }} />
      </Form.Item>
      <Form.Item name="category" label="类别">
        <Select allowClear placeholder="全部" options={memberCategories.options} style={{ width: 110 }} />
      </Form.Item>
      <Form.Item name="rank" label="职级">
        <Select allowClear placeholder="全部" options={ranks.options} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item label="年龄">
        <Space.Compact>
          <Form.Item name="ageMin" noStyle>
            <InputNumber min={0} max={150} placeholder="最小" style={{ width: 64 }} />
          </Form.Item>
          <Form.Item name="ageMax" noStyle>
            <InputNumber min={0} max={150} placeholder="最大" style={{ width: 64 }} />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="join" label="入党日期">
        <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
      </Form.Item>
      <SearchButtons
        onReset={() => {
          form.resetFields();
          onSearch({});
        }}
      />
    </Form>
  );
}
