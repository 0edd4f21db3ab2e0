import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { topicStatuses, type TopicStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useCreateTopic, useTopics, type TopicList } from '../study.api.ts';

export const TOPIC_COLOR: Record<TopicStatus, string> = { draft: 'default', published: 'success', withdrawn: 'warning' };

type FormValues = { orgId: number; title: string; description?: string; coverText?: string };

/** 学习资料: the study topics (专题) of the caller's subtree; managers draft new ones for their organisation or one below. */
export default function StudyTopicsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') || undefined) as TopicStatus | undefined;
  const q = params.get('q') || undefined;
  const page = Number(params.get('page') || 1);
  const list = useTopics({ status, q, page, pageSize: 20 });
  const create = useCreateTopic();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const set = (next: Record<string, string | number | undefined>) => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries({ status, q, page: 1, ...next })) if (v !== undefined && v !== '') p[k] = String(v);
    setParams(p);
  };

  async function submit(v: FormValues) {
    try {
      const t = await create.mutateAsync({ orgId: v.orgId, title: v.title, description: v.description ?? '', coverText: v.coverText ?? '' });
      message.success(`已新建专题“${t.title}”，请添加学习资料`);
      setOpen(false);
      navigate(`/study/topics/${t.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  type Row = TopicList['items'][number];
  return (
    <Card
      title="学习资料"
      extra={
        list.data?.canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setOpen(true); }} data-testid="study-new-topic">
            新建专题
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="状态" value={status} options={topicStatuses.options} onChange={(s) => set({ status: s })} style={{ width: 120 }} />
        <Input.Search allowClear placeholder="专题名称" defaultValue={q} onSearch={(v) => set({ q: v })} style={{ width: 220 }} />
      </Space>
      {list.error && <div style={{ color: 'red' }}>{errorMessage(list.error)}</div>}
      <Table<Row>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        locale={{ emptyText: '暂无学习专题' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, showTotal: (t) => `共 ${t} 个专题`, onChange: (p) => set({ page: p }) }}
        columns={[
          { title: '专题', dataIndex: 'title', render: (t: string, r) => <Link to={`/study/topics/${r.id}`}>{t}</Link> },
          { title: '发布组织（面向本组织及下级）', dataIndex: 'orgName' },
          { title: '资料', dataIndex: 'materialCount', width: 80, render: (n: number) => `${n} 项` },
          { title: '学时合计', dataIndex: 'creditHours', width: 100 },
          { title: '状态', dataIndex: 'status', width: 100, render: (s: TopicStatus) => <Tag color={TOPIC_COLOR[s]}>{topicStatuses.label(s)}</Tag> },
          { title: '发布时间', dataIndex: 'publishedAt', render: (d: string | null) => (d ? formatDateTime(d) : '—') },
        ]}
      />
      <Modal title="新建学习专题" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} width={600} destroyOnHidden>
        <Form<FormValues> form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="orgId" label="发布组织（本组织及下级党员可见）" rules={[{ required: true, message: '请选择发布组织' }]}>
            <OrgTreeSelect />
          </Form.Item>
          <Form.Item name="title" label="专题名称" rules={[{ required: true, message: '请填写专题名称' }]}>
            <Input maxLength={100} placeholder="如：学习贯彻党的二十届四中全会精神专题" />
          </Form.Item>
          <Form.Item name="coverText" label="封面文字">
            <Input maxLength={200} placeholder="手机学习页上显示的一句话" />
          </Form.Item>
          <Form.Item name="description" label="专题说明">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
