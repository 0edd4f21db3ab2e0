import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { measureStatuses, milestoneStatuses } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { useLeaveGuard } from '../../../lib/useLeaveGuard.ts';
import { MemberPicker } from '../../members/components/MemberPicker.tsx';
import { useOrgList } from '../../orgs/orgs.api.ts';
import { useSavePlan, type ListItem } from '../lists.api.ts';

type MilestoneRow = { id?: number; title: string; dueOn?: Dayjs; weight?: number; locked?: boolean; status?: string };
type MeasureRow = { id?: number; content: string; ownerName: string; deadline?: Dayjs; locked?: boolean };
type Values = {
  who: 'member' | 'name';
  responsibleMemberId?: number;
  responsibleName?: string;
  leaderName?: string;
  assistOrgIds: number[];
  milestones: MilestoneRow[];
  steps: { text: string }[];
  measures: MeasureRow[];
};

const valuesOf = (item: ListItem): Values => ({
  who: item.responsibleMemberId || !item.responsibleName ? 'member' : 'name',
  responsibleMemberId: item.responsibleMemberId ?? undefined,
  responsibleName: item.responsibleMemberId ? '' : item.responsibleName,
  leaderName: item.leaderName,
  assistOrgIds: item.assistOrgs.map((o) => o.id),
  milestones: item.milestones.map((m) => ({ id: m.id, title: m.title, dueOn: toDay(m.dueOn), weight: m.weight, locked: m.status !== 'open', status: m.status })),
  steps: item.steps.map((text) => ({ text })),
  measures: item.measures.map((m) => ({ id: m.id, content: m.content, ownerName: m.ownerName, deadline: toDay(m.deadline), locked: m.status !== 'open' })),
});

/** 整改措施 belong to problems: a finding of an inspection, or an item of a 问题清单 / 措施清单. */
export const hasMeasures = (item: ListItem) => item.source === 'inspection' || item.listKind === 'problem' || item.listKind === 'measure' || item.measures.length > 0;

/**
 * 修改计划: 时间表 (milestones with weights summing to 100), 路线图 (steps), 责任人, 分管领导 and
 * 协办单位 — what the organisation keeps without approval. Claimed or accepted milestones are part
 * of the record and stay as they are.
 */
export function PlanModal({ item, open, onClose }: { item: ListItem; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const save = useSavePlan(item.id);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const orgs = useOrgList();
  // The form takes the item's values when the dialog opens, not again while it is open: a background
  // refetch of the item (another tab's change, a refocus) must not wipe the plan being edited.
  const opened = useRef(false);
  useEffect(() => {
    if (open && !opened.current) {
      setError(null);
      setDirty(false);
      form.setFieldsValue(valuesOf(item));
    }
    opened.current = open;
  }, [open, item, form]);
  useLeaveGuard(open && dirty, { title: '计划尚未保存', content: '离开本页将丢失对时间表和路线图的修改。', okText: '放弃修改并离开' });

  const who = Form.useWatch('who', form);
  // preserve: the rows' id, status and locked are kept in the store without fields of their own.
  const milestones: MilestoneRow[] = Form.useWatch('milestones', { form, preserve: true }) ?? [];
  const measures: MeasureRow[] = Form.useWatch('measures', { form, preserve: true }) ?? [];
  const withMeasures = hasMeasures(item);
  const weightSum = milestones.reduce((s, m) => s + (Number(m?.weight) || 0), 0);
  const assistOptions = useMemo(() => {
    const seen = new Map<number, string>();
    for (const o of orgs.data ?? []) if (o.id !== item.orgId) seen.set(o.id, o.name);
    for (const o of item.assistOrgs) seen.set(o.id, o.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [orgs.data, item.orgId, item.assistOrgs]);

  const finish = (v: Values) => {
    setError(null);
    const byMember = v.who === 'member';
    const rows: MilestoneRow[] = form.getFieldValue('milestones') ?? [];
    // Without the editor the item's measures go back as they are (the plan replaces them all).
    const measureRows: MeasureRow[] = withMeasures ? (form.getFieldValue('measures') ?? []) : valuesOf(item).measures;
    save.mutate(
      {
        responsibleMemberId: byMember ? (v.responsibleMemberId ?? null) : null,
        responsibleName: byMember ? '' : (v.responsibleName ?? '').trim(),
        leaderName: (v.leaderName ?? '').trim(),
        assistOrgIds: v.assistOrgIds ?? [],
        milestones: rows.map((m) => ({ ...(m.id ? { id: m.id } : {}), title: m.title.trim(), dueOn: fromDay(m.dueOn)!, weight: Number(m.weight) })),
        steps: (v.steps ?? []).map((s) => s.text.trim()).filter(Boolean),
        measures: measureRows.map((m) => ({ ...(m.id ? { id: m.id } : {}), content: m.content.trim(), ownerName: m.ownerName.trim(), deadline: fromDay(m.deadline)! })),
      },
      {
        onSuccess: () => {
          message.success('计划已保存');
          setDirty(false);
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal
      title={`修改计划：${item.title}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存计划"
      okButtonProps={{ 'data-testid': 'plan-save' }}
      confirmLoading={save.isPending}
      width={760}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="plan-error" />}
      <Form<Values> form={form} layout="vertical" onFinish={finish} onValuesChange={() => setDirty(true)} data-testid="plan-form">
        <Form.Item label="责任人" required style={{ marginBottom: 8 }}>
          <Form.Item name="who" noStyle>
            <Radio.Group
              options={[
                { value: 'member', label: '本组织党员' },
                { value: 'name', label: '填写姓名' },
              ]}
            />
          </Form.Item>
        </Form.Item>
        {who === 'name' ? (
          <Form.Item name="responsibleName" rules={[{ required: true, whitespace: true, message: '请指定责任人' }, { max: 50, message: '不超过50字' }]} extra="未在系统中的人员，如分管领导指定的具体经办人">
            <Input maxLength={50} placeholder="责任人姓名" style={{ maxWidth: 320 }} data-testid="plan-responsible-name" />
          </Form.Item>
        ) : (
          <Form.Item name="responsibleMemberId" rules={[{ required: true, message: '请指定责任人' }]}>
            <MemberPicker orgId={item.orgId} placeholder="输入姓名搜索本组织党员" />
          </Form.Item>
        )}
        <Space wrap size={[16, 0]} style={{ width: '100%' }} className="xf-plan-row">
          <Form.Item name="leaderName" label="分管领导" rules={[{ max: 50, message: '不超过50字' }]}>
            <Input maxLength={50} placeholder="如：张书记" style={{ width: 200 }} data-testid="plan-leader" />
          </Form.Item>
          <Form.Item name="assistOrgIds" label="协办单位" rules={[{ type: 'array', max: 20, message: '不超过20个' }]}>
            <Select mode="multiple" allowClear options={assistOptions} optionFilterProp="label" placeholder="可选，配合办理的组织" style={{ width: 380, maxWidth: '100%' }} maxTagCount="responsive" />
          </Form.Item>
        </Space>

        {withMeasures && (
          <>
            <Typography.Title level={5} style={{ marginTop: 4 }}>
              整改措施
              <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginLeft: 12 }}>
                每条措施写明责任人和时限（不晚于整改时限 {item.deadline}）
              </Typography.Text>
            </Typography.Title>
            <Form.List name="measures">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => {
                    const row = measures[i];
                    const locked = !!row?.locked;
                    return (
                      <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }} data-testid="measure-row">
                        <Typography.Text type="secondary" style={{ lineHeight: '32px', width: 22 }}>
                          {i + 1}.
                        </Typography.Text>
                        <Form.Item name={[f.name, 'content']} rules={[{ required: true, whitespace: true, message: '请填写整改措施' }, { max: 1000 }]} style={{ flex: '1 1 240px', marginBottom: 8 }}>
                          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder="整改措施，如：补开支委会并完善记录" disabled={locked} maxLength={1000} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'ownerName']} rules={[{ required: true, whitespace: true, message: '请填写责任人' }, { max: 50 }]} style={{ marginBottom: 8 }}>
                          <Input placeholder="责任人" disabled={locked} maxLength={50} style={{ width: 110 }} />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'deadline']}
                          rules={[
                            { required: true, message: '请选择时限' },
                            { validator: async (_, d?: Dayjs) => { if (!locked && d && fromDay(d)! > item.deadline) throw new Error(`不能晚于整改时限 ${item.deadline}`); } },
                          ]}
                          style={{ marginBottom: 8 }}
                        >
                          <DatePicker placeholder="时限" disabled={locked} style={{ width: 140 }} />
                        </Form.Item>
                        {locked ? (
                          <Tag style={{ lineHeight: '30px' }}>{measureStatuses.label('done')}，不能修改</Tag>
                        ) : (
                          <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除措施" />
                        )}
                      </div>
                    );
                  })}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ content: '', ownerName: '' })} disabled={fields.length >= 30} style={{ marginBottom: 16 }} data-testid="add-measure">
                    添加措施
                  </Button>
                </>
              )}
            </Form.List>
          </>
        )}

        <Typography.Title level={5} style={{ marginTop: 4 }}>
          时间表
          <Typography.Text type={weightSum === 100 || milestones.length === 0 ? 'secondary' : 'danger'} style={{ fontSize: 13, fontWeight: 'normal', marginLeft: 12 }} data-testid="weight-sum">
            权重合计 {weightSum}（应为100）
          </Typography.Text>
        </Typography.Title>
        <Form.List
          name="milestones"
          rules={[
            {
              validator: async (_, rows: MilestoneRow[] | undefined) => {
                if (rows?.length && rows.reduce((s, m) => s + (Number(m?.weight) || 0), 0) !== 100) throw new Error('各节点权重之和应为100');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => {
                const row = milestones[i];
                const locked = !!row?.locked;
                return (
                  <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }} data-testid="milestone-row">
                    <Typography.Text type="secondary" style={{ lineHeight: '32px', width: 22 }}>
                      {i + 1}.
                    </Typography.Text>
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true, whitespace: true, message: '请输入节点名称' }, { max: 200 }]} style={{ flex: '1 1 220px', marginBottom: 8 }}>
                      <Input placeholder="节点名称，如：制定方案" disabled={locked} maxLength={200} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'dueOn']}
                      rules={[
                        { required: true, message: '请选择时间' },
                        { validator: async (_, d?: Dayjs) => { if (d && fromDay(d)! > item.deadline) throw new Error(`不能晚于完成时限 ${item.deadline}`); } },
                      ]}
                      style={{ marginBottom: 8 }}
                    >
                      <DatePicker placeholder="完成时间" disabled={locked} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: '请输入权重' }]} style={{ marginBottom: 8 }}>
                      <InputNumber min={1} max={100} precision={0} placeholder="权重" disabled={locked} style={{ width: 88 }} suffix="%" />
                    </Form.Item>
                    {locked ? (
                      <Tag style={{ lineHeight: '30px' }}>{milestoneStatuses.label(row.status as 'claimed')}，不能修改</Tag>
                    ) : (
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除节点" />
                    )}
                  </div>
                );
              })}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ title: '', weight: Math.max(1, 100 - weightSum) || undefined })}
                disabled={fields.length >= 24}
                style={{ marginBottom: 16 }}
                data-testid="add-milestone"
              >
                添加节点
              </Button>
            </>
          )}
        </Form.List>

        <Typography.Title level={5}>路线图</Typography.Title>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Typography.Text type="secondary" style={{ lineHeight: '32px', width: 22 }}>
                    {i + 1}.
                  </Typography.Text>
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true, whitespace: true, message: '请填写步骤或删除此行' }, { max: 500 }]} style={{ flex: 1, marginBottom: 8 }}>
                    <Input placeholder="如：支委会研究制定方案" maxLength={500} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除步骤" />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '' })} disabled={fields.length >= 30} data-testid="add-step">
                添加步骤
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
