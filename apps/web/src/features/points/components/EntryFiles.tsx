import { App, Button, Popconfirm, Space, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { DOCUMENT_ACCEPT, documentRefusal } from '../../../lib/documents.ts';
import { entryFileUrl, useDeleteEntryFile, useUploadEntryFile, type Entries } from '../points.api.ts';

type Row = Entries['items'][number];

/** 佐证材料 of a branch entry (PT-10): the files, each opened in a new tab; the branch adds and removes them while the entry waits. */
export function EntryFiles({ r }: { r: Row }) {
  const { message } = App.useApp();
  const upload = useUploadEntryFile();
  const remove = useDeleteEntryFile();
  return (
    <Space orientation="vertical" size={2}>
      <span>{r.evidence}</span>
      {r.files.map((f) => (
        <Space key={f.id} size={4}>
          <a href={entryFileUrl(r.id, f.id)} target="_blank" rel="noreferrer">
            <PaperClipOutlined /> {f.fileName}
          </a>
          {r.canAttach && (
            <Popconfirm title={`删除“${f.fileName}”？`} onConfirm={() => remove.mutateAsync({ id: r.id, fileId: f.id }).catch((e) => message.error(errorMessage(e)))}>
              <Button size="small" type="text" danger aria-label={`删除${f.fileName}`} icon={<DeleteOutlined />} />
            </Popconfirm>
          )}
        </Space>
      ))}
      {r.canAttach && (
        <Upload
          accept={DOCUMENT_ACCEPT}
          showUploadList={false}
          customRequest={({ file }) => {
            const f = file as File;
            const refusal = documentRefusal(f);
            if (refusal) return void message.error(refusal);
            upload.mutate({ id: r.id, file: f }, { onSuccess: () => message.success(`已上传“${f.name}”`), onError: (e) => message.error(`“${f.name}”上传失败：${errorMessage(e)}`) });
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={upload.isPending}>
            上传佐证
          </Button>
        </Upload>
      )}
    </Space>
  );
}
