import { Alert, Button, Form, Input } from 'antd';
import { passwordPolicyError } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useChangePassword } from '../session.ts';

type Values = { oldPassword: string; newPassword: string; confirm: string };

/** Old password, new password twice; the policy (≥8 chars, 3 of 4 classes) is checked as you type. */
export function ChangePasswordForm({ onDone, submitText = '确认修改' }: { onDone?: () => void; submitText?: string }) {
  const change = useChangePassword();
  const [form] = Form.useForm<Values>();
  const onFinish = ({ oldPassword, newPassword }: Values) => change.mutate({ oldPassword, newPassword }, { onSuccess: () => onDone?.() });
  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
      {change.error && <Alert type="error" showIcon title={errorMessage(change.error)} style={{ marginBottom: 16 }} />}
      <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label="新密码"
        extra="至少8位，须包含大写字母、小写字母、数字、符号中的至少三类"
        rules={[
          { required: true, message: '请输入新密码' },
          { validator: (_, v: string) => (!v || !passwordPolicyError(v) ? Promise.resolve() : Promise.reject(new Error(passwordPolicyError(v)!))) },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认新密码"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, v: string) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={change.isPending}>
        {submitText}
      </Button>
    </Form>
  );
}
