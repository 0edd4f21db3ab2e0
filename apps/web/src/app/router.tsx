import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useRouteError } from 'react-router';
import { Button, Result } from 'antd';
import { useCurrentSession } from '../features/auth/session.ts';
import { AppLayout } from './AppLayout.tsx';
import { AuthGate } from './AuthGate.tsx';
import { Guard } from './Guard.tsx';
import { ROUTES, visibleMenu, type AppRoute } from './routes.tsx';
import { PageSpin } from './PageSpin.tsx';
import { MobileLayout } from '../features/mobile/components/MobileLayout.tsx';
import { prefersMobile } from '../features/mobile/mobile.ts';

const LoginPage = lazy(() => import('../features/auth/pages/LoginPage.tsx'));
const MobileHomePage = lazy(() => import('../features/mobile/pages/MobileHomePage.tsx'));
const MobileSignInPage = lazy(() => import('../features/mobile/pages/MobileSignInPage.tsx'));
const MyTrainingPage = lazy(() => import('../features/training/pages/MyTrainingPage.tsx'));
const MobilePointsPage = lazy(() => import('../features/points/pages/MobilePointsPage.tsx'));
const MobileStudyPage = lazy(() => import('../features/study/pages/MobileStudyPage.tsx'));
const MobileContestsPage = lazy(() => import('../features/contests/pages/MobileContestsPage.tsx'));
const PublicHonoursPage = lazy(() => import('../features/honours/pages/PublicHonoursPage.tsx'));
const MobileExamsPage = lazy(() => import('../features/exams/pages/MobileExamsPage.tsx'));
const MobileAttemptPage = lazy(() => import('../features/exams/pages/MobileAttemptPage.tsx'));

/** A row of the route table as react-router takes it: the page behind its permission check. */
const pageRoute = ({ path, page: Page, allow }: AppRoute) => ({
  path,
  element: (
    <Guard allow={allow}>
      <Page />
    </Guard>
  ),
});

/** The landing page is the first menu entry the user may open. */
function Home() {
  const session = useCurrentSession();
  // A plain member on a phone gets the mobile page (upcoming activities, sign-in, attendance).
  if (prefersMobile(session)) return <Navigate to="/m" replace />;
  const first = visibleMenu(session)[0];
  if (first) return <Navigate to={first.path} replace />;
  return <Result status="info" title="尚未授权" subTitle="您的账户还没有任何角色授权，请联系管理员。" />;
}

function RouteError() {
  const error = useRouteError() as { status?: number } | undefined;
  if (error?.status === 404) return <NotFound />;
  return (
    <Result
      status="error"
      title="页面出错了"
      subTitle="请刷新页面重试；如果问题持续，请联系管理员。"
      extra={<Button onClick={() => window.location.reload()}>刷新页面</Button>}
    />
  );
}

function NotFound() {
  return <Result status="404" title="页面不存在" extra={<Button href="/">返回首页</Button>} />;
}

const router = createBrowserRouter([
  // 创先争优公示: public, outside the login gate (docs/SECURITY.md §1.3).
  {
    path: '/public/honours',
    element: (
      <Suspense fallback={<PageSpin />}>
        <PublicHonoursPage />
      </Suspense>
    ),
  },
  {
    path: '/login',
    element: (
      <Suspense fallback={<PageSpin />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: <AuthGate />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AppLayout />,
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Home /> },
          ...ROUTES.map(pageRoute),
          { path: '*', element: <NotFound /> },
        ],
      },
      // The member's phone pages: behind the login gate, outside the desktop layout.
      {
        path: 'm',
        element: <MobileLayout />,
        errorElement: <RouteError />,
        children: [
          { index: true, element: <MobileHomePage /> },
          { path: 'sign-in', element: <MobileSignInPage /> },
          { path: 'training', element: <MyTrainingPage /> },
          { path: 'points', element: <MobilePointsPage /> },
          { path: 'study', element: <MobileStudyPage /> },
          { path: 'exams', element: <MobileExamsPage /> },
          { path: 'attempts/:id', element: <MobileAttemptPage /> },
          { path: 'contests', element: <MobileContestsPage /> },
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
