import { Alert, Button, Card } from 'antd';
import { AuthShell } from '../components/AuthShell.tsx';
import { ChangePasswordForm } from '../components/ChangePasswordForm.tsx';
import { useCurrentSession, useLogout } from '../session.ts';

/** Shown instead of the console while the account still has its initial (or reset) password. */
export default function ForcedPasswordChangePage() {
  const session = useCurrentSession();
  const logout = useLogout();
  return (
    <AuthShell>
      <Card
        title="首次登录请修改密码"
        variant="borderless"
        style={{ width: 420 }}
        extra={
          <Button type="link" size="small" onClick={() => logout.mutate()}>
            退出
          </Button>
        }
      >
        <Alert
          type="warning"
          showIcon
          title={`${session.user.displayName ?? session.user.username}，您的账户正在使用初始密码或管理员重置的密码，须修改后才能使用系统。`}
          style={{ marginBottom: 16 }}
        />
        <ChangePasswordForm submitText="修改密码并进入系统" />
      </Card>
    </AuthShell>
  );
}
