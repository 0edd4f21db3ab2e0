import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Input, List, Space, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { itemStatuses, rectificationStates } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { reportFileUrl, useReviewReport, useSaveReport, useUploadReport } from '../review-campaigns.api.ts';
import { ReviewStatusTag } from '../review-labels.tsx';

const RECT_COLORS = { open: 'orange', verifying: 'gold', basically: 'blue', rectified: 'green' } as const;

/** 述职报告: written online or uploaded, with last year's review problems and their rectification attached (三述四评两整改). */
export default function ReviewReportPage() {
  const params = useParams();
  const id = Number(params.id);
  const reporterId = Number(params.reporterId);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const q = useReviewReport(id, reporterId);
  const save = useSaveReport(id, reporterId);
  const upload = useUploadReport(id, reporterId);
  const [text, setText] = useState('');
  useEffect(() => setText(q.data?.text ?? ''), [q.data?.text]);
  if (q.error) return <Card>{errorMessage(q.error)}</Card>;
  const r = q.data;
  if (!r) return <Card loading />;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {r.orgName} 述职报告
            <ReviewStatusTag status={r.campaignStatus} />
          </Space>
        }
        extra={<Button onClick={() => navigate(-1)}>返回</Button>}
      >
        <div style={{ marginBottom: 8, color: '#555' }}>
          {r.campaignName} · 述职人：{r.secretaryName ?? '未确定'}
          {r.updatedAt && ` · 最后更新 ${formatDateTime(r.updatedAt)}`}
        </div>
        {r.canEdit ? (
          <>
            <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 10, maxRows: 30 }} maxLength={20000} showCount placeholder="在线填写述职报告：履职情况、存在问题、整改措施（各约三分之一）" />
            <Space wrap style={{ marginTop: 12 }}>
              <Button
                type="primary"
                loading={save.isPending}
                disabled={!text.trim()}
                onClick={async () => {
                  try {
                    await save.mutateAsync(text);
                    message.success('述职报告已保存');
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                }}
              >
                保存报告
              </Button>
              <Upload
                showUploadList={false}
                accept=".pdf,.docx,.jpg,.jpeg,.png,.xlsx"
                customRequest={async ({ file, onSuccess, onError }) => {
                  try {
                    await upload.mutateAsync(file as File);
                    message.success('述职报告文件已上传');
                    onSuccess?.({});
                  } catch (e) {
                    message.error(errorMessage(e));
                    onError?.(e as Error);
                  }
                }}
              >
                <Button icon={<UploadOutlined />} loading={upload.isPending}>
                  上传报告文件
                </Button>
              </Upload>
            </Space>
          </>
        ) : r.text ? (
          <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{r.text}</div>
        ) : (
          !r.file && <div style={{ color: '#888' }}>尚未提交述职报告</div>
        )}
        {r.file && (
          <div style={{ marginTop: 12 }}>
            报告文件：
            <a href={reportFileUrl(id, reporterId)} target="_blank" rel="noreferrer">
              {r.file.fileName}
            </a>
            <span style={{ color: '#888' }}>（{Math.ceil(r.file.size / 1024)} KB，{formatDateTime(r.file.uploadedAt)}）</span>
          </div>
        )}
      </Card>

      <Card title={`上年度述职评议点评问题及整改情况（${r.lastYearProblems.length}）`}>
        {r.lastYearProblems.length === 0 ? (
          <Alert type="info" showIcon title="上年度述职评议没有转入问题清单的点评问题" />
        ) : (
          <List
            dataSource={r.lastYearProblems}
            renderItem={(p) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Link to={`/lists/items/${p.listItemId}`}>{p.text}</Link>
                      <Tag color={RECT_COLORS[p.rectification]}>{rectificationStates.label(p.rectification)}</Tag>
                    </Space>
                  }
                  description={`${p.campaignYear}年度点评 · 整改时限 ${p.deadline} · 清单状态：${itemStatuses.label(p.status)}`}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
