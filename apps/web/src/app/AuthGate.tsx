import { lazy, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Button, Result } from 'antd';
import { errorMessage } from '../api/client.ts';
import { useAuthErrorBridge, useSession } from '../features/auth/session.ts';
import { PageSpin } from './PageSpin.tsx';

const ForcedPasswordChangePage = lazy(() => import('../features/auth/pages/ForcedPasswordChangePage.tsx'));

/** Everything but the login page sits behind this: a session, and no pending initial password. */
export function AuthGate() {
  useAuthErrorBridge();
  const { data: session, isPending, error, refetch } = useSession();
  const location = useLocation();
  if (isPending) return <PageSpin />;
  if (error) {
    return <Result status="error" title="无法连接服务器" subTitle={errorMessage(error)} extra={<Button onClick={() => refetch()}>重试</Button>} />;
  }
  if (!session) {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  if (session.user.mustChangePassword) {
    return (
      <Suspense fallback={<PageSpin />}>
        <ForcedPasswordChangePage />
      </Suspense>
    );
  }
  return <Outlet />;
}
