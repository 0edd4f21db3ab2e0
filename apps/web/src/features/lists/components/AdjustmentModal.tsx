import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { AdjustmentInput } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { fromDay } from '../../../lib/dates.ts';
import { useRequestAdjustment, type ListItem } from '../lists.api.ts';

type Values = { reason: string; deadline?: Dayjs; title?: string; content?: string };

/** 申请调整: a new deadline, name or content, applied only when the level above approves it. */
export function AdjustmentModal({ item, open, onClose }: { item: ListItem; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const request = useRequestAdjustment(item.id);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
    }
  }, [open, form]);

  const finish = (v: Values) => {
    setError(null);
    const body: AdjustmentInput = { reason: v.reason.trim() };
    const deadline = fromDay(v.deadline);
    if (deadline && deadline !== item.deadline) body.deadline = deadline;
    if (v.title?.trim() && v.title.trim() !== item.title) body.title = v.title.trim();
    if (v.content?.trim() && v.content.trim() !== item.content) body.content = v.content.trim();
    if (!body.deadline && !body.title && body.content === undefined) {
      setError('请填写要调整的内容（完成时限、名称或内容）');
      return;
    }
    request.mutate(body, {
      onSuccess: () => {
        message.success('调整申请已提交，待上级审批');
        onClose();
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  return (
    <Modal title="申请调整" open={open} onCancel={onClose} onOk={() => form.submit()} okText="提交申请" confirmLoading={request.isPending} width={600} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="adjust-error" />}
      <Typography.Paragraph type="secondary">只填写需要改变的项目；上级批准后生效，不予批准时事项保持原样。当前完成时限：{item.deadline}。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={finish}>
        <Form.Item name="reason" label="调整理由" rules={[{ required: true, whitespace: true, message: '请填写调整理由' }, { max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：上级活动安排冲突，需顺延" />
        </Form.Item>
        <Form.Item name="deadline" label="新的完成时限">
          <DatePicker style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="title" label="新的事项名称" rules={[{ max: 200 }]}>
          <Input maxLength={200} placeholder={item.title} />
        </Form.Item>
        <Form.Item name="content" label="新的内容" rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} maxLength={4000} placeholder={item.content || '（原内容为空）'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
