import { App, Button, Card, Popconfirm, Space, Table, Typography, Upload } from 'antd';
import { DeleteOutlined, FileImageOutlined, FileOutlined, FilePdfOutlined, FileExcelOutlined, FileWordOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { DOCUMENT_ACCEPT, documentRefusal } from '../../../lib/documents.ts';
import { useDeleteAttachment, useUploadAttachment } from '../activities.api.ts';
import type { Attachment } from '../activity.types.ts';
import { formatTime } from '../activity-time.ts';

const IMAGE = /\.(jpe?g|png)$/i;

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

function FileIcon({ name }: { name: string }) {
  if (IMAGE.test(name)) return <FileImageOutlined style={{ color: '#389e0d' }} />;
  if (/\.pdf$/i.test(name)) return <FilePdfOutlined style={{ color: '#cf1322' }} />;
  if (/\.docx$/i.test(name)) return <FileWordOutlined style={{ color: '#1d39c4' }} />;
  if (/\.xlsx$/i.test(name)) return <FileExcelOutlined style={{ color: '#237804' }} />;
  return <FileOutlined />;
}

/** 活动附件: photos of the meeting, sign-in sheets, documents (jpg/png/pdf/docx/xlsx, up to 20 MB each, 30 per activity). */
export function AttachmentsCard({ activityId, attachments, editable }: { activityId: number; attachments: Attachment[]; editable: boolean }) {
  const upload = useUploadAttachment(activityId);
  const remove = useDeleteAttachment(activityId);
  const { message } = App.useApp();

  return (
    <Card
      size="small"
      title={
        <Space>
          <PaperClipOutlined />
          <span>附件（{attachments.length}）</span>
        </Space>
      }
      extra={
        editable && (
          <Upload
            accept={DOCUMENT_ACCEPT}
            multiple
            showUploadList={false}
            beforeUpload={(file) => {
              const refusal = documentRefusal(file);
              if (refusal) message.error(refusal);
              return refusal ? Upload.LIST_IGNORE : true;
            }}
            customRequest={({ file, onSuccess, onError }) => {
              const f = file as File;
              upload.mutate(f, {
                onSuccess: (r) => {
                  message.success(`已上传“${f.name}”`);
                  onSuccess?.(r);
                },
                onError: (e) => {
                  message.error(`“${f.name}”上传失败：${errorMessage(e)}`);
                  onError?.(e as Error);
                },
              });
            }}
          >
            <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} data-testid="upload-attachment">
              上传附件
            </Button>
          </Upload>
        )
      }
    >
      <Table<Attachment>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={attachments}
        showHeader={attachments.length > 0}
        locale={{ emptyText: editable ? '暂无附件。可上传会议照片、签到表、学习材料（jpg/png/pdf/docx/xlsx，单个不超过20 MB，最多30个）' : '暂无附件' }}
        columns={[
          {
            title: '文件',
            dataIndex: 'fileName',
            ellipsis: true,
            render: (name: string, f) => (
              <Space size={6}>
                <FileIcon name={name} />
                {/* A plain link: the browser streams the file (no 20 MB blob in memory); photos open in a new tab. */}
                <Typography.Link
                  href={`/api/activities/${activityId}/attachments/${f.id}`}
                  {...(IMAGE.test(name) ? { target: '_blank', rel: 'noopener' } : { download: name })}
                  title={IMAGE.test(name) ? `查看 ${name}` : `下载 ${name}`}
                >
                  {name}
                </Typography.Link>
              </Space>
            ),
          },
          { title: '大小', dataIndex: 'size', width: 80, align: 'right', render: sizeText },
          { title: '上传时间', dataIndex: 'createdAt', width: 132, render: (v: string) => formatTime(v) },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'del',
                  width: 40,
                  render: (_: unknown, f: Attachment) => (
                    <Popconfirm
                      title={`删除附件“${f.fileName}”？`}
                      okText="删除"
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        remove.mutateAsync(f.id).then(
                          () => void message.success('附件已删除'),
                          (e: unknown) => void message.error(errorMessage(e)),
                        )
                      }
                    >
                      <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除${f.fileName}`} />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
