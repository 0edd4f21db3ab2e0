import { Alert, Button, Space, Upload } from 'antd';
import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportError } from '../api/types.ts';
import { ImportErrorTable } from './ImportErrorTable.tsx';

type BoxProps = {
  file: File | null;
  setFile: (f: File | null) => void;
  busy: boolean;
  onStart: () => void;
  /** What to drop here, e.g. 「点击或将组织表格拖到此处（.xlsx）」. */
  dropText: string;
  startTestId?: string;
  /** The file kinds the chooser offers (.xlsx by default). */
  accept?: string;
};

/** The file chooser of an Excel import dialog: one .xlsx, then 开始导入. */
export function ExcelUploadBox({ file, setFile, busy, onStart, dropText, startTestId, accept = '.xlsx' }: BoxProps) {
  return (
    <>
      <Upload.Dragger
        accept={accept}
        maxCount={1}
        fileList={file ? [{ uid: 'xlsx', name: file.name, status: 'done' }] : []}
        beforeUpload={(f) => {
          setFile(f);
          return false;
        }}
        onRemove={() => setFile(null)}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{dropText}</p>
      </Upload.Dragger>
      <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={busy} onClick={onStart} data-testid={startTestId}>
        开始导入
      </Button>
    </>
  );
}

/** A file that did not pass: nothing written, every bad cell listed, and a way to try again. */
export function ImportRejected({ errors, onRetry, testId, rowTitle }: { errors: ImportError[]; onRetry: () => void; testId?: string; rowTitle?: string }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Alert
        type="error"
        showIcon
        title={`校验未通过：发现 ${errors.length} 处错误`}
        description="本次未导入任何数据。请按下表逐条修改后重新上传。"
        action={<Button onClick={onRetry}>重新上传</Button>}
      />
      <ImportErrorTable errors={errors} testId={testId} rowTitle={rowTitle} />
    </Space>
  );
}
