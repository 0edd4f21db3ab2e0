import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Result } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { PARTY_RED } from '../../../app/theme.ts';
import { PageSpin } from '../../../app/PageSpin.tsx';
import { useCurrentSession, useLogout } from '../../auth/session.ts';

/** The member's sections on the phone, one tap each: organisational life, study, training, points, exams. */
const SECTIONS = [
  { to: '/m', label: '组织生活' },
  { to: '/m/study', label: '学习' },
  { to: '/m/training', label: '培训' },
  { to: '/m/points', label: '积分' },
  { to: '/m/exams', label: '考试' },
  { to: '/m/contests', label: '竞赛' },
] as const;

function MobileNav() {
  const { pathname } = useLocation();
  // An attempt (/m/attempts/…) is answered under 考试.
  const current = pathname.startsWith('/m/attempts/') ? '/m/exams' : ([...SECTIONS].reverse().find((s) => pathname === s.to || pathname.startsWith(`${s.to}/`))?.to ?? '/m');
  return (
    <nav aria-label="栏目" style={{ position: 'sticky', top: 48, zIndex: 9, display: 'flex', background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
      {SECTIONS.map((s) => (
        <Link
          key={s.to}
          to={s.to}
          aria-current={current === s.to ? 'page' : undefined}
          style={{ flex: 1, textAlign: 'center', padding: '10px 0', fontSize: 14, color: current === s.to ? PARTY_RED : '#595959', fontWeight: current === s.to ? 600 : 400, borderBottom: `2px solid ${current === s.to ? PARTY_RED : 'transparent'}` }}
        >
          {s.label}
        </Link>
      ))}
    </nav>
  );
}

/**
 * The member's phone pages (/m): behind the login gate, outside the desktop layout. One narrow
 * column (a phone's width; centred on a larger screen), a red bar, nothing else to load.
 */
export function MobileLayout() {
  const session = useCurrentSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const name = session.user.displayName || session.user.username;
  const desktop = session.grants.some((g) => g.role !== 'member');

  return (
    <div style={{ minHeight: '100%', background: '#f3f4f6' }}>
      <div style={{ maxWidth: 480, margin: '0 auto', minHeight: '100%', background: '#f3f4f6', display: 'flex', flexDirection: 'column' }}>
        <header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            background: PARTY_RED,
            color: '#fff',
            height: 48,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            padding: '0 8px 0 16px',
          }}
        >
          <Link to="/m" style={{ color: '#fff', fontSize: 17, fontWeight: 600, letterSpacing: 1, whiteSpace: 'nowrap' }}>
            <span style={{ background: '#ffd666', color: '#a8071a', borderRadius: 4, padding: '0 5px', marginRight: 6, fontSize: 15 }}>先锋</span>
            我的组织生活
          </Link>
          <div style={{ flex: 1 }} />
          {desktop && (
            <Link to="/" style={{ color: 'rgba(255,255,255,0.85)', fontSize: 13 }}>
              电脑版
            </Link>
          )}
          <Button
            type="text"
            size="small"
            aria-label={`退出登录（${name}）`}
            icon={<LogoutOutlined />}
            style={{ color: '#fff' }}
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login?next=%2Fm', { replace: true }) })}
          />
        </header>
        {session.user.memberId && <MobileNav />}
        <main style={{ flex: 1, padding: 12 }}>
          {session.user.memberId ? (
            <Suspense fallback={<PageSpin />}>
              <Outlet />
            </Suspense>
          ) : (
            <Result
              status="info"
              title="本账号未关联党员信息"
              subTitle="“我的组织生活”和扫码签到只对党员本人开放。如需关联，请联系本支部的组织管理员。"
              extra={<Button onClick={() => navigate('/')}>返回首页</Button>}
            />
          )}
        </main>
      </div>
    </div>
  );
}
