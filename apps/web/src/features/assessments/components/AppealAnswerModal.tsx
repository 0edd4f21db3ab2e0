import { useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { useAnswerAppeal, type Appeal } from '../rounds.api.ts';
import { fmt } from '../round-labels.tsx';

/** 答复申诉 (the committee): 申诉成立 with the indicator's new score, or 申诉不成立; the answer text. */
export function AppealAnswerModal({ appeal, onClose }: { appeal: Appeal; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ decision: 'upheld' | 'rejected'; answer: string; newScore?: number }>();
  const decision = Form.useWatch('decision', form);
  const [error, setError] = useState<string | null>(null);
  const answer = useAnswerAppeal();
  const submit = async () => {
    const f = await form.validateFields();
    answer
      .mutateAsync({ id: appeal.id, input: { decision: f.decision, answer: f.answer, newScore: f.decision === 'upheld' ? f.newScore : undefined } })
      .then(() => { message.success('已答复'); onClose(); }, (e) => setError(errorMessage(e)));
  };
  return (
    <Modal open title={`答复申诉：${appeal.orgName} · ${appeal.indicatorName}`} okText="答复" cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={answer.isPending} destroyOnHidden>
      <Typography.Paragraph>
        <Typography.Text type="secondary">申诉理由：</Typography.Text>
        {appeal.reason}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">申诉时得分：{fmt(appeal.scoreBefore)}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ decision: 'rejected' }}>
        <Form.Item name="decision" label="答复结论" rules={[{ required: true, message: '请选择答复结论' }]}>
          <Radio.Group options={[{ value: 'upheld', label: '申诉成立（调整分数）' }, { value: 'rejected', label: '申诉不成立' }]} />
        </Form.Item>
        {decision === 'upheld' && (
          <Form.Item name="newScore" label="调整后的分数" rules={[{ required: true, message: '申诉成立时应给出调整后的分数' }]}>
            <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} aria-label="调整后的分数" />
          </Form.Item>
        )}
        <Form.Item name="answer" label="答复意见" rules={[{ required: true, whitespace: true, message: '请填写答复意见' }]}>
          <Input.TextArea rows={3} maxLength={2000} aria-label="答复意见" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
