import { Alert, Button, List, Modal, Result, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { download, errorMessage } from '../../../api/client.ts';
import { ExcelUploadBox, ImportRejected } from '../../../components/ExcelUploadBox.tsx';
import { useExcelUpload } from '../../../lib/useExcelUpload.ts';
import { activityKeys } from '../activities.api.ts';
import type { HistoryImportOk } from '../activity.types.ts';

/**
 * 补录历史活动: the paper ledgers of past years from the Excel template. All rows are checked first;
 * a file with errors imports nothing and lists every bad cell. Written records wait for the level
 * above, marked 补录.
 */
export function HistoryImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const { file, setFile, busy, outcome, error, setError, reset, start } = useExcelUpload<HistoryImportOk>('/activities/history/import', () => qc.invalidateQueries({ queryKey: activityKeys.all }));

  return (
    <Modal title="补录历史活动" open={open} onCancel={onClose} afterOpenChange={(o) => !o && reset()} footer={null} width={760} destroyOnHidden>
      {!outcome && (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            把纸质台账或以往 Excel 中已经召开的会议一次导入：每行一次活动，填写组织、日期、类型、主题、第一议题、主讲人和出席、请假（原因）、缺席人员（姓名或公民身份号码）。全部行无误才导入；已在系统中的活动（同一组织、同一天、同一主题）自动跳过。导入的记录标注“补录”，提交上级党组织审核，可整批一次通过。
          </Typography.Paragraph>
          <Button icon={<DownloadOutlined />} onClick={() => download('/activities/history/template', undefined, '历史活动补录模板.xlsx').catch((e) => setError(errorMessage(e)))} style={{ alignSelf: 'flex-start' }}>
            下载补录模板（含填写说明）
          </Button>
          {error && <Alert type="error" showIcon title={error} />}
          <ExcelUploadBox file={file} setFile={setFile} busy={busy} onStart={start} dropText="点击或将填好的补录表格拖到此处（.xlsx）" startTestId="history-import-start" />
        </Space>
      )}
      {outcome?.ok && (
        <Result
          status="success"
          title={outcome.result.created ? `已补录 ${outcome.result.created} 项活动` : '没有新的活动需要补录'}
          subTitle={
            outcome.result.created
              ? `共 ${outcome.result.total} 行。记录已提交上级党组织审核，审核通过后计入组织生活考核和台账。`
              : `共 ${outcome.result.total} 行，均已在系统中。`
          }
          extra={<Button onClick={onClose}>关闭</Button>}
        >
          {outcome.result.skipped.length > 0 && (
            <List
              size="small"
              header={`跳过 ${outcome.result.skipped.length} 行（已在系统中）`}
              dataSource={outcome.result.skipped}
              renderItem={(s) => <List.Item>第{s.row}行：{s.message}</List.Item>}
              style={{ maxHeight: 200, overflow: 'auto', textAlign: 'left' }}
            />
          )}
        </Result>
      )}
      {outcome && !outcome.ok && <ImportRejected errors={outcome.errors} onRetry={reset} testId="history-import-errors" />}
    </Modal>
  );
}
