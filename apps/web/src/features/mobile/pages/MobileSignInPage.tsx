import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, Result, Spin } from 'antd';
import { beijing } from '../../../lib/dates.ts';
import { errorMessage } from '../../../api/client.ts';
import { useSignIn } from '../mobile.api.ts';

/**
 * /m/sign-in?t=TOKEN, the address in the meeting's QR code: signs in at once and says so. A
 * logged-out member comes back here after the login page (the gate keeps the whole address).
 */
export default function MobileSignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('t')?.trim() ?? '';
  const signIn = useSignIn();
  // One attempt per token, even when React mounts the page twice in development.
  const tried = useRef<string | null>(null);

  useEffect(() => {
    if (!token || tried.current === token) return;
    tried.current = token;
    signIn.mutate(token);
  }, [token, signIn]);

  const home = (
    <Button key="home" type="primary" size="large" onClick={() => navigate('/m', { replace: true })}>
      返回我的组织生活
    </Button>
  );

  if (!token) {
    return <Result status="warning" title="没有签到码" subTitle="请用手机相机或微信“扫一扫”扫描会场的签到二维码。" extra={home} data-testid="m-sign-in-result" />;
  }

  if (signIn.isError) {
    return (
      <Result
        status="error"
        title="签到未成功"
        subTitle={errorMessage(signIn.error)}
        extra={[
          <Button key="retry" size="large" onClick={() => signIn.mutate(token)} loading={signIn.isPending}>
            重试
          </Button>,
          home,
        ]}
        data-testid="m-sign-in-result"
      />
    );
  }

  const r = signIn.data;
  if (!r) {
    return (
      <div style={{ textAlign: 'center', padding: '80px 0' }}>
        <Spin size="large" />
        <div style={{ marginTop: 16, color: '#595959' }}>正在签到…</div>
      </div>
    );
  }

  return (
    <Result
      status={r.pending ? 'info' : 'success'}
      title={r.pending ? (r.already ? '您已签到，待确认' : '签到已提交，待确认') : r.already ? '您已签到' : '签到成功'}
      data-testid="m-sign-in-result"
      subTitle={
        <div style={{ lineHeight: 1.9, color: '#595959' }}>
          <div style={{ fontSize: 16, color: '#262626', fontWeight: 600 }} data-testid="m-sign-in-title">
            {r.title}
          </div>
          <div>{r.orgName}</div>
          <div>签到时间：{beijing(r.signedInAt)?.format('YYYY年M月D日 HH:mm:ss')}</div>
          {r.pending ? (
            <div style={{ color: '#d48806' }}>您不在该组织的应到名单中，签到已提交，待支部确认后记为列席人员。</div>
          ) : (
            r.kind === 'invited' && <div style={{ color: '#d48806' }}>您已记为列席人员。</div>
          )}
        </div>
      }
      extra={home}
    />
  );
}
