import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { activityTypes, BRANCH_TYPES, frequencies, orgTypes, type LocalRequirementInput } from '@xianfeng/shared';

export type LocalDraft = LocalRequirementInput & { key: string };

type Props = {
  open: boolean;
  /** The row being edited, or null for a new one. */
  value: LocalDraft | null;
  onCancel: () => void;
  onOk: (v: Omit<LocalDraft, 'key'>) => void;
};

const BLANK: Omit<LocalDraft, 'key'> = { label: '', activityType: 'party_lecture', frequency: 'quarter', minCount: 1, appliesTo: BRANCH_TYPES, rule: '', note: '', enabled: true };

/** Adds or edits one 本地规定 in the draft table; nothing is saved until the table is. */
export function LocalRequirementModal({ open, value, onCancel, onOk }: Props) {
  const [form] = Form.useForm<Omit<LocalDraft, 'key'>>();
  useEffect(() => {
    if (open) form.setFieldsValue(value ? { ...BLANK, ...value, note: value.note ?? '' } : BLANK);
  }, [open, value, form]);

  const submit = async () => {
    const v = await form.validateFields();
    onOk({ ...v, label: v.label.trim(), rule: v.rule.trim(), note: v.note?.trim() || undefined });
  };

  return (
    <Modal title={value ? '编辑本地规定' : '新增本地规定'} open={open} onCancel={onCancel} onOk={submit} okText="确定" width={560} destroyOnHidden>
      <Form form={form} layout="horizontal" labelCol={{ flex: '96px' }} requiredMark style={{ marginTop: 16 }} data-testid="local-requirement-form">
        <Form.Item name="label" label="要求名称" rules={[{ required: true, whitespace: true, message: '请输入要求名称' }, { max: 100, message: '不超过100字' }]}>
          <Input placeholder="如：党课每季度至少1次" maxLength={100} />
        </Form.Item>
        <Form.Item name="activityType" label="活动类型" rules={[{ required: true, message: '请选择活动类型' }]}>
          <Select options={activityTypes.options} />
        </Form.Item>
        <Form.Item label="频次" required style={{ marginBottom: 0 }}>
          <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
            <Form.Item name="frequency" rules={[{ required: true, message: '请选择频次' }]}>
              <Select options={frequencies.options} style={{ width: 110 }} />
            </Form.Item>
            <span>至少</span>
            <Form.Item name="minCount" rules={[{ required: true, message: '请输入次数' }]}>
              <InputNumber min={1} max={100} precision={0} style={{ width: 80 }} />
            </Form.Item>
            <span>次</span>
          </div>
        </Form.Item>
        <Form.Item name="appliesTo" label="适用组织" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种组织类型' }]}>
          <Select mode="multiple" options={orgTypes.options} optionFilterProp="label" placeholder="选择组织类型" maxTagCount="responsive" />
        </Form.Item>
        <Form.Item name="rule" label="依据" rules={[{ required: true, whitespace: true, message: '请填写依据（文件名称或文号）' }, { max: 100, message: '不超过100字' }]}>
          <Input placeholder="如：市直机关工委〔2026〕1号" maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label="说明" rules={[{ max: 200, message: '不超过200字' }]}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="enabled" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
