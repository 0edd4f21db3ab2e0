import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Modal, Space, Tag } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { roles } from '@xianfeng/shared';
import { useCurrentSession, useLogout } from '../features/auth/session.ts';
import { ChangePasswordForm } from '../features/auth/components/ChangePasswordForm.tsx';
import { visibleMenu } from './routes.tsx';
import { PageSpin } from './PageSpin.tsx';
import { InboxBell } from '../features/inbox/components/InboxBell.tsx';
import { SetupPrompt } from '../features/setup/components/SetupPrompt.tsx';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const session = useCurrentSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // Below antd's md breakpoint (768 px, a phone): no side menu; it opens as a drawer from the header.
  const narrow = Grid.useBreakpoint().md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [pwdOpen, setPwdOpen] = useState(false);
  const { modal } = App.useApp();
  const items = visibleMenu(session);
  // An entry that claims the page (`also`), else the longest matching entry: /activities/review is 审核待办, not 组织生活.
  const selected =
    items.find((m) => m.also?.test(location.pathname))?.path ??
    items.filter((m) => location.pathname === m.path || location.pathname.startsWith(`${m.path}/`)).sort((x, y) => y.path.length - x.path.length)[0]?.path;
  const roleText = [...new Set(session.grants.map((g) => roles.label(g.role)))].join('、');
  const name = session.user.displayName || session.user.username;

  // One menu, in the side bar on a desk and in a drawer on a phone.
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items.map((m) => ({ key: m.path, icon: m.icon, label: m.label }))}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 'none', paddingTop: 8 }}
    />
  );

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: narrow ? 8 : 16, position: 'sticky', top: 0, zIndex: 20, paddingInline: narrow ? 8 : undefined }}>
        {narrow && <Button type="text" aria-label="打开菜单" icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} style={{ color: '#fff' }} />}
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, letterSpacing: 2, whiteSpace: 'nowrap' }}>
          <span style={{ display: 'inline-block', background: '#ffd666', color: '#a8071a', borderRadius: 4, padding: '0 6px', marginRight: 8, lineHeight: '28px' }}>先锋</span>
          {!narrow && '机关党建平台'}
        </div>
        {!narrow && (
          <Button
            type="text"
            aria-label={collapsed ? '展开菜单' : '收起菜单'}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed(!collapsed)}
            style={{ color: '#fff' }}
          />
        )}
        <div style={{ flex: 1 }} />
        <InboxBell />
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'pwd', icon: <KeyOutlined />, label: '修改密码', onClick: () => setPwdOpen(true) },
              { type: 'divider' },
              { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) }) },
            ],
          }}
        >
          <Space style={{ color: '#fff', cursor: 'pointer' }} data-testid="user-menu">
            <Avatar size="small" style={{ background: '#ffd666', color: '#a8071a' }} icon={<UserOutlined />} />
            <span style={{ whiteSpace: 'nowrap' }}>{name}</span>
            {roleText && !narrow && <Tag style={{ marginInlineEnd: 0 }}>{roleText}</Tag>}
            <DownOutlined style={{ fontSize: 10 }} />
          </Space>
        </Dropdown>
      </Header>
      <Layout>
        {narrow ? (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={240} title={roleText || name} styles={{ body: { padding: 0 } }}>
          {menu}
          </Drawer>
        ) : (
          <Sider
            width={188}
            collapsedWidth={56}
            collapsed={collapsed}
            theme="light"
            style={{ borderRight: '1px solid #f0f0f0', position: 'sticky', top: 52, height: 'calc(100vh - 52px)', overflow: 'auto' }}
          >
          {menu}
          </Sider>
        )}
        <Content style={{ padding: narrow ? 8 : 16, minWidth: 0 }}>
          <SetupPrompt />
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <Modal title="修改密码" open={pwdOpen} onCancel={() => setPwdOpen(false)} footer={null} destroyOnHidden width={420}>
        <ChangePasswordForm
          onDone={() => {
            setPwdOpen(false);
            modal.success({ title: '密码已修改', content: '其他设备上的登录已退出。' });
          }}
        />
      </Modal>
    </Layout>
  );
}
