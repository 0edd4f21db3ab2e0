import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { memberStatuses } from '@xianfeng/shared';
import type { MemberDetail } from '../../../api/types.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { fromDay, todayDay } from '../../../lib/dates.ts';
import { useChangeMemberStatus } from '../members.api.ts';
import { labelOf } from '../member-labels.tsx';

type Values = { status: string; changedOn: Dayjs; reason: string };

/** 变更状态: 停止党籍, 出党, 去世, 转出 … with the date and reason kept in the history. */
export function StatusChangeModal({ member, open, onClose }: { member: MemberDetail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const change = useChangeMemberStatus(member.id);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      title={`变更党籍状态：${member.name}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="确认变更"
      confirmLoading={change.isPending}
      destroyOnHidden
      afterOpenChange={(o) => o && setError(null)}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ changedOn: todayDay() }}
        onFinish={(v) =>
          change.mutate(
            { status: v.status, fromStatus: member.status, changedOn: fromDay(v.changedOn)!, reason: v.reason.trim() },
            {
              onSuccess: () => {
                message.success('状态已变更');
                onClose();
              },
              onError: (e) => setError(applyServerErrors(form, e, ['status', 'changedOn', 'reason'])),
            },
          )
        }
      >
        <Form.Item label="当前状态">{labelOf(memberStatuses, member.status)}</Form.Item>
        <Form.Item name="status" label="变更为" rules={[{ required: true, message: '请选择新状态' }]}>
          <Select options={memberStatuses.options.filter((o) => o.value !== member.status)} />
        </Form.Item>
        <Form.Item name="changedOn" label="变更日期" rules={[{ required: true, message: '请选择变更日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(todayDay(), 'day')} />
        </Form.Item>
        <Form.Item name="reason" label="变更原因" rules={[{ required: true, whitespace: true, message: '请填写变更原因' }, { max: 200 }]}>
          <Input.TextArea rows={3} placeholder="如：组织关系转出至××单位党支部" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
