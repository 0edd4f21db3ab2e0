import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { errorMessage } from '../../../api/client.ts';

/**
 * One step of an item's workflow that takes a line of text: 报送完成 (完成情况), 确认 / 退回 a
 * milestone, 批准 / 不予批准 an adjustment, 批准销号 / 退回, 重新打开. The server's message is shown
 * as it comes.
 */
export type TextDecision = {
  title: string;
  okText: string;
  label: string;
  placeholder?: string;
  hint?: string;
  /** The text must be given (退回, 不予批准, 重新打开, 完成情况). */
  required?: string;
  danger?: boolean;
  maxLength?: number;
  done: string;
  run: (text: string | undefined) => Promise<unknown>;
};

export function TextDecisionModal({ decision, onClose }: { decision: TextDecision | null; onClose: () => void }) {
  const [form] = Form.useForm<{ text?: string }>();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const max = decision?.maxLength ?? 1000;

  const finish = async ({ text }: { text?: string }) => {
    if (!decision) return;
    setError(null);
    setBusy(true);
    try {
      await decision.run(text?.trim() || undefined);
      message.success(decision.done);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={decision?.title}
      open={!!decision}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={decision?.okText}
      okButtonProps={{ danger: decision?.danger, 'data-testid': 'decision-ok' }}
      confirmLoading={busy}
      destroyOnHidden
      afterOpenChange={(o) => o && setError(null)}
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="decision-error" />
      )}
      {decision?.hint && <Typography.Paragraph type="secondary">{decision.hint}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={finish} preserve={false}>
        <Form.Item
          name="text"
          label={decision?.label}
          rules={[...(decision?.required ? [{ required: true, whitespace: true, message: decision.required }] : []), { max, message: `不超过${max}字` }]}
        >
          <Input.TextArea rows={4} placeholder={decision?.placeholder} autoFocus maxLength={max} showCount data-testid="decision-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
