import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Upload } from 'antd';
import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { materialKinds, topicMachine, topicStatuses, type MaterialInput, type MaterialKind, type TopicStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { RichTextEditor } from '../../activities/components/RichTextEditor.tsx';
import { useAddMaterial, useDeleteMaterial, useTopic, useTopicEvent, useUpdateMaterial, useUploadMaterialFile, type Material } from '../study.api.ts';
import { TOPIC_COLOR } from './StudyTopicsPage.tsx';

type MaterialForm = {
  kind: MaterialKind;
  title: string;
  body?: string;
  url?: string;
  creditHours: number;
  minMinutes: number;
  withQuestion: boolean;
  prompt?: string;
  options?: string[];
  answer?: number;
};

const toInput = (v: MaterialForm): MaterialInput => ({
  kind: v.kind,
  title: v.title,
  body: v.body ?? '',
  url: v.kind === 'article' ? null : v.url || null,
  creditHours: v.creditHours,
  minSeconds: Math.round(v.minMinutes * 60),
  question: v.withQuestion ? { prompt: v.prompt ?? '', options: v.options ?? [], answer: v.answer ?? 0 } : null,
});

const fromMaterial = (m: Material): MaterialForm => ({
  kind: m.kind,
  title: m.title,
  body: m.body,
  url: m.url ?? undefined,
  creditHours: m.creditHours,
  minMinutes: Math.round((m.minSeconds / 60) * 10) / 10,
  withQuestion: !!m.question,
  prompt: m.question?.prompt,
  options: m.question?.options ?? ['', ''],
  answer: m.question?.answer ?? 0,
});

/** One study topic: its state and transitions, its materials (学时, minimum time, check question) for managers to edit. */
export default function StudyTopicPage() {
  const id = Number(useParams().id);
  const { message } = App.useApp();
  const topic = useTopic(id);
  const event = useTopicEvent();
  const add = useAddMaterial();
  const update = useUpdateMaterial();
  const remove = useDeleteMaterial();
  const upload = useUploadMaterialFile();
  const [editing, setEditing] = useState<Material | 'new' | null>(null);
  const [form] = Form.useForm<MaterialForm>();
  const kind = Form.useWatch('kind', form);
  const withQuestion = Form.useWatch('withQuestion', form);
  const t = topic.data;

  async function run<T>(p: Promise<T>, ok: string) {
    try {
      await p;
      message.success(ok);
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  }

  async function submit(v: MaterialForm) {
    const input = toInput(v);
    const done = editing === 'new' ? await run(add.mutateAsync({ topicId: id, input }), '已添加资料') : editing ? await run(update.mutateAsync({ id: editing.id, input }), '已保存资料') : false;
    if (done) setEditing(null);
  }

  if (topic.error) return <Card title="学习专题">{errorMessage(topic.error)}</Card>;
  if (!t) return <Card loading title="学习专题" />;
  const status = t.status as TopicStatus;
  const editable = t.canManage && topicMachine.allows('edit', status);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to="/study/topics">学习资料</Link>/<span>{t.title}</span>
            <Tag color={TOPIC_COLOR[status]}>{topicStatuses.label(status)}</Tag>
          </Space>
        }
        extra={
          t.canManage && (
            <Space>
              {topicMachine.allows('publish', status) && (
                <Popconfirm title="发布后，发布组织及其下级的党员即可在手机上学习。确定发布？" onConfirm={() => run(event.mutateAsync({ id, event: 'publish' }), '专题已发布')}>
                  <Button type="primary" data-testid="study-publish">发布</Button>
                </Popconfirm>
              )}
              {topicMachine.allows('withdraw', status) && (
                <Popconfirm title="撤回后党员不再看到本专题，已记的学时保留。确定撤回？" onConfirm={() => run(event.mutateAsync({ id, event: 'withdraw' }), '专题已撤回')}>
                  <Button danger>撤回</Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
      >
        <Descriptions column={2} size="small">
          <Descriptions.Item label="发布组织">{t.orgName}（面向本组织及下级）</Descriptions.Item>
          <Descriptions.Item label="发布时间">{t.publishedAt ? formatDateTime(t.publishedAt) : '未发布'}</Descriptions.Item>
          <Descriptions.Item label="封面文字">{t.coverText || '—'}</Descriptions.Item>
          <Descriptions.Item label="资料 / 学时合计">{`${t.materialCount} 项 / ${t.creditHours} 学时`}</Descriptions.Item>
          <Descriptions.Item label="专题说明" span={2}>{t.description || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title="学习资料"
        extra={editable && (
          <Button icon={<PlusOutlined />} onClick={() => { form.resetFields(); form.setFieldsValue({ kind: 'article', creditHours: 0.5, minMinutes: 5, withQuestion: false, options: ['', ''], answer: 0 }); setEditing('new'); }} data-testid="study-add-material">
            添加资料
          </Button>
        )}
      >
        <Table<Material>
          rowKey="id"
          dataSource={t.materials}
          pagination={false}
          locale={{ emptyText: '还没有学习资料' }}
          columns={[
            { title: '序号', dataIndex: 'position', width: 60 },
            { title: '标题', dataIndex: 'title' },
            { title: '类型', dataIndex: 'kind', width: 70, render: (k: MaterialKind) => materialKinds.label(k) },
            {
              title: '内容',
              render: (_, m) =>
                m.kind === 'article' ? '正文' : m.url ? <a href={m.url} target="_blank" rel="noreferrer noopener">{m.url}</a> : m.fileName ? <a href={`/api/study/materials/${m.id}/file`}>{m.fileName}</a> : <Tag color="error">未上传文件</Tag>,
            },
            { title: '学时', dataIndex: 'creditHours', width: 70 },
            { title: '最少学习', dataIndex: 'minSeconds', width: 100, render: (s: number) => `${Math.round((s / 60) * 10) / 10} 分钟` },
            { title: '检测题', dataIndex: 'question', width: 80, render: (q: Material['question']) => (q ? '有' : '无') },
            {
              title: '操作',
              width: 220,
              render: (_, m) =>
                editable && (
                  <Space size="small">
                    <Button size="small" type="link" onClick={() => { form.resetFields(); form.setFieldsValue(fromMaterial(m)); setEditing(m); }}>修改</Button>
                    {m.kind === 'document' && (
                      <Upload accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" showUploadList={false} beforeUpload={(file) => { void run(upload.mutateAsync({ id: m.id, file }), '文件已上传'); return false; }}>
                        <Button size="small" type="link" icon={<UploadOutlined />}>上传文件</Button>
                      </Upload>
                    )}
                    {status === 'draft' && (
                      <Popconfirm title="确定删除该资料？" onConfirm={() => run(remove.mutateAsync(m.id), '已删除')}>
                        <Button size="small" type="link" danger>删除</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Modal title={editing === 'new' ? '添加学习资料' : '修改学习资料'} open={!!editing} onCancel={() => setEditing(null)} onOk={() => form.submit()} confirmLoading={add.isPending || update.isPending} width={760} destroyOnHidden forceRender>
        <Form<MaterialForm> form={form} layout="vertical" onFinish={submit}>
          <Space wrap>
            <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
              <Radio.Group options={materialKinds.options} optionType="button" disabled={editing !== 'new'} />
            </Form.Item>
            <Form.Item name="creditHours" label="学时" rules={[{ required: true, message: '请填写学时' }]} tooltip="学完并通过检测后记入的学时（0.1–8）">
              <InputNumber min={0.1} max={8} step={0.1} precision={1} />
            </Form.Item>
            <Form.Item name="minMinutes" label="最少学习时间（分钟）" rules={[{ required: true }]} tooltip="服务器计时：页面在前台的时间达到此值才算学完">
              <InputNumber min={0} max={240} step={1} />
            </Form.Item>
          </Space>
          <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
            <Input maxLength={200} />
          </Form.Item>
          {kind === 'article' ? (
            <Form.Item name="body" label="正文" rules={[{ required: true, message: '请填写正文' }]}>
              <RichTextEditor placeholder="请输入文章正文" />
            </Form.Item>
          ) : (
            <Form.Item name="url" label={kind === 'document' ? '链接（或保存后上传文件）' : '链接（https）'} rules={kind === 'document' ? [] : [{ required: true, message: '请填写 https 链接' }]}>
              <Input maxLength={1000} placeholder="https://" />
            </Form.Item>
          )}
          <Form.Item name="withQuestion" label="检测题">
            <Radio.Group options={[{ value: false, label: '不设' }, { value: true, label: '设一道单选题（答对才记学时）' }]} />
          </Form.Item>
          {withQuestion && (
            <Card size="small">
              <Form.Item name="prompt" label="题干" rules={[{ required: true, message: '请填写题干' }]}>
                <Input maxLength={300} />
              </Form.Item>
              <Form.List name="options">
                {(fields, { add: addOption, remove: removeOption }) => (
                  <>
                    {fields.map((f, i) => (
                      <Space key={f.key} align="baseline">
                        <Form.Item name={f.name} label={`选项${'ABCDEF'[i]}`} rules={[{ required: true, message: '请填写选项' }]}>
                          <Input maxLength={200} style={{ width: 420 }} />
                        </Form.Item>
                        {fields.length > 2 && <MinusCircleOutlined onClick={() => removeOption(f.name)} />}
                      </Space>
                    ))}
                    {fields.length < 6 && <Button type="dashed" onClick={() => addOption('')} icon={<PlusOutlined />}>添加选项</Button>}
                  </>
                )}
              </Form.List>
              <Form.Item name="answer" label="正确答案" rules={[{ required: true }]} style={{ marginTop: 12 }}>
                <Select style={{ width: 120 }} options={(form.getFieldValue('options') ?? ['', '']).map((_: string, i: number) => ({ value: i, label: `选项${'ABCDEF'[i]}` }))} />
              </Form.Item>
            </Card>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
