import { useState } from 'react';
import { App, Button, Dropdown } from 'antd';
import { DownOutlined, FileWordOutlined } from '@ant-design/icons';
import { download, errorMessage } from '../../../api/client.ts';
import { nowInBeijing } from '../activity-time.ts';

/** 导出台账: the organisation's activity ledger of a year as a Word document (.docx). */
export function LedgerButton({ orgId, orgName, year }: { orgId: number; orgName?: string; year?: number }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const thisYear = nowInBeijing().year();
  const years = [thisYear, thisYear - 1, thisYear - 2];
  if (year && !years.includes(year)) years.push(year);

  const exportYear = async (y: number) => {
    setBusy(true);
    try {
      await download('/activities/ledger', { orgId, year: y }, `${orgName ?? '组织生活'}${y}年组织生活台账.docx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{ items: years.sort((a, b) => b - a).map((y) => ({ key: String(y), label: `${y}年台账` })), onClick: ({ key }) => void exportYear(Number(key)) }}
    >
      <Button icon={<FileWordOutlined />} loading={busy} data-testid="ledger-export">
        导出台账 <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
