import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { unitTypes, type UnitType } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime, fromDay } from '../../../lib/dates.ts';
import { useAddDeduction, useDeleteDeduction, usePutScore, useScoring, type Scoring } from '../rounds.api.ts';
import { fmt, RoundStatusTag } from '../round-labels.tsx';
import { useRouteYear } from './RoundPage.tsx';
import { useCurrentSession } from '../../auth/session.ts';

type Indicator = Scoring['indicators'][number];
type Unit = Scoring['units'][number];

/**
 * 部门评分: the indicators the caller scores (the committee sees all). A manual indicator: every
 * unit with its self-assessment and a row to score it (评语, 评分依据 where the scheme requires them).
 * A deduction indicator: the events recorded for each unit, added from the indicator's table.
 */
export default function ScoringPage() {
  // From the menu (no year in the path): the year of the round the caller is named to score in.
  const routeYear = useRouteYear();
  const session = useCurrentSession();
  const year = useParams().year ? routeYear : (session.scoringYear ?? routeYear);
  const q = useScoring(year);
  const d = q.data;
  const [key, setKey] = useState<string | null>(null);
  const indicator = d?.indicators.find((i) => i.key === key) ?? d?.indicators.find((i) => i.mine) ?? d?.indicators[0];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Link to={`/assessments/${year}/round`}>← {year}年度考核</Link>
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {q.isLoading && <Spin style={{ display: 'block', margin: 48 }} />}
      {d && (
        <Card size="small">
          <Space wrap>
            <span>{`${d.year}年度部门评分`}</span>
            <RoundStatusTag status={d.status} />
            <span>指标</span>
            <Select style={{ width: 380 }} aria-label="指标" value={indicator?.key} onChange={setKey}
              options={d.indicators.map((i) => ({ value: i.key, label: `${i.categoryName} · ${i.name}（${i.department}，${i.method === 'manual' ? '评分' : '扣分事项'}）` }))} />
          </Space>
          {!d.canScore && d.status !== 'scoring' && <Alert style={{ marginTop: 8 }} type="info" showIcon title="考核结果已公布，不能再评分或登记扣分事项" />}
          {d.status === 'scoring' && indicator && !indicator.mine && <Alert style={{ marginTop: 8 }} type="info" showIcon title={`该指标由${indicator.department}评分，您只能查看`} />}
        </Card>
      )}
      {d && d.indicators.length === 0 && <Card size="small"><Empty description="您没有负责评分的指标" /></Card>}
      {d && indicator?.method === 'manual' && <ManualTable key={indicator.key} data={d} indicator={indicator} />}
      {d && indicator?.method === 'deduction' && <DeductionTable key={indicator.key} data={d} indicator={indicator} />}
    </Space>
  );
}

type Draft = { score: number | null; comment: string; evidence: string };

function ManualTable({ data: d, indicator: ind }: { data: Scoring; indicator: Indicator }) {
  const editable = d.canScore && ind.mine;
  const { message } = App.useApp();
  const put = usePutScore();
  const scoreOf = (orgId: number) => d.scores.find((s) => s.orgId === orgId && s.indicatorKey === ind.key);
  const selfOf = (orgId: number) => d.selfScores.find((s) => s.orgId === orgId && s.indicatorKey === ind.key);
  const initial = () => Object.fromEntries(d.units.map((u) => { const s = scoreOf(u.orgId); return [u.orgId, { score: s?.score ?? null, comment: s?.comment ?? '', evidence: s?.evidence ?? '' }]; })) as Record<number, Draft>;
  const [drafts, setDrafts] = useState<Record<number, Draft>>(initial);
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [saving, setSaving] = useState<number | null>(null);
  useEffect(() => setDrafts((cur) => ({ ...initial(), ...Object.fromEntries(Object.entries(cur).filter(([k]) => changed(Number(k), cur))) })), [d]);
  const changed = (orgId: number, cur = drafts) => { const s = scoreOf(orgId); const x = cur[orgId]; return !!x && (x.score !== (s?.score ?? null) || x.comment !== (s?.comment ?? '') || x.evidence !== (s?.evidence ?? '')); };
  const edit = (orgId: number, patch: Partial<Draft>) => setDrafts((c) => ({ ...c, [orgId]: { ...c[orgId]!, ...patch } }));
  const save = (u: Unit) => {
    const x = drafts[u.orgId]!;
    if (x.score === null) return setErrors((e) => ({ ...e, [u.orgId]: '请填写分数' }));
    setSaving(u.orgId);
    put.mutateAsync({ year: d.year, input: { orgId: u.orgId, indicatorKey: ind.key, score: x.score, comment: x.comment, evidence: x.evidence } })
      .then(() => { setErrors((e) => ({ ...e, [u.orgId]: '' })); message.success(`${u.orgName}：已保存`); }, (e) => setErrors((es) => ({ ...es, [u.orgId]: errorMessage(e) })))
      .finally(() => setSaving(null));
  };
  const req = (on: boolean) => (on ? <span style={{ color: '#ff4d4f' }}>*</span> : null);
  return (
    <Card size="small" title={<Space wrap>{ind.name}<Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>满分{ind.maxScore} · {ind.department}{ind.evidenceRequired ? ' · 须写明评分依据' : ''}{ind.commentRequired ? ' · 须写评语' : ''}</Typography.Text></Space>}>
      <Table<Unit>
        rowKey="orgId" size="small" pagination={false} scroll={{ x: 1000 }} dataSource={d.units}
        columns={[
          { title: '单位', dataIndex: 'orgName', width: 180, render: (n: string, u) => <Space orientation="vertical" size={0}><Link to={`/assessments/${d.year}/units/${u.orgId}`}>{n}</Link><Typography.Text type="secondary" style={{ fontSize: 12 }}>{unitTypes.label(u.series as UnitType)}</Typography.Text></Space> },
          { title: '单位自评', width: 180, render: (_, u) => { const s = selfOf(u.orgId); return s ? <span>{fmt(s.score)}{s.note && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.note}</Typography.Text></div>}</span> : <Typography.Text type="secondary">未自评</Typography.Text>; } },
          { title: <span>{req(true)}得分</span>, width: 110, render: (_, u) => <InputNumber size="small" min={0} max={ind.maxScore} step={0.5} disabled={!editable} value={drafts[u.orgId]?.score ?? null} aria-label={`${u.orgName}得分`} onChange={(v) => edit(u.orgId, { score: v })} style={{ width: 90 }} /> },
          { title: <span>{req(ind.commentRequired)}评语</span>, render: (_, u) => <Input.TextArea size="small" autoSize={{ minRows: 1, maxRows: 3 }} maxLength={1000} disabled={!editable} value={drafts[u.orgId]?.comment} aria-label={`${u.orgName}评语`} onChange={(e) => edit(u.orgId, { comment: e.target.value })} /> },
          { title: <span>{req(ind.evidenceRequired)}评分依据</span>, render: (_, u) => <Input.TextArea size="small" autoSize={{ minRows: 1, maxRows: 3 }} maxLength={1000} disabled={!editable} value={drafts[u.orgId]?.evidence} aria-label={`${u.orgName}评分依据`} onChange={(e) => edit(u.orgId, { evidence: e.target.value })} /> },
          {
            title: '', width: 170,
            render: (_, u) => {
              const s = scoreOf(u.orgId);
              return (
                <Space orientation="vertical" size={2}>
                  {editable && <Button size="small" type={changed(u.orgId) ? 'primary' : 'default'} icon={<SaveOutlined />} disabled={!changed(u.orgId)} loading={saving === u.orgId} onClick={() => save(u)} aria-label={`保存${u.orgName}`}>保存</Button>}
                  {s ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.scoredBy ?? '—'} · {formatDateTime(s.scoredAt)}</Typography.Text> : <Tag color="gold">待评分</Tag>}
                  {errors[u.orgId] && <Typography.Text type="danger" style={{ fontSize: 12 }}>{errors[u.orgId]}</Typography.Text>}
                </Space>
              );
            },
          },
        ]}
      />
    </Card>
  );
}

function DeductionTable({ data: d, indicator: ind }: { data: Scoring; indicator: Indicator }) {
  const editable = d.canScore && ind.mine;
  const { message } = App.useApp();
  const del = useDeleteDeduction();
  const [adding, setAdding] = useState<number | null>(null);
  const eventsOf = (orgId: number) => d.events.filter((e) => e.orgId === orgId && e.indicatorKey === ind.key);
  const pointsOf = useMemo(() => new Map(ind.rows.map((r) => [r.event, r.points])), [ind]);
  const deducted = (orgId: number) => { const sum = eventsOf(orgId).reduce((s, e) => s + (pointsOf.get(e.event) ?? 0) * e.count, 0); return ind.cap !== null ? Math.min(sum, ind.cap) : Math.min(sum, ind.maxScore); };
  return (
    <Card size="small" title={<Space wrap>{ind.name}<Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>满分{ind.maxScore}{ind.cap !== null ? `，最多扣${ind.cap}分` : ''} · {ind.department}</Typography.Text></Space>}>
      <Typography.Paragraph type="secondary">扣分表：{ind.rows.map((r) => `${r.label}每次扣${r.points}分`).join('；')}</Typography.Paragraph>
      <Table<Unit>
        rowKey="orgId" size="small" pagination={false} dataSource={d.units}
        columns={[
          { title: '单位', dataIndex: 'orgName', width: 200, render: (n: string, u) => <Link to={`/assessments/${d.year}/units/${u.orgId}`}>{n}</Link> },
          {
            title: '扣分事项',
            render: (_, u) => {
              const list = eventsOf(u.orgId);
              return list.length === 0 ? <Typography.Text type="secondary">无</Typography.Text> : (
                <Space orientation="vertical" size={2}>
                  {list.map((e) => (
                    <Space key={e.id} size={6} wrap>
                      <span>{e.occurredOn} {e.label}{e.count > 1 ? `×${e.count}` : ''}：{e.note}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{e.recordedBy ?? ''}</Typography.Text>
                      {editable && (
                        <Popconfirm title="删除该扣分事项？" okText="删除" cancelText="取消" onConfirm={() => del.mutateAsync(e.id).then(() => message.success('已删除'), (x) => message.error(errorMessage(x)))}>
                          <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label="删除扣分事项" />
                        </Popconfirm>
                      )}
                    </Space>
                  ))}
                </Space>
              );
            },
          },
          { title: '扣分', width: 80, align: 'right', render: (_, u) => (deducted(u.orgId) ? `−${fmt(deducted(u.orgId))}` : '0') },
          { title: '', width: 100, render: (_, u) => editable && <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(u.orgId)}>登记</Button> },
        ]}
        expandable={{
          expandedRowRender: (u) => <DeductionForm data={d} indicator={ind} unit={u} onDone={() => setAdding(null)} />,
          expandedRowKeys: adding !== null ? [adding] : [],
          showExpandColumn: false,
        }}
      />
    </Card>
  );
}

function DeductionForm({ data: d, indicator: ind, unit: u, onDone }: { data: Scoring; indicator: Indicator; unit: Unit; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ event: string; occurredOn: Dayjs; count: number; note: string }>();
  const [error, setError] = useState<string | null>(null);
  const add = useAddDeduction();
  const submit = async () => {
    const f = await form.validateFields();
    add.mutateAsync({ year: d.year, input: { orgId: u.orgId, indicatorKey: ind.key, event: f.event, occurredOn: fromDay(f.occurredOn)!, count: f.count, note: f.note } })
      .then(() => { message.success(`${u.orgName}：已登记`); onDone(); }, (e) => setError(errorMessage(e)));
  };
  return (
    <Form form={form} layout="inline" initialValues={{ count: 1, event: ind.rows[0]?.event }} style={{ rowGap: 8 }}>
      <Form.Item name="event" rules={[{ required: true, message: '请选择扣分事项' }]}>
        <Select style={{ width: 260 }} aria-label="扣分事项" options={ind.rows.map((r) => ({ value: r.event, label: `${r.label}（每次${r.points}分）` }))} />
      </Form.Item>
      <Form.Item name="occurredOn" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker placeholder="发生日期" aria-label="发生日期" disabledDate={(day) => day.year() !== d.year} defaultPickerValue={dayjs(`${d.year}-12-01`)} />
      </Form.Item>
      <Form.Item name="count" label="次数" rules={[{ required: true, message: '请填写次数' }]}>
        <InputNumber min={1} max={100} style={{ width: 70 }} aria-label="次数" />
      </Form.Item>
      <Form.Item name="note" rules={[{ required: true, whitespace: true, message: '请填写事项说明' }]}>
        <Input style={{ width: 260 }} maxLength={500} placeholder="事项说明" aria-label="事项说明" />
      </Form.Item>
      <Space>
        <Button type="primary" loading={add.isPending} onClick={submit}>登记</Button>
        <Button onClick={onDone}>取消</Button>
      </Space>
      {error && <Alert style={{ width: '100%', marginTop: 8 }} type="error" showIcon title={error} />}
    </Form>
  );
}
