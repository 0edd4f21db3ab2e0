import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { LadderStep, LightThresholds } from '@xianfeng/shared';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { fromDay, today, toDay } from '../../../lib/dates.ts';
import { useSaveSupervisionSettings, type SupervisionSettings } from '../supervision-settings.api.ts';

export const unitLabel = { workday: '工作日', day: '自然日' } as const;

/** 「截止前3个工作日」 / 「截止当日」 / 「截止后5个自然日」. */
export function offsetText(s: Pick<LadderStep, 'offset' | 'unit'>) {
  if (s.offset === 0) return s.unit === 'workday' ? '截止当日（遇节假日顺延）' : '截止当日';
  return `截止${s.offset < 0 ? '前' : '后'}${Math.abs(s.offset)}个${unitLabel[s.unit]}`;
}

const THRESHOLD_FIELDS: { key: keyof LightThresholds; label: string; suffix: string; max: number }[] = [
  { key: 'yellowGap', label: '黄灯：滞后序时进度达到', suffix: '个百分点', max: 100 },
  { key: 'redGap', label: '红灯：滞后序时进度达到', suffix: '个百分点', max: 100 },
  { key: 'idleRedDays', label: '红灯：启动后未推进满', suffix: '天', max: 365 },
  { key: 'blueDays', label: '蓝灯：距截止日期不超过', suffix: '天', max: 365 },
];

type Draft = { thresholds: LightThresholds; ladder: LadderStep[]; effectiveFrom: string };

/** The version in force today, and the form that saves a new one (the committee only). */
export function SettingsEditor({ settings }: { settings: SupervisionSettings }) {
  const { message } = App.useApp();
  const save = useSaveSupervisionSettings();
  const initial = (): Draft => ({ thresholds: { ...settings.current.thresholds }, ladder: settings.current.ladder.map((s) => ({ ...s })), effectiveFrom: today() });
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<string[] | null>(null);
  const editable = settings.canConfigure;
  const cur = settings.current;

  const setStep = (i: number, patch: Partial<LadderStep>) => setDraft((d) => ({ ...d, ladder: d.ladder.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const addStep = () =>
    setDraft((d) => ({ ...d, ladder: [...d.ladder, { key: `step_${'abcdefgh'[d.ladder.length] ?? 'x'}`, label: '', offset: (d.ladder.at(-1)?.offset ?? 0) + 1, unit: 'workday' }] }));

  const submit = () =>
    save.mutateAsync(draft).then(
      (r) => {
        setErrors(null);
        message.success(r.current.effectiveFrom === draft.effectiveFrom ? '已保存，今日起生效' : `已保存，自${draft.effectiveFrom}起生效`);
      },
      (e: unknown) => {
        const details = e instanceof ApiError ? e.fieldErrors.map((f) => f.message) : [];
        setErrors([errorMessage(e), ...details.filter((d) => d !== errorMessage(e))]);
      },
    );

  return (
    <Card
      size="small"
      title={
        <Space>
          亮灯阈值与督办阶梯
          {cur.version ? <Tag color="green">第{cur.version}版，自{cur.effectiveFrom}起生效</Tag> : <Tag>系统默认</Tag>}
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered items={THRESHOLD_FIELDS.map((f) => ({
        key: f.key,
        label: f.label,
        children: editable ? (
          <InputNumber min={0} max={f.max} precision={0} value={draft.thresholds[f.key]} suffix={f.suffix} aria-label={f.label}
            onChange={(v) => setDraft((d) => ({ ...d, thresholds: { ...d.thresholds, [f.key]: v ?? 0 } }))} style={{ width: 160 }} />
        ) : `${cur.thresholds[f.key]} ${f.suffix}`,
      }))} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>督办阶梯</Typography.Title>
      <Table<LadderStep & { i: number }>
        size="small"
        pagination={false}
        rowKey="i"
        dataSource={(editable ? draft.ladder : cur.ladder).map((s, i) => ({ ...s, i }))}
        columns={[
          { title: '步骤', dataIndex: 'label', render: (v: string, s) => (editable ? <Input value={v} maxLength={20} placeholder="如：提醒" onChange={(e) => setStep(s.i, { label: e.target.value })} aria-label={`步骤${s.i + 1}名称`} /> : v) },
          { title: '编号', dataIndex: 'key', render: (v: string, s) => (editable ? <Input value={v} maxLength={40} onChange={(e) => setStep(s.i, { key: e.target.value })} aria-label={`步骤${s.i + 1}编号`} /> : <Typography.Text code>{v}</Typography.Text>) },
          {
            title: '相对截止日期',
            render: (_, s) =>
              editable ? (
                <Space>
                  <InputNumber min={-365} max={365} precision={0} value={s.offset} onChange={(v) => setStep(s.i, { offset: v ?? 0 })} aria-label={`步骤${s.i + 1}天数`} />
                  <Select value={s.unit} onChange={(u) => setStep(s.i, { unit: u })} style={{ width: 96 }} options={Object.entries(unitLabel).map(([value, label]) => ({ value, label }))} />
                  <Typography.Text type="secondary">{offsetText(s)}</Typography.Text>
                </Space>
              ) : offsetText(s),
          },
          ...(editable ? [{ title: '', width: 48, render: (_: unknown, s: { i: number }) => <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除步骤" disabled={draft.ladder.length <= 1} onClick={() => setDraft((d) => ({ ...d, ladder: d.ladder.filter((_, j) => j !== s.i) }))} /> }] : []),
        ]}
      />
      {editable && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Button icon={<PlusOutlined />} onClick={addStep} disabled={draft.ladder.length >= 8}>增加步骤</Button>
          {errors && <Alert type="error" showIcon title={errors[0]} description={errors.length > 1 ? errors.slice(1).join('；') : undefined} />}
          <Space wrap>
            <span>生效日期</span>
            <DatePicker value={toDay(draft.effectiveFrom) ?? null} allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') < today()} onChange={(d) => setDraft((x) => ({ ...x, effectiveFrom: fromDay(d) ?? today() }))} aria-label="生效日期" />
            <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={submit}>保存为新版本</Button>
            <Button icon={<UndoOutlined />} onClick={() => { setDraft(initial()); setErrors(null); }}>还原</Button>
            <Button onClick={() => setDraft((d) => ({ ...d, thresholds: { ...settings.defaults.thresholds }, ladder: settings.defaults.ladder.map((s) => ({ ...s })) }))}>填入系统默认</Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
