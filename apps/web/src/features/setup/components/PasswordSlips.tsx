import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import type { SecretaryAccountsResult } from '../setup.api.ts';
import { orgLabel, stateTag } from './SecretaryAccountsModal.tsx';

/** The workbook of the answer (base64) as a download; nothing is fetched again. */
function downloadWorkbook(base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `书记账户初始密码_${new Date().toISOString().slice(0, 10)}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * 初始密码条: one slip per new account, to print and hand out, and the same as Excel. They exist
 * only in this page's memory: closing the page loses them (a forgotten one is reset on the
 * accounts page).
 */
export function PasswordSlips({ result, onDone }: { result: SecretaryAccountsResult; onDone: () => void }) {
  const loginUrl = `${window.location.origin}/login`;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Alert
        className="xf-no-print"
        type="warning"
        showIcon
        title={`已开通 ${result.created.length} 个书记账户。初始密码只显示这一次，平台不保存明文：请现在打印或下载，离开本页后无法再次查看。`}
        description="忘记初始密码的账户，可在“账户与权限”中重置密码。"
      />
      <Card size="small" className="xf-no-print">
        <Space wrap>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!result.created.length}>
            打印密码条
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => downloadWorkbook(result.workbookBase64)} disabled={!result.created.length}>
            下载 Excel
          </Button>
          <Button onClick={onDone}>已分发，关闭</Button>
        </Space>
      </Card>
      <div className="xf-slips" data-testid="password-slips">
        {result.created.map((c) => (
          <div className="xf-slip" key={c.userId}>
            <div className="xf-slip-title">先锋机关党建平台 · 书记账户</div>
            <dl>
              <dt>党组织</dt>
              <dd>{orgLabel(c)}</dd>
              <dt>姓名</dt>
              <dd>{c.memberName}</dd>
              <dt>用户名</dt>
              <dd className="xf-slip-password">{c.username}</dd>
              <dt>初始密码</dt>
              <dd className="xf-slip-password">{c.initialPassword}</dd>
              <dt>登录地址</dt>
              <dd>{loginUrl}</dd>
            </dl>
            <div className="xf-slip-note">首次登录须修改密码</div>
          </div>
        ))}
      </div>
      {result.skipped.length > 0 && (
        <Card size="small" className="xf-no-print" title={`未开通 ${result.skipped.length} 名`}>
          <Typography.Paragraph type="secondary">在预览之后情况有变（例如已由他人开通），以下书记未开通新账户：</Typography.Paragraph>
          <Table
            size="small"
            rowKey="memberId"
            pagination={false}
            dataSource={result.skipped}
            columns={[
              { title: '党组织', render: (_, r) => orgLabel(r) },
              { title: '书记', dataIndex: 'memberName' },
              { title: '状态', render: (_, r) => stateTag(r) },
              { title: '说明', render: (_, r) => r.reason ?? (r.existingUsername ? `已有账户 ${r.existingUsername}` : '') },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
