import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { takeLogoutReason, useLogin, useSession } from '../session.ts';
import { AuthShell } from '../components/AuthShell.tsx';

type Values = { username: string; password: string };

export default function LoginPage() {
  const { data: session } = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [notice] = useState(takeLogoutReason);
  const next = safeNext(params.get('next'));

  if (session && !login.isPending) return <Navigate to={next} replace />;

  const onFinish = (values: Values) => login.mutate(values, { onSuccess: () => navigate(next, { replace: true }) });
  const error = login.error;
  const locked = error instanceof ApiError && error.status === 423;

  return (
    <AuthShell>
      <Card title="用户登录" variant="borderless" style={{ width: '100%', maxWidth: 380 }}>
        {notice && !error && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} />}
        {error && (
          <Alert
            type={locked ? 'warning' : 'error'}
            showIcon
            title={locked ? '账户已锁定' : '登录失败'}
            description={errorMessage(error)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder="用户名" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            登 录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          连续输错密码5次，账户将锁定15分钟。长时间未操作会自动退出登录。
        </Typography.Paragraph>
      </Card>
    </AuthShell>
  );
}

/** Only same-site paths: `next` comes from the address bar. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
