import { useEffect, useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { verificationOutcomes, type VerificationOutcome } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { useVerifyClosing, type ListItem } from '../lists.api.ts';

type Values = { outcome?: VerificationOutcome; verifiers: string[]; comment?: string };

const OUTCOME_HINT: Record<VerificationOutcome, string> = {
  rectified: '验收通过，事项销号。',
  basically: '记为基本完成、持续整改：事项继续推进，单位整改到位后再次申请验收。',
  unfinished: '退回单位继续整改，须写明原因。',
};

/**
 * 验收 of a finding's rectification (工委 / 督查组): the conclusion (已整改 / 基本完成·持续整改 /
 * 未完成), who verified (the panel, by name), and a comment — required when 未完成.
 */
export function VerifyModal({ item, open, onClose }: { item: ListItem; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const verify = useVerifyClosing(item.id);
  const session = useCurrentSession();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const me = session.user.displayName || session.user.username;
  useEffect(() => {
    if (open) {
      setError(null);
      form.setFieldsValue({ outcome: undefined, verifiers: [me], comment: '' });
    }
  }, [open, form, me]);
  const outcome = Form.useWatch('outcome', form);

  const finish = (v: Values) => {
    setError(null);
    const comment = v.comment?.trim();
    verify.mutate(
      { outcome: v.outcome!, verifiers: v.verifiers.map((n) => n.trim()).filter(Boolean), ...(comment ? { comment } : {}) },
      {
        onSuccess: () => {
          message.success(`验收结论：${verificationOutcomes.label(v.outcome!)}`);
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal
      title={`整改验收：${item.title}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="提交验收结论"
      okButtonProps={{ danger: outcome === 'unfinished', 'data-testid': 'verify-submit' }}
      confirmLoading={verify.isPending}
      width={600}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="verify-error" />}
      <Form form={form} layout="vertical" onFinish={finish} data-testid="verify-form">
        <Form.Item name="outcome" label="验收结论" rules={[{ required: true, message: '请选择验收结论' }]} extra={outcome ? OUTCOME_HINT[outcome] : undefined}>
          <Radio.Group options={verificationOutcomes.options} data-testid="verify-outcome" />
        </Form.Item>
        <Form.Item
          name="verifiers"
          label="验收人"
          rules={[
            { type: 'array', required: true, min: 1, message: '请填写验收人（督查组或验收小组成员）' },
            { type: 'array', max: 10, message: '验收人不超过10人' },
            { validator: async (_, names: string[] | undefined) => { if (names?.some((n) => n.trim().length > 50)) throw new Error('每位验收人姓名不超过50字'); } },
          ]}
          extra={<Typography.Text type="secondary">督查组或验收小组成员，输入姓名后按回车添加</Typography.Text>}
        >
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['，', ',', '、', ' ']} placeholder="输入姓名后按回车" data-testid="verify-verifiers" />
        </Form.Item>
        <Form.Item
          name="comment"
          label={outcome === 'unfinished' ? '意见（须写明未完成的原因）' : '意见（可不填）'}
          dependencies={['outcome']}
          rules={[{ required: outcome === 'unfinished', whitespace: true, message: '未完成须写明原因' }, { max: 1000, message: '不超过1000字' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount placeholder={outcome === 'unfinished' ? '如：记录不规范，需补充完善' : '如：整改到位'} data-testid="verify-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
