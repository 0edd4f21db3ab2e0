import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useWorkflow } from '../activities.api.ts';

export type ReviewStep = 'approve' | 'return' | 'reopen';
export type ReviewTarget = { id: number; title: string; step: ReviewStep };

const TEXT: Record<ReviewStep, { title: string; ok: string; label: string; placeholder: string; done: string; hint?: string }> = {
  approve: { title: '审核通过', ok: '审核通过', label: '审核意见（可不填）', placeholder: '如：记录完整，同意', done: '已审核通过', hint: '通过后记录锁定，计入组织生活统计。' },
  return: { title: '退回修改', ok: '退回', label: '退回意见', placeholder: '请写明需要补充或修改的内容，如：会议记录缺少表决结果', done: '已退回', hint: '退回意见将通知记录人，并显示在活动详情页顶部。' },
  reopen: { title: '重新打开', ok: '重新打开', label: '重新打开的原因（可不填）', placeholder: '如：补充会议附件', done: '已重新打开，记录回到“已退回”状态', hint: '重新打开后记录可以修改，并从组织生活统计中暂时扣除，直到再次审核通过。' },
};

/** 审核通过 / 退回 (comment required) / 重新打开, from the review list or the detail page. */
export function ReviewModal({ target, onClose }: { target: ReviewTarget | null; onClose: () => void }) {
  const [form] = Form.useForm<{ comment?: string }>();
  const workflow = useWorkflow();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const text = target ? TEXT[target.step] : TEXT.approve;
  const required = target?.step === 'return';
  const okProps = { danger: target?.step === 'return', 'data-testid': 'review-ok' };

  const finish = ({ comment }: { comment?: string }) => {
    if (!target) return;
    setError(null);
    workflow.mutate(
      { id: target.id, step: target.step, comment: comment?.trim() || undefined },
      {
        onSuccess: () => {
          message.success(text.done);
          onClose();
        },
        onError: (e) => setError(applyServerErrors(form, e, ['comment'])),
      },
    );
  };

  return (
    <Modal
      title={`${text.title}：${target?.title ?? ''}`}
      open={!!target}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={text.ok}
      okButtonProps={okProps}
      confirmLoading={workflow.isPending}
      destroyOnHidden
      afterOpenChange={(o) => o && setError(null)}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {text.hint && <Typography.Paragraph type="secondary">{text.hint}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={finish} preserve={false}>
        <Form.Item
          name="comment"
          label={text.label}
          rules={[...(required ? [{ required: true, whitespace: true, message: '请填写退回意见' }] : []), { max: 1000 }, { pattern: /^[^<>]*$/, message: '不能包含尖括号 < >' }]}
        >
          <Input.TextArea rows={4} placeholder={text.placeholder} autoFocus maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
