import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { yearFrom, yearOptions } from '../../compliance/compliance-status.tsx';
import { useCreateReview, useReviewCampaigns, type ReviewList } from '../review-campaigns.api.ts';
import { ReviewStatusTag } from '../review-labels.tsx';

/** 述职评议: the year's campaign — the committee's, the units that report in it, the reviewers'. */
export default function ReviewCampaignsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const year = yearFrom(params.get('year'));
  const list = useReviewCampaigns(year);
  const create = useCreateReview();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ year: number; name: string }>();
  type Row = ReviewList['items'][number];

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const d = await create.mutateAsync(v);
      message.success('已新建述职评议');
      navigate(`/review-campaigns/${d.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card
      title="述职评议"
      extra={
        list.data?.canConfigure && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.setFieldsValue({ year, name: `${year}年度党组织书记抓基层党建工作述职评议` });
              setCreating(true);
            }}
          >
            新建年度述职评议
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <span>年度</span>
        <Select value={year} options={yearOptions(year)} onChange={(y) => setParams({ year: String(y) })} style={{ width: 100 }} />
      </Space>
      {list.error && <div style={{ color: 'red' }}>{errorMessage(list.error)}</div>}
      {list.data?.items
        .filter((r) => r.isReviewer && r.status !== 'draft')
        .map((r) => (
          <Alert
            key={r.id}
            style={{ marginBottom: 12 }}
            type={r.status === 'voting' ? 'warning' : 'info'}
            showIcon
            title={`您是「${r.name}」的评议人`}
            action={
              <Button size="small" type={r.status === 'voting' ? 'primary' : 'default'} onClick={() => navigate(`/review-campaigns/${r.id}/ballot`)}>
                {r.status === 'voting' ? '去点评、投票' : '测评表'}
              </Button>
            }
          />
        ))}
      <Table<Row>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '本年度没有您可查看或参与的述职评议' }}
        columns={[
          { title: '名称', dataIndex: 'name', render: (t, r) => (r.reporters > 0 || list.data?.canConfigure ? <Link to={`/review-campaigns/${r.id}`}>{t}</Link> : t) },
          {
            title: '我的测评',
            render: (_, r) => (r.isReviewer ? <Link to={`/review-campaigns/${r.id}/ballot`}>{r.status === 'voting' ? '去点评、投票' : '查看测评表'}</Link> : '—'),
          },
          { title: '述职会议', render: (_, r) => (r.meetingOn ? `${r.meetingOn}${r.meetingPlace ? ` ${r.meetingPlace}` : ''}` : '未定') },
          { title: '述职人', dataIndex: 'reporters' },
          { title: '评议人', dataIndex: 'reviewers' },
          { title: '状态', dataIndex: 'status', render: (s) => <ReviewStatusTag status={s} /> },
        ]}
      />
      <Modal title="新建年度述职评议" open={creating} onCancel={() => setCreating(false)} onOk={submit} confirmLoading={create.isPending} okText="新建">
        <Form form={form} layout="vertical">
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={2100} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <div style={{ color: '#888' }}>新建后默认等次为 好/较好/一般/差（分值 100/85/70/50），可在评议设置中修改。</div>
        </Form>
      </Modal>
    </Card>
  );
}
