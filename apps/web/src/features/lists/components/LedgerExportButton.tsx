import { useState } from 'react';
import { App, Button } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { download, errorMessage } from '../../../api/client.ts';

/** 导出清单台账: every item of the organisation and its subtree for the year, as Excel (the server names the file). */
export function LedgerExportButton({ orgId, orgName, year }: { orgId: number; orgName?: string; year: number }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download('/lists/ledger.xlsx', { year, orgId }, `${orgName ?? ''}${year}年清单台账.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<FileExcelOutlined />} loading={busy} onClick={run} data-testid="ledger-xlsx">
      导出清单台账
    </Button>
  );
}
