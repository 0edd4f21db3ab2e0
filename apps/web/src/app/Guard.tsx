import { Suspense, type ReactNode } from 'react';
import { Result } from 'antd';
import type { Session } from '../api/types.ts';
import { useCurrentSession } from '../features/auth/session.ts';
import { PageSpin } from './PageSpin.tsx';

/** A route's permission check (the server checks again; this only avoids a page full of 403s). */
export function Guard({ allow, children }: { allow?: (s: Session) => boolean; children: ReactNode }) {
  const session = useCurrentSession();
  if (allow && !allow(session)) return <Result status="403" title="没有权限" subTitle="您没有访问此页面的权限，如需使用请联系管理员授权。" />;
  return <Suspense fallback={<PageSpin />}>{children}</Suspense>;
}
