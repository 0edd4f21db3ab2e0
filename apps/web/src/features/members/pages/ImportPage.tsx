import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Progress, Result, Space, Steps, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { download, errorMessage } from '../../../api/client.ts';
import type { ImportJobState, ImportProgress } from '../../../api/types.ts';
import { ImportErrorTable } from '../../../components/ImportErrorTable.tsx';
import { importJob, memberKeys, startImport } from '../members.api.ts';

const PHASE_TEXT: Record<ImportProgress['phase'], string> = { reading: '正在读取文件', validating: '正在校验数据', importing: '正在写入数据', done: '处理完成' };
const POLL_MS = 500;

/** 名册导入: template → upload → progress → result. All rows must be valid, or nothing is imported. */
export default function ImportPage() {
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const { message } = App.useApp();
  const qc = useQueryClient();

  const job = useQuery({
    queryKey: ['import-job', jobId],
    queryFn: () => importJob(jobId!),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && (q.state.data.result || q.state.data.error) ? false : POLL_MS),
    gcTime: 0,
  });
  const finished = !!job.data && (!!job.data.result || !!job.data.error);
  const imported = !!job.data?.result?.ok;

  // Lists and counts elsewhere are stale once members were written.
  useEffect(() => {
    if (imported) void Promise.all([qc.invalidateQueries({ queryKey: memberKeys.all }), qc.invalidateQueries({ queryKey: ['orgs'] })]);
  }, [imported, qc]);
  const current = jobId && finished ? 3 : step;

  const start = async () => {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    try {
      const { jobId } = await startImport(file);
      setJobId(jobId);
      setStep(2);
    } catch (e) {
      setUploadError(errorMessage(e));
    } finally {
      setUploading(false);
    }
  };

  const restart = () => {
    setJobId(null);
    setFile(null);
    setStep(1);
  };

  const fileList: UploadFile[] = file ? [{ uid: 'roster', name: file.name, status: 'done', size: file.size }] : [];

  return (
    <Card size="small" title="党员名册导入">
      <Steps
        current={current}
        size="small"
        style={{ maxWidth: 880, margin: '8px auto 20px' }}
        items={[{ title: '下载模板' }, { title: '上传文件' }, { title: '导入进度' }, { title: '导入结果' }]}
      />
      <div style={{ maxWidth: 880, margin: '0 auto' }}>
        {current === 0 && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Alert
              type="info"
              showIcon
              title="导入说明"
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  <li>请使用系统模板填写，表头不要修改；带 * 的列为必填。</li>
                  <li>“组织编号”可在组织管理页面查到；填写后以编号为准，否则按“所在党组织”名称匹配。</li>
                  <li>公民身份号码请以文本格式填写；已登记的身份证号将更新原有记录。</li>
                  <li>全部行校验无误才会导入；有任何错误时不导入任何数据，并列出所有错误。</li>
                </ul>
              }
            />
            <Space>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => download('/members/import/template', undefined, '党员名册导入模板.xlsx').catch((e) => message.error(errorMessage(e)))}
              >
                下载导入模板
              </Button>
              <Button type="primary" onClick={() => setStep(1)}>
                已有填好的名册，下一步
              </Button>
            </Space>
          </Space>
        )}
        {current === 1 && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {uploadError && <Alert type="error" showIcon title="上传失败" description={uploadError} data-testid="import-upload-error" />}
            <Upload.Dragger
              accept=".xlsx"
              multiple={false}
              maxCount={1}
              fileList={fileList}
              beforeUpload={(f) => {
                if (!/\.xlsx$/i.test(f.name)) {
                  message.error('仅支持 .xlsx 格式的 Excel 文件');
                  return Upload.LIST_IGNORE;
                }
                setFile(f);
                setUploadError(null);
                return false;
              }}
              onRemove={() => setFile(null)}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击或将名册文件拖到此处</p>
              <p className="ant-upload-hint">仅支持 .xlsx，单个文件不超过50MB，至多10万行</p>
            </Upload.Dragger>
            <Space>
              <Button onClick={() => setStep(0)}>上一步</Button>
              <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={uploading} onClick={start}>
                开始导入
              </Button>
            </Space>
          </Space>
        )}
        {current === 2 && <ProgressView state={job.data} error={job.error} />}
        {current === 3 && job.data && <ResultView state={job.data} onRestart={restart} />}
      </div>
    </Card>
  );
}

function ProgressView({ state, error }: { state?: ImportJobState; error: unknown }) {
  if (error) return <Alert type="error" showIcon title="无法获取导入进度" description={errorMessage(error)} />;
  const p = state?.progress;
  const percent = p && p.total ? Math.floor((p.processed / p.total) * 100) : 0;
  return (
    <div style={{ textAlign: 'center', padding: '24px 0' }} data-testid="import-progress">
      <Progress type="circle" percent={percent} status="active" />
      <Typography.Paragraph style={{ marginTop: 16 }}>
        {p ? PHASE_TEXT[p.phase] : '正在上传'}
        {p && p.total ? `（${p.processed} / ${p.total} 行）` : '…'}
      </Typography.Paragraph>
      <Typography.Text type="secondary">请勿关闭页面</Typography.Text>
    </div>
  );
}

function ResultView({ state, onRestart }: { state: ImportJobState; onRestart: () => void }) {
  const navigate = useNavigate();
  const again = (
    <Button key="again" onClick={onRestart}>
      重新上传
    </Button>
  );
  if (state.error) {
    return <Result status="error" title="导入失败，未导入任何数据" subTitle={state.error.message} extra={[again]} data-testid="import-result" />;
  }
  const r = state.result!;
  if (r.ok) {
    return (
      <Result
        status="success"
        title="导入成功"
        subTitle={`共 ${r.total} 行：新增党员 ${r.created} 名，更新 ${r.updated} 名。`}
        extra={[
          <Button key="list" type="primary" onClick={() => navigate('/members')}>
            查看党员名册
          </Button>,
          again,
        ]}
        data-testid="import-result"
      />
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="import-result">
      <Alert
        type="error"
        showIcon
        title={`校验未通过：共 ${r.total} 行，发现 ${r.errors.length} 处错误`}
        description="本次未导入任何数据。请按下表修改名册中的对应单元格后重新上传。"
        action={again}
      />
      <ImportErrorTable errors={r.errors} testId="import-errors" />
    </Space>
  );
}
