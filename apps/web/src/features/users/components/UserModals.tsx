import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import type { GrantInput } from '@xianfeng/shared';
import type { User } from '../../../api/types.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useCan } from '../../auth/session.ts';
import { MemberPicker } from '../../members/components/MemberPicker.tsx';
import { useCreateUser, useResetPassword, useSetGrants, useUpdateUser } from '../users.api.ts';
import { GrantsEditor } from './GrantsEditor.tsx';
import { generatePassword, passwordRule } from '../passwords.ts';

type ModalProps = { open: boolean; onClose: () => void };

/** Linking an account to a member: by search for those who read members, by number otherwise. */
function MemberField() {
  const can = useCan();
  return (
    <Form.Item name="memberId" label="关联党员" extra="关联后该账户可在“我的信息”查看本人党员信息">
      {can('member.read') ? <MemberPicker /> : <InputNumber min={1} precision={0} placeholder="党员编号" style={{ width: '100%' }} />}
    </Form.Item>
  );
}

function PasswordField({ label }: { label: string }) {
  const form = Form.useFormInstance();
  return (
    <Form.Item label={label} required extra="至少8位，须包含大写字母、小写字母、数字、符号中的至少三类；用户首次登录时须修改">
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name="password" noStyle rules={[{ required: true, message: '请输入初始密码' }, passwordRule]}>
          <Input placeholder="初始密码" autoComplete="new-password" />
        </Form.Item>
        <Button icon={<ThunderboltOutlined />} onClick={() => form.setFieldValue('password', generatePassword())}>
          随机生成
        </Button>
      </Space.Compact>
    </Form.Item>
  );
}

type CreateValues = { username: string; password: string; displayName?: string; memberId?: number; grants?: Partial<GrantInput>[] };

export function CreateUserModal({ open, onClose }: ModalProps) {
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateUser();
  const can = useCan();
  const { modal } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
    }
  }, [open, form]);
  const onFinish = (v: CreateValues) =>
    create.mutate(
      { username: v.username.trim(), password: v.password, displayName: v.displayName?.trim() || undefined, memberId: v.memberId ?? null, grants: (v.grants ?? []) as GrantInput[] },
      {
        onSuccess: (u) => {
          onClose();
          modal.success({
            title: '账户已创建',
            content: (
              <>
                <p>
                  用户名：<Typography.Text copyable>{u.username}</Typography.Text>
                </p>
                <p>
                  初始密码：<Typography.Text copyable>{v.password}</Typography.Text>
                </p>
                <p>请将初始密码安全地告知本人；首次登录时须修改密码。</p>
              </>
            ),
          });
        },
        onError: (e) => setError(applyServerErrors(form, e, ['username', 'password', 'displayName', 'memberId'])),
      },
    );
  return (
    <Modal title="新建账户" open={open} onCancel={onClose} onOk={() => form.submit()} okText="创建" confirmLoading={create.isPending} width={620} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="user-form-error" />}
      <Form<CreateValues> form={form} layout="vertical" onFinish={onFinish} requiredMark="optional" initialValues={{ grants: [] }}>
        <Space style={{ width: '100%' }} styles={{ item: { flex: 1 } }} align="start">
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              { required: true, message: '请输入用户名' },
              { pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: '用户名为3至32位字母、数字、下划线、点或连字符' },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ max: 50 }]}>
            <Input />
          </Form.Item>
        </Space>
        <PasswordField label="初始密码" />
        <MemberField />
        {can('grant.write') && (
          <Form.Item label="角色授权">
            <GrantsEditor />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function EditUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [form] = Form.useForm<{ displayName?: string; memberId?: number | null }>();
  const update = useUpdateUser();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (user) {
      setError(null);
      form.setFieldsValue({ displayName: user.displayName ?? '', memberId: user.memberId ?? undefined });
    }
  }, [user, form]);
  return (
    <Modal title={`编辑账户：${user?.username ?? ''}`} open={!!user} onCancel={onClose} onOk={() => form.submit()} confirmLoading={update.isPending} forceRender>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          update.mutate(
            { id: user!.id, displayName: v.displayName?.trim() ?? '', memberId: v.memberId ?? null },
            {
              onSuccess: () => {
                message.success('已保存');
                onClose();
              },
              onError: (e) => setError(applyServerErrors(form, e, ['displayName', 'memberId'])),
            },
          )
        }
      >
        <Form.Item name="displayName" label="姓名" rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <MemberField />
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();
  const { modal } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (user) {
      setError(null);
      form.resetFields();
    }
  }, [user, form]);
  return (
    <Modal title={`重置密码：${user?.username ?? ''}`} open={!!user} onCancel={onClose} onOk={() => form.submit()} okText="重置" confirmLoading={reset.isPending} forceRender>
      <Alert type="warning" showIcon title="重置后该账户的所有登录将退出，下次登录须修改密码；锁定状态同时解除。" style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          reset.mutate(
            { id: user!.id, password: v.password },
            {
              onSuccess: () => {
                onClose();
                modal.success({
                  title: '密码已重置',
                  content: (
                    <p>
                      新的初始密码：<Typography.Text copyable>{v.password}</Typography.Text>
                    </p>
                  ),
                });
              },
              onError: (e) => setError(applyServerErrors(form, e, ['password'])),
            },
          )
        }
      >
        <PasswordField label="新的初始密码" />
      </Form>
    </Modal>
  );
}

export function GrantsModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [form] = Form.useForm<{ grants: Partial<GrantInput>[] }>();
  const setGrants = useSetGrants();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (user) {
      setError(null);
      form.setFieldsValue({ grants: user.grants.map((g) => ({ orgId: g.orgId, role: g.role })) });
    }
  }, [user, form]);
  return (
    <Modal title={`角色授权：${user?.displayName ?? user?.username ?? ''}`} open={!!user} onCancel={onClose} onOk={() => form.submit()} confirmLoading={setGrants.isPending} width={620} forceRender>
      <Typography.Paragraph type="secondary">
        保存后该账户须重新登录。您无权管理的授权会保持不变。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="grants-error" />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          setGrants.mutate(
            { id: user!.id, grants: (v.grants ?? []) as GrantInput[] },
            {
              onSuccess: () => {
                message.success('授权已保存');
                onClose();
              },
              onError: (e) => setError(applyServerErrors(form, e, [])),
            },
          )
        }
      >
        <GrantsEditor />
      </Form>
    </Modal>
  );
}
