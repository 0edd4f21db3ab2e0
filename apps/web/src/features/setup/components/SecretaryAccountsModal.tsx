import { useEffect, useMemo, useState } from 'react';
import { Alert, Modal, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { secretaryAccountStates } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useCreateSecretaryAccounts, usePreviewSecretaryAccounts, type SecretaryAccountRow, type SecretaryAccountsResult } from '../setup.api.ts';

const STATE_COLOR: Record<SecretaryAccountRow['state'], string> = { create: 'blue', has_account: 'green', not_allowed: 'default', username_taken: 'orange' };

/** 「A局机关党委 · 综合处党支部」: branch names repeat across units. */
export const orgLabel = (r: { orgName: string; parentOrgName: string | null }) => (r.parentOrgName ? `${r.parentOrgName} · ${r.orgName}` : r.orgName);

export const stateTag = (r: SecretaryAccountRow) => <Tag color={STATE_COLOR[r.state]}>{secretaryAccountStates.label(r.state)}</Tag>;

/**
 * 批量生成书记账户: the preview (who would get an account, who has one, who cannot), then the
 * confirmation. The answer with the initial passwords goes to `onCreated` and nowhere else.
 */
export function SecretaryAccountsModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (r: SecretaryAccountsResult) => void }) {
  const preview = usePreviewSecretaryAccounts();
  const create = useCreateSecretaryAccounts();
  const [selected, setSelected] = useState<number[]>([]);
  const { mutate: loadPreview, reset: resetPreview } = preview;
  const { reset: resetCreate } = create;

  useEffect(() => {
    if (!open) return;
    resetCreate();
    loadPreview(undefined, { onSuccess: (p) => setSelected(p.items.filter((r) => r.state === 'create').map((r) => r.memberId)) });
    return () => resetPreview();
  }, [open, loadPreview, resetPreview, resetCreate]);

  const rows = useMemo(() => preview.data?.items ?? [], [preview.data]);
  const counts = useMemo(() => {
    const c = { create: 0, has_account: 0, not_allowed: 0, username_taken: 0 };
    for (const r of rows) c[r.state]++;
    return c;
  }, [rows]);

  const columns: TableProps<SecretaryAccountRow>['columns'] = [
    { title: '党组织', ellipsis: true, render: (_, r) => orgLabel(r) },
    { title: '书记', dataIndex: 'memberName', width: 100 },
    { title: '用户名', width: 150, render: (_, r) => (r.state === 'has_account' ? r.existingUsername : r.username) },
    { title: '状态', width: 110, render: (_, r) => stateTag(r) },
    { title: '说明', dataIndex: 'reason', ellipsis: true, render: (v: string | null) => v ?? '' },
  ];

  const confirm = () =>
    create.mutate(selected, {
      onSuccess: (result) => {
        onCreated(result);
        create.reset();
        onClose();
      },
    });

  return (
    <Modal
      title="批量生成书记账户"
      open={open}
      width={880}
      onCancel={onClose}
      okText={`确认开通 ${selected.length} 个账户`}
      okButtonProps={{ disabled: !selected.length, loading: create.isPending, 'data-testid': 'confirm-secretary-accounts' } as never}
      onOk={confirm}
      destroyOnHidden
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          为各党支部在任书记开通账户：关联其党员信息，授予本支部的“组织管理员”和“党员”角色；用户名为“sj + 党员编号”，初始密码随机生成，只在开通后显示一次，首次登录须修改。
        </Typography.Paragraph>
        {preview.error && <Alert type="error" showIcon title={errorMessage(preview.error)} />}
        {create.error && <Alert type="error" showIcon title={errorMessage(create.error)} />}
        {preview.data && (
          <Alert
            type={counts.create ? 'info' : 'success'}
            showIcon
            title={`在任书记 ${rows.length} 名：将开通 ${counts.create} 个，已有账户 ${counts.has_account} 名${counts.not_allowed ? `，无权开通 ${counts.not_allowed} 名` : ''}${counts.username_taken ? `，用户名被占用 ${counts.username_taken} 名` : ''}`}
          />
        )}
        <Table<SecretaryAccountRow>
          size="small"
          rowKey="memberId"
          loading={preview.isPending}
          columns={columns}
          dataSource={rows}
          // One scrolling list, not pages: 「全选」 then means every secretary.
          pagination={false}
          scroll={{ y: 360 }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(Number)),
            getCheckboxProps: (r) => ({ disabled: r.state !== 'create' }),
          }}
        />
      </Space>
    </Modal>
  );
}
