import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useRouteError } from 'react-router';
import { Button, Result } from 'antd';
import type { Session } from '../api/types.ts';
import { useCurrentSession } from '../features/auth/session.ts';
import { AppLayout } from './AppLayout.tsx';
import { AuthGate } from './AuthGate.tsx';
import { Guard } from './Guard.tsx';
import { visibleMenu } from './menu.tsx';
import { PageSpin } from './PageSpin.tsx';
import { MobileLayout } from '../features/mobile/components/MobileLayout.tsx';
import { prefersMobile } from '../features/mobile/mobile.ts';

const LoginPage = lazy(() => import('../features/auth/pages/LoginPage.tsx'));
const OrgsPage = lazy(() => import('../features/orgs/pages/OrgsPage.tsx'));
const MembersPage = lazy(() => import('../features/members/pages/MembersPage.tsx'));
const MemberDetailPage = lazy(() => import('../features/members/pages/MemberDetailPage.tsx'));
const MemberFormPage = lazy(() => import('../features/members/pages/MemberFormPage.tsx'));
const ImportPage = lazy(() => import('../features/members/pages/ImportPage.tsx'));
const MyInfoPage = lazy(() => import('../features/members/pages/MyInfoPage.tsx'));
const UsersPage = lazy(() => import('../features/users/pages/UsersPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/pages/AuditPage.tsx'));
const ActivitiesPage = lazy(() => import('../features/activities/pages/ActivitiesPage.tsx'));
const ActivityReviewPage = lazy(() => import('../features/activities/pages/ReviewPage.tsx'));
const ActivityFormPage = lazy(() => import('../features/activities/pages/ActivityFormPage.tsx'));
const ActivityDetailPage = lazy(() => import('../features/activities/pages/ActivityDetailPage.tsx'));
const CompliancePage = lazy(() => import('../features/compliance/pages/CompliancePage.tsx'));
const ComplianceOrgPage = lazy(() => import('../features/compliance/pages/ComplianceOrgPage.tsx'));
const RequirementsPage = lazy(() => import('../features/compliance/pages/RequirementsPage.tsx'));
const InboxPage = lazy(() => import('../features/inbox/pages/InboxPage.tsx'));
const MobileHomePage = lazy(() => import('../features/mobile/pages/MobileHomePage.tsx'));
const MobileSignInPage = lazy(() => import('../features/mobile/pages/MobileSignInPage.tsx'));

const can = (p: Session['permissions'][number]) => (s: Session) => s.permissions.includes(p);
const guarded = (allow: (s: Session) => boolean, page: ReactNode) => <Guard allow={allow}>{page}</Guard>;

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
          { path: 'orgs/:orgId?', element: guarded(can('org.read'), <OrgsPage />) },
          { path: 'members', element: guarded(can('member.read'), <MembersPage />) },
          { path: 'members/new', element: guarded(can('member.write'), <MemberFormPage />) },
          { path: 'members/:memberId', element: guarded(can('member.read'), <MemberDetailPage />) },
          { path: 'members/:memberId/edit', element: guarded(can('member.write'), <MemberFormPage />) },
          { path: 'import', element: guarded(can('member.write'), <ImportPage />) },
          { path: 'users', element: guarded((s) => can('user.read')(s) || can('grant.write')(s), <UsersPage />) },
          { path: 'audit', element: guarded(can('audit.read'), <AuditPage />) },
          { path: 'activities', element: guarded(can('activity.read'), <ActivitiesPage />) },
          { path: 'activities/review', element: guarded(can('activity.review'), <ActivityReviewPage />) },
          { path: 'activities/new', element: guarded(can('activity.write'), <ActivityFormPage />) },
          { path: 'activities/:activityId', element: guarded(can('activity.read'), <ActivityDetailPage />) },
          { path: 'activities/:activityId/edit', element: guarded(can('activity.write'), <ActivityFormPage />) },
          { path: 'compliance', element: guarded(can('compliance.read'), <CompliancePage />) },
          { path: 'compliance/org/:orgId', element: guarded(can('compliance.read'), <ComplianceOrgPage />) },
          { path: 'compliance/requirements', element: guarded(can('compliance.read'), <RequirementsPage />) },
          { path: 'inbox', element: <InboxPage /> },
          { path: 'me', element: guarded((s) => !!s.user.memberId, <MyInfoPage />) },
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
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
