import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { pointEntryKinds, pointEntryStatuses, type PointEntryStatus } from '@xianfeng/shared';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { fromDay } from '../../../lib/dates.ts';
import { useCan } from '../../auth/session.ts';
import { yearOptions } from '../components/MemberPointsCard.tsx';
import { AppealsCard } from '../components/AppealsCard.tsx';
import { useCreateEntry, useEntries, useReviewEntry, type Entries } from '../points.api.ts';
import { MemberSearchSelect } from '../components/MemberSearchSelect.tsx';
import { EntryFiles } from '../components/EntryFiles.tsx';

const STATUS_COLOR: Record<PointEntryStatus, string> = { submitted: 'processing', approved: 'success', returned: 'warning' };
type Row = Entries['items'][number];
type EntryForm = { memberId: number; kind: 'manual_addition' | 'manual_deduction'; occurredOn: Dayjs; points: number; reason: string; evidence: string };

/** 积分登记与审核: the branch enters additions and deductions with reason and evidence; the level above approves or returns them. */
export default function PointEntriesPage() {
  const { message, modal } = App.useApp();
  const can = useCan();
  const [year, setYear] = useState(dayjs().year());
  const [status, setStatus] = useState<PointEntryStatus | undefined>('submitted');
  const [page, setPage] = useState(1);
  const list = useEntries({ year, status, page });
  const create = useCreateEntry();
  const review = useReviewEntry();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<EntryForm>();

  async function decide(r: Row, decision: 'approve' | 'return') {
    let reason = '';
    if (decision === 'return') {
      const ok = await modal.confirm({ title: `退回${r.memberName}的${pointEntryKinds.label(r.kind)}登记`, content: <Input.TextArea rows={3} placeholder="退回理由（必填）" onChange={(e) => (reason = e.target.value)} />, okText: '退回' });
      if (!ok) return;
    }
    try {
      await review.mutateAsync({ id: r.id, input: decision === 'return' ? { decision, reason } : { decision } });
      message.success(decision === 'approve' ? '已审核通过，计入积分' : '已退回');
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <>
    <Card
      title="积分登记与审核"
      extra={
        <Space>
          <Radio.Group value={status ?? 'all'} onChange={(e) => { setStatus(e.target.value === 'all' ? undefined : e.target.value); setPage(1); }} optionType="button" options={[{ value: 'submitted', label: '待审核' }, { value: 'approved', label: '已通过' }, { value: 'returned', label: '已退回' }, { value: 'all', label: '全部' }]} />
          <Select value={year} onChange={(y) => { setYear(y); setPage(1); }} options={yearOptions()} style={{ width: 100 }} />
          {can('points.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setOpen(true); }}>
              登记加分/扣分
            </Button>
          )}
        </Space>
      }
    >
      <Table<Row>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
        locale={{ emptyText: '暂无登记' }}
        columns={[
          { title: '党员', width: 100, render: (_, r) => <Link to={`/points/members/${r.memberId}`}>{r.memberName}</Link> },
          { title: '所在组织', dataIndex: 'orgName' },
          { title: '日期', dataIndex: 'occurredOn', width: 110 },
          { title: '分值', width: 80, render: (_, r) => <b style={{ color: r.points < 0 ? '#cf1322' : '#389e0d' }}>{r.points > 0 ? `+${r.points}` : r.points}</b> },
          { title: '事由', dataIndex: 'reason' },
          { title: '佐证', render: (_, r) => <EntryFiles r={r} /> },
          { title: '登记人', dataIndex: 'enteredBy', width: 100 },
          { title: '状态', width: 170, render: (_, r) => <Space direction="vertical" size={0}><Tag color={STATUS_COLOR[r.status]}>{pointEntryStatuses.label(r.status)}</Tag>{r.reviewReason && <span style={{ color: '#8c8c8c', fontSize: 12 }}>{r.reviewReason}</span>}</Space> },
          {
            title: '审核',
            width: 150,
            render: (_, r) =>
              r.canReview ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide(r, 'approve')}>通过</Button>
                  <Button size="small" onClick={() => decide(r, 'return')}>退回</Button>
                </Space>
              ) : r.status === 'submitted' ? (
                <span style={{ color: '#8c8c8c' }}>待上级审核</span>
              ) : null,
          },
        ]}
      />
      <Modal title="登记加分/扣分（报上级党组织审核）" open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form<EntryForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'manual_addition', occurredOn: dayjs(), points: 1 }}
          onFinish={async (v) => {
            try {
              await create.mutateAsync({ memberId: v.memberId, kind: v.kind, occurredOn: fromDay(v.occurredOn)!, points: v.kind === 'manual_deduction' ? -Math.abs(v.points) : Math.abs(v.points), reason: v.reason, evidence: v.evidence });
              message.success('已登记，待上级审核');
              setOpen(false);
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择党员' }]}>
            <MemberSearchSelect />
          </Form.Item>
          <Space>
            <Form.Item name="kind" label="类别">
              <Radio.Group options={pointEntryKinds.values.map((k) => ({ value: k, label: pointEntryKinds.label(k) }))} />
            </Form.Item>
            <Form.Item name="points" label="分值" rules={[{ required: true }]}>
              <InputNumber min={1} max={100} />
            </Form.Item>
            <Form.Item name="occurredOn" label="事项日期" rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="reason" label="事由" rules={[{ required: true, message: '请填写事由' }]}>
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
          <Form.Item name="evidence" label="佐证材料说明（文件可在登记后于列表中上传）" rules={[{ required: true, message: '请填写佐证材料' }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
    <AppealsCard year={year} />
    </>
  );
}
