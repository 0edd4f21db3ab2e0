import { useState } from 'react';
import { Alert, App, Button, Dropdown, Modal, Result, Space, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { download, errorMessage } from '../../../api/client.ts';
import type { ImportResult } from '../../../api/types.ts';
import { ExcelUploadBox, ImportRejected } from '../../../components/ExcelUploadBox.tsx';
import { useExcelUpload } from '../../../lib/useExcelUpload.ts';

type ImportOk = Extract<ImportResult, { ok: true }>;
import { orgKeys } from '../orgs.api.ts';

/** The organisation tree in Excel: export what one sees, and an all-or-nothing import. */
export function OrgExcelMenu({ canWrite }: { canWrite: boolean }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const fail = (e: unknown) => message.error(errorMessage(e));
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'export', icon: <DownloadOutlined />, label: '导出组织树', onClick: () => download('/orgs/export', undefined, '党组织.xlsx').catch(fail) },
            ...(canWrite
              ? [
                  { key: 'template', icon: <DownloadOutlined />, label: '下载导入模板', onClick: () => download('/orgs/import/template', undefined, '党组织导入模板.xlsx').catch(fail) },
                  { key: 'import', icon: <UploadOutlined />, label: '导入组织…', onClick: () => setOpen(true) },
                ]
              : []),
          ],
        }}
      >
        <Button size="small" icon={<FileExcelOutlined />}>
          Excel
        </Button>
      </Dropdown>
      {canWrite && <OrgImportModal open={open} onClose={() => setOpen(false)} />}
    </>
  );
}

function OrgImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const { file, setFile, busy, outcome: result, error, reset, start } = useExcelUpload<ImportOk>('/orgs/import', () => qc.invalidateQueries({ queryKey: orgKeys.all }));

  return (
    <Modal title="导入党组织" open={open} onCancel={onClose} afterOpenChange={(o) => !o && reset()} footer={null} width={720} destroyOnHidden>
      {!result && (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Text type="secondary">
            请使用“下载导入模板”得到的表格填写。填写了组织编号的行更新已有组织，其余新建；全部行校验无误才导入。
          </Typography.Text>
          {error && <Alert type="error" showIcon title={error} />}
          <ExcelUploadBox file={file} setFile={setFile} busy={busy} onStart={start} dropText="点击或将组织表格拖到此处（.xlsx）" />
        </Space>
      )}
      {result?.ok && (
        <Result
          status="success"
          title="导入成功"
          subTitle={`共 ${result.result.total} 行：新建组织 ${result.result.created} 个，更新 ${result.result.updated} 个。`}
          extra={<Button onClick={onClose}>关闭</Button>}
        />
      )}
      {result && !result.ok && <ImportRejected errors={result.errors} onRetry={reset} />}
    </Modal>
  );
}
