import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  DISCIPLINE_KIND_RULES,
  defaultEffectiveUntil,
  disciplineCategories,
  disciplineKinds,
  disciplineSeverities,
  disciplineStatuses,
  memberStatuses,
  type DisciplineCategory,
  type DisciplineKind,
  type DisciplineUpdateInput,
} from '@xianfeng/shared';
import type { Dayjs } from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { fromDay, toDay, todayDay } from '../../../lib/dates.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useCreateDiscipline, useDisciplineList, useDisciplineMembers, useRevokeDiscipline, useUpdateDiscipline, type DisciplineRecord } from '../discipline.api.ts';

type FormValues = {
  memberId?: number;
  kind: DisciplineKind;
  decidedOn?: Dayjs;
  effectiveFrom?: Dayjs;
  effectiveUntil?: Dayjs | null;
  decidedBy: string;
  documentNo?: string;
  caseNo?: string;
  referredToJudiciary?: boolean;
  summary: string;
};

const CATEGORY_COLOR: Record<DisciplineCategory, string> = { party: 'red', government: 'volcano', organisational: 'orange', talk: 'blue' };
const kindOptions = disciplineCategories.values.map((c) => ({
  label: disciplineCategories.label(c),
  options: disciplineKinds.values.filter((k) => DISCIPLINE_KIND_RULES[k].category === c).map((k) => ({ value: k, label: disciplineKinds.label(k) })),
}));
const FIELDS = ['memberId', 'kind', 'decidedOn', 'effectiveFrom', 'effectiveUntil', 'decidedBy', 'documentNo', 'caseNo', 'summary'];

/** A member of the keeper's subtree, found by name (the register's own search: name, organisation, status). */
function MemberSearch({ value, onChange, id }: { value?: number; onChange?: (v: number) => void; id?: string }) {
  const [q, setQ] = useState('');
  const found = useDisciplineMembers(q);
  return (
    <Select<number>
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      placeholder="输入姓名查找党员"
      loading={found.isFetching}
      notFoundContent={q ? '本组织及下级没有该姓名的党员' : '请输入姓名'}
      options={found.data?.items.map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}${m.status === 'normal' ? '' : `，${memberStatuses.label(m.status as never)}`}）` }))}
    />
  );
}

/** 处分台账: the 纪检干部's register of sanctions, 诫勉 and talks in their subtree. Every page viewed is audited. */
export default function DisciplinePage() {
  const [params, setParams] = useSearchParams();
  const num = (k: string) => Number(params.get(k)) || undefined;
  const q = {
    orgId: num('orgId'),
    year: num('year'),
    category: (params.get('category') || undefined) as DisciplineCategory | undefined,
    status: (params.get('status') || undefined) as 'effective' | 'revoked' | undefined,
    inEffect: (params.get('inEffect') || undefined) as 'true' | 'false' | undefined,
    page: num('page') ?? 1,
    pageSize: 20,
  };
  const set = (next: Record<string, string | number | undefined>) => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...q, page: undefined, pageSize: undefined, ...next })) if (v !== undefined) p[k] = String(v);
    setParams(p);
  };
  const list = useDisciplineList(q);
  const create = useCreateDiscipline();
  const update = useUpdateDiscipline();
  const revoke = useRevokeDiscipline();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<DisciplineRecord | 'new' | null>(null);
  const [viewing, setViewing] = useState<DisciplineRecord | null>(null);
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const isTalk = kind ? DISCIPLINE_KIND_RULES[kind].category === 'talk' : false;
  const endless = kind ? DISCIPLINE_KIND_RULES[kind].months === null : false;

  const open = (r: DisciplineRecord | 'new') => {
    form.resetFields();
    if (r === 'new') {
      const today = todayDay();
      form.setFieldsValue({ kind: 'party_warning', decidedOn: today, effectiveUntil: toDay(defaultEffectiveUntil('party_warning', fromDay(today)!)) ?? null });
    }
    else
      form.setFieldsValue({
        memberId: r.memberId,
        kind: r.kind,
        decidedOn: toDay(r.decidedOn),
        effectiveFrom: toDay(r.effectiveFrom),
        effectiveUntil: toDay(r.effectiveUntil) ?? null,
        decidedBy: r.decidedBy,
        documentNo: r.documentNo,
        caseNo: r.caseNo,
        referredToJudiciary: r.referredToJudiciary,
        summary: r.summary,
      });
    setEditing(r);
  };

  // The period follows the kind and the start day until the keeper sets an end day of their own.
  const suggestEnd = () => {
    const v = form.getFieldsValue(true) as FormValues;
    const from = fromDay(v.effectiveFrom) ?? fromDay(v.decidedOn);
    if (v.kind && from) form.setFieldValue('effectiveUntil', toDay(defaultEffectiveUntil(v.kind, from)) ?? null);
  };

  const submit = async () => {
    const v = await form.validateFields();
    const input: DisciplineUpdateInput = {
      kind: v.kind,
      decidedOn: fromDay(v.decidedOn)!,
      effectiveFrom: fromDay(v.effectiveFrom),
      effectiveUntil: isTalk || endless ? null : (fromDay(v.effectiveUntil) ?? undefined),
      decidedBy: v.decidedBy,
      documentNo: v.documentNo ?? '',
      caseNo: v.caseNo ?? '',
      referredToJudiciary: !!v.referredToJudiciary,
      summary: v.summary,
    };
    try {
      if (editing === 'new') {
        const saved = await create.mutateAsync({ ...input, memberId: v.memberId! });
        message.success(DISCIPLINE_KIND_RULES[saved.kind].endsMembership ? '已登记；该党员的党籍状态已改为“出党”' : '已登记');
      } else if (editing) {
        await update.mutateAsync({ id: editing.id, input });
        message.success('已保存');
      }
      setEditing(null);
    } catch (e) {
      const left = applyServerErrors(form, e, FIELDS);
      if (left) message.error(left);
    }
  };

  const askRevoke = (r: DisciplineRecord) => {
    let reason = '';
    let revokedOn: Dayjs | null = todayDay();
    modal.confirm({
      title: `撤销记录：${r.memberName} · ${disciplineKinds.label(r.kind)}`,
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {DISCIPLINE_KIND_RULES[r.kind].endsMembership && <Alert type="warning" showIcon message="撤销开除党籍处分后，该党员的党籍状态恢复为“正常”。" />}
          <DatePicker defaultValue={revokedOn} onChange={(d) => (revokedOn = d)} />
          <Input.TextArea rows={3} maxLength={500} placeholder="撤销理由（必填，如：经复查撤销原处分决定）" onChange={(e) => (reason = e.target.value)} />
        </Space>
      ),
      okText: '撤销',
      onOk: async () => {
        try {
          await revoke.mutateAsync({ id: r.id, input: { revokedOn: fromDay(revokedOn) ?? '', reason } });
          message.success('已撤销');
          setViewing(null);
        } catch (e) {
          message.error(errorMessage(e));
          throw e;
        }
      },
    });
  };

  const canWrite = !!list.data?.canWrite;
  return (
    <Card
      title="处分台账"
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
            登记
          </Button>
        )
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="党纪政务处分与约谈记录仅纪检干部可见；每次查看都记入审计日志。" />
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgTreeSelect value={q.orgId} onChange={(id) => set({ orgId: id })} placeholder="全部组织" style={{ width: 240 }} />
        <Select allowClear placeholder="类别" value={q.category} options={disciplineCategories.options} onChange={(c) => set({ category: c })} style={{ width: 120 }} />
        <Select allowClear placeholder="决定年度" value={q.year} options={[2026, 2025, 2024, 2023].map((y) => ({ value: y, label: `${y}年` }))} onChange={(y) => set({ year: y })} style={{ width: 110 }} />
        <Select
          allowClear
          placeholder="影响期"
          value={q.inEffect}
          options={[
            { value: 'true', label: '影响期内' },
            { value: 'false', label: '已过影响期或撤销' },
          ]}
          onChange={(v) => set({ inEffect: v })}
          style={{ width: 150 }}
        />
        <Select allowClear placeholder="状态" value={q.status} options={disciplineStatuses.options} onChange={(s) => set({ status: s })} style={{ width: 100 }} />
      </Space>
      {list.error && <Alert type="error" message={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<DisciplineRecord>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 900 }}
        pagination={{ current: q.page, pageSize: q.pageSize, total: list.data?.total, showTotal: (t) => `共 ${t} 条`, onChange: (page) => set({ page }) }}
        onRow={(r) => ({ onClick: () => setViewing(r), style: { cursor: 'pointer' } })}
        columns={[
          { title: '姓名', dataIndex: 'memberName', width: 90 },
          { title: '所在组织（决定时）', render: (_, r) => (r.unitName ? `${r.unitName} · ${r.orgName}` : r.orgName), ellipsis: true },
          { title: '种类', render: (_, r) => <Tag color={CATEGORY_COLOR[r.category]}>{disciplineKinds.label(r.kind)}</Tag>, width: 130 },
          { title: '决定日期', dataIndex: 'decidedOn', width: 110 },
          { title: '影响期至', render: (_, r) => (r.category === 'talk' ? '—' : (r.effectiveUntil ?? '长期')), width: 110 },
          {
            title: '状态',
            width: 130,
            render: (_, r) => (r.status === 'revoked' ? <Tag>已撤销</Tag> : r.inEffect ? <Tag color="red">影响期内</Tag> : <Tag color="default">{r.category === 'talk' ? '已约谈' : '已过影响期'}</Tag>),
          },
          { title: '决定机关（约谈人）', dataIndex: 'decidedBy', ellipsis: true },
        ]}
      />
      <Drawer open={!!viewing} onClose={() => setViewing(null)} title={viewing && `${viewing.memberName} · ${disciplineKinds.label(viewing.kind)}`} size="large">
        {viewing && (
          <>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label="类别">{disciplineCategories.label(viewing.category)}{viewing.severity && `（${disciplineSeverities.label(viewing.severity)}）`}</Descriptions.Item>
              <Descriptions.Item label="所在组织（决定时）">{viewing.unitName ? `${viewing.unitName} · ${viewing.orgName}` : viewing.orgName}</Descriptions.Item>
              <Descriptions.Item label="决定（约谈）日期">{viewing.decidedOn}</Descriptions.Item>
              {viewing.category !== 'talk' && <Descriptions.Item label="影响期">{viewing.effectiveFrom} 至 {viewing.effectiveUntil ?? '长期'}</Descriptions.Item>}
              <Descriptions.Item label="决定机关（约谈人）">{viewing.decidedBy}</Descriptions.Item>
              <Descriptions.Item label="文号">{viewing.documentNo || '—'}</Descriptions.Item>
              <Descriptions.Item label="案件编号">{viewing.caseNo || '—'}</Descriptions.Item>
              <Descriptions.Item label="移送司法机关">{viewing.referredToJudiciary ? '是' : '否'}</Descriptions.Item>
              <Descriptions.Item label="事由">{viewing.summary}</Descriptions.Item>
              <Descriptions.Item label="状态">
                {viewing.status === 'revoked' ? `已撤销（${viewing.revokedOn}）：${viewing.revokedReason}` : disciplineStatuses.label(viewing.status)}
              </Descriptions.Item>
            </Descriptions>
            {canWrite && viewing.status === 'effective' && (
              <Space style={{ marginTop: 16 }}>
                <Button
                  onClick={() => {
                    open(viewing);
                    setViewing(null);
                  }}
                >
                  修改
                </Button>
                <Button danger onClick={() => askRevoke(viewing)}>
                  撤销
                </Button>
              </Space>
            )}
          </>
        )}
      </Drawer>
      <Modal
        open={!!editing}
        title={editing === 'new' ? '登记处分或约谈' : '修改记录'}
        onCancel={() => setEditing(null)}
        onOk={submit}
        okText="保存"
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" onValuesChange={(changed) => ('kind' in changed || 'decidedOn' in changed || 'effectiveFrom' in changed) && suggestEnd()}>
          {editing === 'new' ? (
            <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择党员' }]}>
              <MemberSearch />
            </Form.Item>
          ) : (
            editing && <Form.Item label="党员">{`${editing.memberName}（${editing.orgName}）`}</Form.Item>
          )}
          <Form.Item name="kind" label="种类" rules={[{ required: true, message: '请选择种类' }]}>
            <Select options={kindOptions} />
          </Form.Item>
          {kind === 'party_expulsion' && editing === 'new' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="登记开除党籍后，该党员的党籍状态将改为“出党”，并记入党籍状态变更记录。" />}
          <Space wrap>
            <Form.Item name="decidedOn" label={isTalk ? '约谈日期' : '决定日期'} rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker />
            </Form.Item>
            {!isTalk && (
              <Form.Item name="effectiveFrom" label="影响期起（默认决定日期）">
                <DatePicker />
              </Form.Item>
            )}
            {!isTalk && !endless && (
              <Form.Item name="effectiveUntil" label="影响期至" tooltip="按种类自动计算（党纪处分条例、政务处分法），可修改">
                <DatePicker />
              </Form.Item>
            )}
          </Space>
          <Form.Item name="decidedBy" label={isTalk ? '约谈人' : '决定机关'} rules={[{ required: true, message: isTalk ? '请填写约谈人' : '请填写决定机关' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="documentNo" label="文号">
              <Input maxLength={100} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="caseNo" label="案件编号" tooltip="同一案件的党纪、政务处分填写相同编号，考核时只计一次">
              <Input maxLength={60} style={{ width: 220 }} />
            </Form.Item>
          </Space>
          {!isTalk && (
            <Form.Item name="referredToJudiciary" valuePropName="checked">
              <Checkbox>移送司法机关</Checkbox>
            </Form.Item>
          )}
          <Form.Item name="summary" label={isTalk ? '约谈事由及内容' : '违纪违法事实（摘要）'} rules={[{ required: true, message: '请填写事由' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
