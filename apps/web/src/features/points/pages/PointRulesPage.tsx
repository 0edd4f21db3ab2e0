import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag } from 'antd';
import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  activityTypes,
  DEFAULT_POINT_BASE,
  DEFAULT_POINT_FLOOR,
  DEFAULT_POINT_ITEMS,
  pointItemKinds,
  pointMemberClasses,
  pointRuleSetStatuses,
  type PointItem,
  type PointRuleSetStatus,
} from '@xianfeng/shared';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { fromDay } from '../../../lib/dates.ts';
import { useCan } from '../../auth/session.ts';
import { yearOptions } from '../components/MemberPointsCard.tsx';
import {
  useCreateExemption,
  useCreateRuleSet,
  useDeleteExemption,
  useDeleteRuleSet,
  useExemptions,
  usePublishRuleSet,
  useRuleSets,
  useUpdateRuleSet,
  type RuleSet,
} from '../points.api.ts';
import { MemberSearchSelect } from '../components/MemberSearchSelect.tsx';

const STATUS_COLOR: Record<PointRuleSetStatus, string> = { draft: 'default', published: 'success' };
const capText = (c: number | null) => (c === null ? '不限' : c);

function ItemsTable({ items }: { items: RuleSet['items'] }) {
  return (
    <Table<RuleSet['items'][number]>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { title: '积分项目', dataIndex: 'name' },
        { title: '类型', dataIndex: 'kind', render: (k: PointItem['kind']) => pointItemKinds.label(k) },
        { title: '活动类型', dataIndex: 'activityTypes', render: (ts: PointItem['activityTypes']) => (ts.length ? ts.map((t) => <Tag key={t}>{activityTypes.label(t)}</Tag>) : '—') },
        { title: '分值', dataIndex: 'points', width: 70, render: (p: number) => (p > 0 ? `+${p}` : p) },
        { title: '当日上限', dataIndex: 'dayCap', width: 90, render: capText },
        { title: '年度上限', dataIndex: 'yearCap', width: 90, render: capText },
        { title: '适用党员', dataIndex: 'memberClasses', render: (cs: PointItem['memberClasses']) => cs.map((c) => pointMemberClasses.label(c)).join('、') },
      ]}
    />
  );
}

type FormValues = { effectiveFrom: Dayjs; basePoints: number; floor: number | null; note: string; items: PointItem[] };

function RuleSetModal({ year, editing, basis, open, onClose }: { year: number; editing: RuleSet | null; basis: RuleSet | undefined; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateRuleSet();
  const update = useUpdateRuleSet();
  const from = editing ?? basis;
  const initial: FormValues = {
    effectiveFrom: dayjs(editing?.effectiveFrom ?? (basis ? dayjs().format('YYYY-MM-DD') : `${year}-01-01`)),
    basePoints: from?.basePoints ?? DEFAULT_POINT_BASE,
    floor: from ? from.floor : DEFAULT_POINT_FLOOR,
    note: editing?.note ?? '',
    items: (from?.items ?? DEFAULT_POINT_ITEMS) as PointItem[],
  };
  async function submit(v: FormValues) {
    const input = { year, effectiveFrom: fromDay(v.effectiveFrom)!, basePoints: v.basePoints, floor: v.floor ?? null, note: v.note ?? '', items: v.items.map((i) => ({ ...i, activityTypes: i.activityTypes ?? [], dayCap: i.dayCap ?? null, yearCap: i.yearCap ?? null })) };
    try {
      if (editing) await update.mutateAsync({ id: editing.id, input });
      else await create.mutateAsync(input);
      message.success(editing ? '已保存草稿' : '已新建草稿版本');
      onClose();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <Modal title={editing ? `修改第${editing.version}版（草稿）` : `新建${year}年度积分规则版本`} open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending || update.isPending} width={1100} destroyOnHidden>
      <Form<FormValues> form={form} layout="vertical" initialValues={initial} onFinish={submit} preserve={false}>
        <Space wrap>
          <Form.Item name="effectiveFrom" label="生效日期（按北京时间的日期计分）" rules={[{ required: true, message: '请选择生效日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="basePoints" label="基础分" rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} />
          </Form.Item>
          <Form.Item name="floor" label="保底分（空为不设）">
            <InputNumber min={-1000} max={1000} />
          </Form.Item>
          <Form.Item name="note" label="说明" style={{ width: 420 }}>
            <Input maxLength={500} placeholder="如：依据某某办法（试行）修订" />
          </Form.Item>
        </Space>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex', borderBottom: '1px dashed #f0f0f0', marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'key']} label="代码" rules={[{ required: true, message: '必填' }]}>
                    <Input style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} label="项目名称" rules={[{ required: true, message: '必填' }]}>
                    <Input style={{ width: 170 }} maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'kind']} label="类型" rules={[{ required: true }]}>
                    <Select style={{ width: 170 }} options={pointItemKinds.values.map((k) => ({ value: k, label: pointItemKinds.label(k) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'activityTypes']} label="活动类型（出席）">
                    <Select mode="multiple" style={{ width: 200 }} maxTagCount={2} options={activityTypes.values.map((t) => ({ value: t, label: activityTypes.label(t) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'points']} label="分值" rules={[{ required: true }]}>
                    <InputNumber style={{ width: 70 }} min={-100} max={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dayCap']} label="当日上限">
                    <InputNumber style={{ width: 80 }} min={1} max={1000} placeholder="不限" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'yearCap']} label="年度上限">
                    <InputNumber style={{ width: 80 }} min={1} max={1000} placeholder="不限" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'memberClasses']} label="适用党员" rules={[{ required: true, message: '必选' }]}>
                    <Select mode="multiple" style={{ width: 200 }} options={pointMemberClasses.values.map((c) => ({ value: c, label: pointMemberClasses.label(c) }))} />
                  </Form.Item>
                  <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }} aria-label="删除项目" />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: `item_${fields.length + 1}`, name: '', kind: 'manual_addition', activityTypes: [], points: 1, dayCap: null, yearCap: null, memberClasses: ['regular', 'flowing', 'retired'] })}>
                添加积分项目
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function RuleSetsTab({ year }: { year: number }) {
  const { message } = App.useApp();
  const list = useRuleSets(year);
  const publish = usePublishRuleSet();
  const remove = useDeleteRuleSet();
  const [modal, setModal] = useState<{ editing: RuleSet | null } | null>(null);
  const items = list.data?.items ?? [];
  const latestPublished = items.find((r) => r.status === 'published');
  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <>
      {list.data?.canConfigure && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setModal({ editing: null })}>
          {latestPublished ? '修订（新建版本）' : '新建本年度规则（默认规则）'}
        </Button>
      )}
      <Table<RuleSet>
        key={latestPublished?.id ?? 'none'}
        rowKey="id"
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: '本年度尚无积分规则' }}
        expandable={{ expandedRowRender: (r) => <ItemsTable items={r.items} />, defaultExpandedRowKeys: latestPublished ? [latestPublished.id] : [] }}
        columns={[
          { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => `第${v}版` },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: PointRuleSetStatus) => <Tag color={STATUS_COLOR[s]}>{pointRuleSetStatuses.label(s)}</Tag> },
          { title: '生效日期', dataIndex: 'effectiveFrom', width: 120 },
          { title: '基础分', dataIndex: 'basePoints', width: 80 },
          { title: '保底分', dataIndex: 'floor', width: 80, render: (f: number | null) => f ?? '不设' },
          { title: '项目数', render: (_, r) => r.items.length, width: 80 },
          { title: '说明', dataIndex: 'note' },
          {
            title: '操作',
            width: 200,
            render: (_, r) =>
              list.data?.canConfigure && r.status === 'draft' ? (
                <Space>
                  <Button size="small" onClick={() => setModal({ editing: r })}>修改</Button>
                  <Popconfirm title={`发布后第${r.version}版自${r.effectiveFrom}起计分，且不能再修改。确定发布？`} onConfirm={() => run(publish.mutateAsync(r.id), '已发布')}>
                    <Button size="small" type="primary">发布</Button>
                  </Popconfirm>
                  <Popconfirm title="删除此草稿？" onConfirm={() => run(remove.mutateAsync(r.id), '已删除')}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label="删除草稿" />
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
      {modal && <RuleSetModal year={year} editing={modal.editing} basis={latestPublished} open onClose={() => setModal(null)} />}
    </>
  );
}

function ExemptionsTab({ year }: { year: number }) {
  const { message } = App.useApp();
  const can = useCan();
  const list = useExemptions(year);
  const create = useCreateExemption();
  const remove = useDeleteExemption();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ memberId: number; reason: string; decidedOn: Dayjs }>();
  type Row = NonNullable<typeof list.data>['items'][number];
  return (
    <>
      {can('points.write') && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => { form.resetFields(); setOpen(true); }}>
          登记免于积分
        </Button>
      )}
      <Table<Row>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={false}
        locale={{ emptyText: '本年度无免于积分的党员' }}
        columns={[
          { title: '党员', dataIndex: 'memberName' },
          { title: '所在组织', dataIndex: 'orgName' },
          { title: '支部决定日期', dataIndex: 'decidedOn', width: 130 },
          { title: '理由', dataIndex: 'reason' },
          {
            title: '操作',
            width: 90,
            render: (_, r) =>
              can('points.write') && (
                <Popconfirm title="撤销后该党员本年度恢复计分。确定撤销？" onConfirm={async () => { try { await remove.mutateAsync(r.id); message.success('已撤销'); } catch (e) { message.error(errorMessage(e)); } }}>
                  <Button size="small" danger>撤销</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title={`登记${year}年度免于积分（特殊党员）`} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ decidedOn: dayjs() }}
          onFinish={async (v) => {
            try {
              await create.mutateAsync({ year, memberId: v.memberId, reason: v.reason, decidedOn: fromDay(v.decidedOn)! });
              message.success('已登记');
              setOpen(false);
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择党员' }]}>
            <MemberSearchSelect />
          </Form.Item>
          <Form.Item name="decidedOn" label="支部决定日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="reason" label="理由（如年逾七十、长期患病，经支部委员会决定）" rules={[{ required: true, message: '请填写理由' }]}>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 党员积分规则: the year's versions (the committee drafts, revises and publishes) and the 特殊 members exempt by branch decision. */
export default function PointRulesPage() {
  const [year, setYear] = useState(dayjs().year());
  return (
    <Card title="党员积分规则" extra={<Select value={year} onChange={setYear} options={[{ value: dayjs().year() + 1, label: `${dayjs().year() + 1}年` }, ...yearOptions()]} style={{ width: 100 }} />}>
      <Tabs
        items={[
          { key: 'rules', label: '积分规则版本', children: <RuleSetsTab year={year} /> },
          { key: 'exemptions', label: '免于积分（特殊党员）', children: <ExemptionsTab year={year} /> },
        ]}
      />
    </Card>
  );
}
