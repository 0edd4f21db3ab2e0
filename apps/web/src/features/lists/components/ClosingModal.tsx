import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { activityTypes } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useActivityList } from '../../activities/activities.api.ts';
import { useSubmitClosing, type ListItem } from '../lists.api.ts';

type Values = { summary: string; activityIds: number[] };

/**
 * 申请销号: what was done, and the approved activity records of the organisation as evidence
 * (「最多报一次」: the record is linked, not uploaded again).
 */
export function ClosingModal({ item, open, onClose }: { item: ListItem; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const submit = useSubmitClosing(item.id);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const records = useActivityList({ orgId: item.orgId, status: 'approved', from: `${item.year}-01-01`, page: 1, pageSize: 200 });
  useEffect(() => {
    if (open) {
      setError(null);
      form.setFieldsValue({ summary: '', activityIds: [] });
    }
  }, [open, form]);

  const options = (records.data?.items ?? []).map((a) => ({
    value: a.id,
    label: `${a.heldOn} ${a.types.map((t) => activityTypes.label(t)).join('、')}：${a.title}`,
  }));

  const finish = (v: Values) => {
    setError(null);
    submit.mutate(
      { summary: v.summary.trim(), activityIds: v.activityIds ?? [] },
      {
        onSuccess: () => {
          message.success('销号申请已提交，待上级审核');
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal title={`申请销号：${item.title}`} open={open} onCancel={onClose} onOk={() => form.submit()} okText="提交销号申请" okButtonProps={{ 'data-testid': 'closing-submit' }} confirmLoading={submit.isPending} width={640} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="closing-error" />}
      {item.evidenceRequired && <Alert type="info" showIcon title={`佐证要求：${item.evidenceRequired}`} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={finish} data-testid="closing-form">
        <Form.Item name="summary" label="完成情况" rules={[{ required: true, whitespace: true, message: '请填写完成情况' }, { max: 4000 }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount placeholder="简述完成情况和取得的成效" data-testid="closing-summary" />
        </Form.Item>
        <Form.Item
          name="activityIds"
          label="关联组织生活记录（已审核通过）"
          rules={[{ type: 'array', max: 20, message: '最多关联20条记录' }]}
          extra={<Typography.Text type="secondary">只列出本组织{item.year}年已审核通过的活动记录，作为销号依据，无需重复上传材料</Typography.Text>}
        >
          <Select
            mode="multiple"
            allowClear
            options={options}
            optionFilterProp="label"
            loading={records.isFetching}
            placeholder={records.data && !options.length ? '本组织暂无审核通过的活动记录' : '选择活动记录（可多选）'}
            notFoundContent="没有匹配的活动记录"
            data-testid="closing-activities"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
