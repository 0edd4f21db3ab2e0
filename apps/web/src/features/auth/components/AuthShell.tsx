import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { PARTY_RED } from '../../../app/theme.ts';

/** The frame of the login and forced password-change pages. */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <div
      style={{
        minHeight: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 24,
        background: `linear-gradient(160deg, ${PARTY_RED} 0%, #8c1010 55%, #5c0a0a 100%)`,
        padding: 24,
      }}
    >
      <div style={{ textAlign: 'center' }}>
        <Typography.Title level={2} style={{ color: '#fff', margin: 0, letterSpacing: 4 }}>
          先锋 · 机关党建平台
        </Typography.Title>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.8)' }}>市直机关党组织与党员管理</Typography.Text>
      </div>
      {children}
      <Typography.Text style={{ color: 'rgba(255,255,255,0.6)', fontSize: 12 }}>先锋 开源机关党建平台</Typography.Text>
    </div>
  );
}
