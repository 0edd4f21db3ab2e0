import { useEffect, useState } from 'react';
import { App, Button, Card, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { roles } from '@xianfeng/shared';
import type { User } from '../../../api/types.ts';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { usePagedList, type ListParams } from '../../../lib/usePagedList.ts';
import { useCan, useCurrentSession } from '../../auth/session.ts';
import { useUpdateUser, useUserList } from '../users.api.ts';
import { CreateUserModal, EditUserModal, GrantsModal, ResetPasswordModal } from '../components/UserModals.tsx';

const USER_PARAMS: ListParams<Parameters<typeof useUserList>[0]> = { q: 'text' };

/**
 * Which accounts this page shows, in the caller's terms (access/account-policy.ts on the server):
 * every grant of a listed account is one the caller could hand out.
 */
function reachHint(canWrite: boolean, canGrant: boolean) {
  if (canWrite && !canGrant) return '系统管理员：新建账户，并管理尚未授权的账户；授权由安全管理员或上级管理员完成。';
  if (canGrant && !canWrite) return '安全管理员：为账户授权（含三员与工委管理员）；重置密码、停用由上级管理员负责，管理员账户由运维人员在服务器上维护。';
  return '这里列出授权全部在您可授予范围内的账户（您下级的管理员和党员）；本人账户请在右上角“修改密码”中维护，管理员账户由运维人员在服务器上维护。';
}

/** 账户与权限: accounts in the caller's reach, their grants, and the actions the caller's permissions allow. */
export default function UsersPage() {
  const can = useCan();
  const session = useCurrentSession();
  const { modal, message } = App.useApp();
  const list = usePagedList({ useList: useUserList, params: USER_PARAMS, unit: '个账户' });
  const [search, setSearch] = useState(list.filter.q ?? '');
  useEffect(() => setSearch(list.filter.q ?? ''), [list.filter.q]);
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [granting, setGranting] = useState<User | null>(null);
  const canWrite = can('user.write');
  const canGrant = can('grant.write');

  const toggleDisabled = (u: User) =>
    modal.confirm({
      title: u.disabled ? `启用账户 ${u.username}？` : `停用账户 ${u.username}？`,
      content: u.disabled ? undefined : '停用后该账户立即退出登录，且不能再登录。',
      okButtonProps: { danger: !u.disabled },
      okText: u.disabled ? '启用' : '停用',
      onOk: () =>
        update.mutateAsync({ id: u.id, disabled: !u.disabled }).then(
          () => message.success(u.disabled ? '已启用' : '已停用'),
          (e) => message.error(errorMessage(e)),
        ),
    });

  const columns: TableProps<User>['columns'] = [
    { title: '用户名', dataIndex: 'username', width: 130, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: '姓名', dataIndex: 'displayName', width: 110, render: (v: string | null) => v || '—' },
    {
      title: '角色授权',
      dataIndex: 'grants',
      render: (grants: User['grants']) =>
        grants.length ? (
          <Space size={[4, 4]} wrap>
            {grants.map((g) => (
              <Tag key={`${g.orgId}-${g.role}`} color={['system_admin', 'security_admin', 'audit_admin'].includes(g.role) ? 'purple' : 'red'}>
                {g.orgName} · {roles.label(g.role)}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">未授权</Typography.Text>
        ),
    },
    {
      title: '状态',
      width: 150,
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.disabled ? <Tag>已停用</Tag> : <Tag color="green">正常</Tag>}
          {u.locked && <Tag color="orange">已锁定</Tag>}
          {u.mustChangePassword && <Tag color="gold">待改初始密码</Tag>}
        </Space>
      ),
    },
    { title: '最近登录', dataIndex: 'lastLoginAt', width: 150, render: formatDateTime },
    {
      title: '操作',
      width: 230,
      render: (_, u) => (
        <Space size={0} wrap>
          {u.abilities.editGrants && (
            <Button type="link" size="small" onClick={() => setGranting(u)}>
              授权
            </Button>
          )}
          {u.abilities.edit && (
            <Button type="link" size="small" onClick={() => setEditing(u)}>
              编辑
            </Button>
          )}
          {u.abilities.resetPassword && (
            <Button type="link" size="small" onClick={() => setResetting(u)}>
              重置密码
            </Button>
          )}
          {u.abilities.disable && (
            <Button type="link" size="small" danger={!u.disabled} onClick={() => toggleDisabled(u)}>
              {u.disabled ? '启用' : '停用'}
            </Button>
          )}
          {!Object.values(u.abilities).some(Boolean) && (
            <Tooltip title={u.id === session.user.id ? '本人账户请在右上角“修改密码”中维护' : '管理员账户由运维人员在服务器上维护（npm run account）'}>
              <Typography.Text type="secondary">—</Typography.Text>
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title="账户与权限"
      extra={
        <Space>
          <Input.Search
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="用户名或姓名"
            allowClear
            onSearch={(v) => list.setFilter({ q: v.trim() || undefined })}
            style={{ width: 220 }}
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新建账户
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="user-reach">
        {reachHint(canWrite, canGrant)}
      </Typography.Paragraph>
      <Table<User>
        size="small"
        rowKey="id"
        columns={columns}
        {...list.tableProps}
        data-testid="user-table"
      />
      {canWrite && <CreateUserModal open={creating} onClose={() => setCreating(false)} />}
      {canWrite && <EditUserModal user={editing} onClose={() => setEditing(null)} />}
      {canWrite && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
      {canGrant && <GrantsModal user={granting} onClose={() => setGranting(null)} />}
    </Card>
  );
}
