import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { cardStatuses, rectificationStates, type CardInput, type CardStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { fromDay, todayDay } from '../../../lib/dates.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { yearFrom, yearOptions } from '../../compliance/compliance-status.tsx';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { MemberPicker } from '../../members/components/MemberPicker.tsx';
import { useRectifications } from '../../lists/lists.api.ts';
import { CardKindsModal } from '../components/CardKindsModal.tsx';
import { useCardKinds, useCards, useInspections, useIssueCard, useWithdrawCard, type Card as CardRow } from '../inspections.api.ts';
import type { Dayjs } from 'dayjs';

type IssueValues = { kind: string; to: 'org' | 'member'; orgId?: number; memberOrgId?: number; memberId?: number; reason: string; issuedOn?: Dayjs; inspectionId?: number; findingIds?: number[] };

/** 黄牌红牌: cards of the caller's subtree by year; the committee issues and withdraws. */
export default function CardsPage() {
  const [params, setParams] = useSearchParams();
  const year = yearFrom(params.get('year'));
  const orgId = Number(params.get('orgId')) || undefined;
  const status = (params.get('status') || undefined) as CardStatus | undefined;
  const list = useCards({ year, orgId, status });
  const kinds = useCardKinds();
  const issue = useIssueCard();
  const withdraw = useWithdrawCard();
  const inspections = useInspections({ year });
  const { message, modal } = App.useApp();
  const [issuing, setIssuing] = useState(false);
  const [editingKinds, setEditingKinds] = useState(false);
  const [form] = Form.useForm<IssueValues>();
  const to = Form.useWatch('to', form);
  const memberOrgId = Form.useWatch('memberOrgId', form);
  const formOrgId = Form.useWatch('orgId', form);
  const issuedOn = Form.useWatch('issuedOn', form);
  // The findings a card may name: the 督查发现 of the card's organisation (or the member's) and below, that year.
  const findingOrgId = to === 'member' ? memberOrgId : formOrgId;
  const findingYear = issuedOn ? issuedOn.year() : year;
  const findings = useRectifications({ year: findingYear, orgId: findingOrgId, pageSize: 200 }, issuing && !!findingOrgId);
  const set = (next: Record<string, string | number | undefined>) => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries({ year, orgId, status, ...next })) if (v !== undefined) p[k] = String(v);
    setParams(p);
  };

  const submit = async () => {
    const v = await form.validateFields();
    const input: CardInput = {
      kind: v.kind,
      orgId: v.to === 'org' ? v.orgId : null,
      memberId: v.to === 'member' ? v.memberId : null,
      reason: v.reason,
      issuedOn: fromDay(v.issuedOn)!,
      inspectionId: v.inspectionId ?? null,
      findingIds: v.findingIds ?? [],
    };
    try {
      await issue.mutateAsync(input);
      message.success('已亮牌，并通知该组织管理员');
      setIssuing(false);
    } catch (e) {
      const left = applyServerErrors(form, e, ['kind', 'orgId', 'reason', 'issuedOn', 'inspectionId', 'findingIds']);
      if (left) message.error(left);
    }
  };

  const askWithdraw = (c: CardRow) => {
    let reason = '';
    modal.confirm({
      title: `撤销${c.kindName}：${c.memberName ?? c.orgName}`,
      content: <Input.TextArea rows={3} maxLength={500} placeholder="撤销理由（必填）" onChange={(e) => (reason = e.target.value)} />,
      okText: '撤销',
      onOk: async () => {
        try {
          await withdraw.mutateAsync({ id: c.id, reason });
          message.success('已撤销');
        } catch (e) {
          message.error(errorMessage(e));
          throw e;
        }
      },
    });
  };

  return (
    <Card
      title="黄牌红牌"
      extra={
        list.data?.canConfigure && (
          <Space>
            <Button onClick={() => setEditingKinds(true)}>牌种目录</Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ to: 'org', issuedOn: todayDay(), kind: kinds.data?.kinds.find((k) => k.active)?.key });
                setIssuing(true);
              }}
            >
              亮牌
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <span>年度</span>
        <Select value={year} options={yearOptions(year)} onChange={(y) => set({ year: y })} style={{ width: 100 }} />
        <OrgTreeSelect value={orgId} onChange={(id) => set({ orgId: id })} placeholder="全部组织" style={{ width: 240 }} />
        <Select allowClear placeholder="状态" value={status} options={cardStatuses.options} onChange={(s) => set({ status: s })} style={{ width: 110 }} />
      </Space>
      {list.error && <div style={{ color: 'red' }}>{errorMessage(list.error)}</div>}
      <Table<CardRow>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: '牌种', render: (_, c) => <Tag color={c.color}>{c.kindName}</Tag> },
          { title: '对象', render: (_, c) => (c.memberName ? `${c.memberName}（${c.orgName}）` : c.orgName) },
          { title: '事由', dataIndex: 'reason' },
          { title: '日期', dataIndex: 'issuedOn' },
          { title: '关联督查', dataIndex: 'inspectionTitle', render: (t) => t ?? '—' },
          {
            title: '关联问题',
            render: (_, c) =>
              c.findings.length ? (
                <Space orientation="vertical" size={0} data-testid="card-findings">
                  {c.findings.map((f) => (
                    <Link key={f.id} to={`/lists/items/${f.id}`} title={rectificationStates.label(f.state)}>
                      {f.title}（{rectificationStates.label(f.state)}）
                    </Link>
                  ))}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: '状态',
            render: (_, c) => (c.status === 'withdrawn' ? <span title={c.withdrawnReason ?? ''}>已撤销：{c.withdrawnReason}</span> : <Tag color="red">有效</Tag>),
          },
          ...(list.data?.canConfigure
            ? [{ title: '操作', render: (_: unknown, c: CardRow) => c.status === 'issued' && <Button size="small" onClick={() => askWithdraw(c)}>撤销</Button> }]
            : []),
        ]}
      />
      <CardKindsModal open={editingKinds} onClose={() => setEditingKinds(false)} />
      <Modal open={issuing} title="亮牌" onCancel={() => setIssuing(false)} onOk={submit} okText="亮牌" confirmLoading={issue.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onValuesChange={(changed) => ('to' in changed || 'orgId' in changed || 'memberOrgId' in changed) && form.setFieldValue('findingIds', [])}>
          <Form.Item name="kind" label="牌种" rules={[{ required: true, message: '请选择牌种' }]}>
            <Radio.Group options={kinds.data?.kinds.filter((k) => k.active).map((k) => ({ value: k.key, label: `${k.name}${k.consequence ? `（${k.consequence}）` : ''}` }))} />
          </Form.Item>
          <Form.Item name="to" label="对象">
            <Radio.Group options={[{ value: 'org', label: '组织' }, { value: 'member', label: '党员' }]} />
          </Form.Item>
          {to === 'member' ? (
            <>
              <Form.Item name="memberOrgId" label="所在组织">
                <OrgTreeSelect />
              </Form.Item>
              <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择党员' }]}>
                <MemberPicker orgId={memberOrgId} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="orgId" label="组织" rules={[{ required: true, message: '请选择组织' }]}>
              <OrgTreeSelect />
            </Form.Item>
          )}
          <Form.Item name="reason" label="事由" rules={[{ required: true, message: '请填写亮牌事由' }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Form.Item name="issuedOn" label="亮牌日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="inspectionId" label="关联督查（可选）">
            <Select allowClear options={inspections.data?.items.map((i) => ({ value: i.id, label: i.title }))} />
          </Form.Item>
          <Form.Item name="findingIds" label="关联问题（可选）" extra={findingOrgId ? '该组织及其下级在亮牌年度的督查发现问题' : to === 'member' ? '先选择党员所在组织' : '先选择组织'}>
            <Select
              mode="multiple"
              allowClear
              disabled={!findingOrgId}
              loading={findings.isFetching}
              optionFilterProp="label"
              placeholder="选择督查发现的问题"
              options={findings.data?.items.map((f) => ({ value: f.id, label: `${f.title}（${f.orgName} · ${rectificationStates.label(f.state)}）` }))}
              data-testid="card-finding-select"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
