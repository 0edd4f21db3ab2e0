import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Popconfirm, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { CheckOutlined, ExclamationCircleOutlined, RollbackOutlined, SaveOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { unitTypes, type SchemeContent, type UnitType } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { useSchemeVersion } from '../assessments.api.ts';
import { useFileAppeal, useRound, useSaveSelf, useSetVetoes, useSheetStep, useUnitSheet, type Appeal, type IndicatorRow, type UnitSheet } from '../rounds.api.ts';
import { AppealStatusTag, fmt, GradeTag, RefLink, RoundStatusTag, SheetStatusTag } from '../round-labels.tsx';
import { AppealAnswerModal } from '../components/AppealAnswerModal.tsx';
import { useRouteYear } from './RoundPage.tsx';

type Self = Record<string, { score: number | null; note: string }>;
const selfOf = (s: UnitSheet): Self =>
  Object.fromEntries(s.categories.flatMap((c) => c.indicators).map((i) => [i.key, { score: i.selfScore, note: i.selfNote }]));
const methodLabel: Record<string, string> = { computed: '系统计算', manual: '部门评分', deduction: '扣分事项' };

/**
 * 单位得分表: a unit's score in the year's round — each indicator with the records behind its points
 * and its history; the unit's self-assessment and submission; the committee's review and 一票否决;
 * appeals during the window and their answers.
 */
export default function UnitSheetPage() {
  const year = useRouteYear();
  const orgId = Number(useParams().orgId);
  const q = useUnitSheet(year, orgId);
  const s = q.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Link to={`/assessments/${year}/round`}>← {year}年度考核</Link>
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {q.isLoading && <Spin style={{ display: 'block', margin: 48 }} />}
      {s && <Sheet key={`${s.orgId}-${s.status}-${s.submittedAt}`} sheet={s} />}
    </Space>
  );
}

function Sheet({ sheet: s }: { sheet: UnitSheet }) {
  const { message } = App.useApp();
  const [self, setSelf] = useState<Self>(() => selfOf(s));
  const [note, setNote] = useState(s.selfNote);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [returning, setReturning] = useState(false);
  const [vetoing, setVetoing] = useState(false);
  const [appealing, setAppealing] = useState<IndicatorRow | null>(null);
  const [answering, setAnswering] = useState<Appeal | null>(null);
  const save = useSaveSelf();
  const step = useSheetStep();
  const round = useRound(s.year);
  const canAnswer = !!round.data?.round?.abilities.close;
  const ab = s.abilities;
  useEffect(() => { if (!dirty) { setSelf(selfOf(s)); setNote(s.selfNote); } }, [s, dirty]);

  const fail = (e: unknown) => setError(errorMessage(e));
  const saveSelf = () =>
    save.mutateAsync({
      year: s.year, orgId: s.orgId,
      input: { note, scores: Object.entries(self).filter(([, v]) => v.score !== null && v.score !== undefined).map(([indicatorKey, v]) => ({ indicatorKey, score: v.score!, note: v.note })) },
    });
  const onSave = () => saveSelf().then(() => { setDirty(false); setError(null); message.success('自评已保存'); }, fail);
  const onSubmit = () =>
    (dirty ? saveSelf() : Promise.resolve())
      .then(() => step.mutateAsync({ year: s.year, orgId: s.orgId, step: 'submit' }))
      .then(() => { setDirty(false); setError(null); message.success('自评已提交'); }, fail);
  const onAccept = () => step.mutateAsync({ year: s.year, orgId: s.orgId, step: 'accept' }).then(() => { setError(null); message.success('已审核通过'); }, fail);
  const openAppealKeys = new Set(s.appeals.filter((a) => a.status === 'open').map((a) => a.indicatorKey));

  const columns = [
    { title: '指标', dataIndex: 'name', width: 220, render: (name: string, i: IndicatorRow) => <Space orientation="vertical" size={0}><span>{name}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{methodLabel[i.method] ?? i.method}</Typography.Text></Space> },
    { title: '分值', dataIndex: 'maxScore', width: 64, align: 'right' as const },
    {
      title: '得分', width: 90, align: 'right' as const,
      render: (_: unknown, i: IndicatorRow) =>
        i.score === null ? <Tag color="gold">待评分</Tag> : (
          <Space size={4}>
            <Typography.Text strong>{fmt(i.score)}</Typography.Text>
            {i.originalScore !== null && i.originalScore !== i.score && <Typography.Text delete type="secondary">{fmt(i.originalScore)}</Typography.Text>}
          </Space>
        ),
    },
    {
      title: '自评', width: ab.selfAssess ? 240 : 140,
      render: (_: unknown, i: IndicatorRow) =>
        ab.selfAssess && i.method !== 'computed' ? (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <InputNumber size="small" min={0} max={i.maxScore} step={0.5} value={self[i.key]?.score ?? null} placeholder="自评分" aria-label={`${i.name}自评分`} style={{ width: 100 }}
              onChange={(v) => { setSelf((x) => ({ ...x, [i.key]: { score: v, note: x[i.key]?.note ?? '' } })); setDirty(true); }} />
            <Input.TextArea size="small" autoSize={{ minRows: 1, maxRows: 3 }} maxLength={1000} value={self[i.key]?.note ?? ''} placeholder="自评说明" aria-label={`${i.name}自评说明`}
              onChange={(e) => { setSelf((x) => ({ ...x, [i.key]: { score: x[i.key]?.score ?? null, note: e.target.value } })); setDirty(true); }} />
          </Space>
        ) : i.selfScore !== null ? (
          <span>{fmt(i.selfScore)}{i.selfNote && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.selfNote}</Typography.Text></div>}</span>
        ) : <Typography.Text type="secondary">—</Typography.Text>,
    },
    { title: '评分部门', dataIndex: 'department', width: 100 },
    { title: '得分说明', dataIndex: 'summary', width: 360, render: (t: string, i: IndicatorRow) => <span>{t}{i.events.length + i.moreEvents > 0 && <Typography.Text type="secondary">（{i.events.length + i.moreEvents}条记录）</Typography.Text>}</span> },
    ...(ab.appeal || s.appeals.length
      ? [{
          title: '申诉', width: 90,
          render: (_: unknown, i: IndicatorRow) =>
            openAppealKeys.has(i.key) ? <Tag color="gold">待答复</Tag> : ab.appeal ? <Button size="small" icon={<ExclamationCircleOutlined />} onClick={() => setAppealing(i)}>申诉</Button> : null,
        }]
      : []),
  ];

  return (
    <>
      <Card
        size="small"
        title={<Space wrap>{`${s.orgName} · ${s.year}年度考核得分表`}<SheetStatusTag status={s.status} /><RoundStatusTag status={s.roundStatus} /></Space>}
        extra={
          <Space wrap>
            {ab.selfAssess && <Button icon={<SaveOutlined />} disabled={!dirty} loading={save.isPending} onClick={onSave}>保存自评</Button>}
            {ab.submit && (
              <Popconfirm title="提交自评？" description="提交后不能再修改，由工委审核。" okText="提交" cancelText="取消" onConfirm={onSubmit}>
                <Button type="primary" icon={<SendOutlined />} loading={step.isPending}>提交自评</Button>
              </Popconfirm>
            )}
            {ab.review && (
              <>
                <Popconfirm title="审核通过该单位的自评？" okText="通过" cancelText="取消" onConfirm={onAccept}>
                  <Button type="primary" icon={<CheckOutlined />} loading={step.isPending}>审核通过</Button>
                </Popconfirm>
                <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)}>退回</Button>
              </>
            )}
            {ab.setVetoes && <Button danger icon={<StopOutlined />} onClick={() => setVetoing(true)}>一票否决</Button>}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 4 }} items={[
          { key: 'series', label: '系列', children: unitTypes.label(s.series as UnitType) },
          { key: 'total', label: '总分', children: <Typography.Text strong style={{ fontSize: 16 }}>{fmt(s.parts.total)}{s.pending ? <Tag color="gold" style={{ marginLeft: 6 }}>{s.pending}项待评分，暂计</Tag> : null}</Typography.Text> },
          { key: 'grade', label: '等次', children: <GradeTag grade={s.grade} bands={[]} /> },
          { key: 'rank', label: '名次', children: s.rank ? `${s.rank} / ${s.seriesSize}` : '—' },
          { key: 'inspection', label: '重点督查', children: `${fmt(s.parts.inspection.score)} / ${fmt(s.parts.inspection.max)}，加权${fmt(s.parts.inspection.weighted)}` },
          { key: 'review', label: '述职评议', children: `${fmt(s.parts.review.score)} / ${fmt(s.parts.review.max)}，加权${fmt(s.parts.review.weighted)}` },
          { key: 'bonus', label: '创先争优加分', children: fmt(s.parts.bonus) },
          { key: 'deduction', label: '处分扣分', children: s.parts.deduction ? `−${fmt(s.parts.deduction)}` : '0' },
          { key: 'asOf', label: '计算截止日', children: s.asOf },
          { key: 'submitted', label: '提交自评', children: formatDateTime(s.submittedAt) },
          { key: 'reviewed', label: '工委审核', children: formatDateTime(s.reviewedAt) },
          { key: 'appeal', label: '申诉期', children: s.appealUntil ? `至${s.appealUntil}` : '结果公布后' },
        ]} />
        {s.gradeReasons.length > 0 && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>等次说明：{s.gradeReasons.join('；')}</Typography.Paragraph>}
        {s.returnReason && s.status === 'self_assessing' && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={`自评被退回：${s.returnReason}`} />}
        {s.vetoes.length > 0 && (
          <Alert style={{ marginTop: 8 }} type="error" showIcon title="一票否决"
            description={s.vetoes.map((v) => <div key={v.key}>{v.name}（最高{v.capsAt}）：{v.reason}</div>)} />
        )}
        {s.explanation && (
          <Alert style={{ marginTop: 8 }} type="info" showIcon
            title={<span>排名靠后，须在{s.explanation.deadline}前作书面说明：<Link to={`/lists/items/${s.explanation.itemId}`}>问题清单事项（{s.explanation.statusLabel}）</Link></span>} />
        )}
        {error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      </Card>

      <Card size="small" title="自评总体说明">
        {ab.selfAssess ? (
          <Input.TextArea rows={3} maxLength={4000} value={note} aria-label="自评总体说明" placeholder="本单位全年党建工作的自评说明" onChange={(e) => { setNote(e.target.value); setDirty(true); }} />
        ) : (
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-line' }} type={s.selfNote ? undefined : 'secondary'}>{s.selfNote || '未填写'}</Typography.Paragraph>
        )}
      </Card>

      {s.categories.map((c) => (
        <Card key={c.key} size="small" title={<Space>{c.name}<Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>满分{c.maxScore}，得分{fmt(c.score)}</Typography.Text></Space>}>
          <Table<IndicatorRow>
            rowKey="key" size="small" tableLayout="fixed" pagination={false} scroll={{ x: 1100 }} columns={columns} dataSource={c.indicators}
            expandable={{ expandedRowRender: (i) => <IndicatorDetail indicator={i} />, rowExpandable: () => true }}
          />
        </Card>
      ))}

      <Card size="small" title={`申诉（${s.appeals.length}）`}>
        {s.appeals.length === 0 ? <Typography.Text type="secondary">{s.roundStatus === 'published' ? '对得分有异议的，可在申诉期内对相应指标点“申诉”。' : '没有申诉'}</Typography.Text> : (
          <List
            dataSource={s.appeals}
            renderItem={(a) => (
              <List.Item actions={a.status === 'open' && canAnswer ? [<Button key="answer" type="link" onClick={() => setAnswering(a)}>答复</Button>] : []}>
                <List.Item.Meta
                  title={<Space wrap>{a.indicatorName}<AppealStatusTag status={a.status} />{a.status === 'upheld' && <Typography.Text>得分 {fmt(a.scoreBefore)} → {fmt(a.newScore)}</Typography.Text>}</Space>}
                  description={
                    <>
                      <div>申诉理由：{a.reason}（{a.filedBy ?? '—'}，{formatDateTime(a.filedAt)}）</div>
                      {a.answer && <div>答复：{a.answer}（{a.answeredBy ?? '—'}，{formatDateTime(a.answeredAt)}）</div>}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>

      {returning && <ReturnModal sheet={s} onClose={() => setReturning(false)} />}
      {vetoing && <VetoesModal sheet={s} onClose={() => setVetoing(false)} />}
      {appealing && <AppealModal sheet={s} indicator={appealing} onClose={() => setAppealing(null)} />}
      {answering && <AppealAnswerModal appeal={answering} onClose={() => setAnswering(null)} />}
    </>
  );
}

/** The expanded row: the records behind the score (each linked to its page), the comment and evidence, the history. */
function IndicatorDetail({ indicator: i }: { indicator: IndicatorRow }) {
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid={`detail-${i.key}`}>
      {(i.comment || i.evidence) && (
        <Descriptions size="small" column={1} items={[
          ...(i.comment ? [{ key: 'c', label: '评语', children: i.comment }] : []),
          ...(i.evidence ? [{ key: 'e', label: '评分依据', children: i.evidence }] : []),
          ...(i.scoredBy ? [{ key: 'b', label: '评分人', children: `${i.scoredBy}（${formatDateTime(i.scoredAt)}）` }] : []),
        ]} />
      )}
      {i.events.length > 0 ? (
        <Table
          size="small" pagination={false} rowKey={(_, k) => String(k)} dataSource={i.events}
          columns={[
            { title: '记录', dataIndex: 'label', render: (label: string, e: IndicatorRow['events'][number]) => <RefLink refTo={e.ref}>{label}</RefLink> },
            { title: '日期', dataIndex: 'date', width: 110, render: (d: string | null) => d ?? '—' },
            { title: '分数', dataIndex: 'points', width: 80, align: 'right' as const, render: (p: number | null) => (p === null ? '计入比率' : p > 0 ? `+${fmt(p)}` : fmt(p)) },
          ]}
          footer={i.moreEvents ? () => <Typography.Text type="secondary">另有{i.moreEvents}条记录未列出，见导出的Excel。</Typography.Text> : undefined}
        />
      ) : (
        <Typography.Text type="secondary">没有记录</Typography.Text>
      )}
      {i.changes.length > 0 && (
        <div>
          <Typography.Text strong>得分变化</Typography.Text>
          <Timeline style={{ marginTop: 8 }} items={i.changes.map((c, k) => ({
            key: k,
            content: <span>{c.from === null ? '' : `${fmt(c.from)} → `}{fmt(c.to)}　{c.reason}　<Typography.Text type="secondary">{c.by ?? '系统'} · {formatDateTime(c.at)}</Typography.Text></span>,
          }))} />
        </div>
      )}
    </Space>
  );
}

function ReturnModal({ sheet: s, onClose }: { sheet: UnitSheet; onClose: () => void }) {
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const step = useSheetStep();
  const submit = () =>
    step.mutateAsync({ year: s.year, orgId: s.orgId, step: 'return', reason }).then(() => { message.success('已退回'); onClose(); }, (e) => setError(errorMessage(e)));
  return (
    <Modal open title={`退回${s.orgName}的自评`} okText="退回" cancelText="取消" okButtonProps={{ disabled: !reason.trim() }} onOk={submit} onCancel={onClose} confirmLoading={step.isPending}>
      <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="退回理由（单位可见）" aria-label="退回理由" />
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={error} />}
    </Modal>
  );
}

function VetoesModal({ sheet: s, onClose }: { sheet: UnitSheet; onClose: () => void }) {
  const { message } = App.useApp();
  const round = useRound(s.year);
  const scheme = useSchemeVersion(round.data?.round?.schemeId ?? null);
  const options = useMemo(() => ((scheme.data?.content as SchemeContent | undefined)?.vetoes ?? []), [scheme.data]);
  const [chosen, setChosen] = useState<Record<string, string>>(() => Object.fromEntries(s.vetoes.map((v) => [v.key, v.reason])));
  const [error, setError] = useState<string | null>(null);
  const setVetoes = useSetVetoes();
  const submit = () =>
    setVetoes
      .mutateAsync({ year: s.year, orgId: s.orgId, input: { vetoes: Object.entries(chosen).map(([key, reason]) => ({ key, reason })) } })
      .then(() => { message.success('一票否决事项已保存'); onClose(); }, (e) => setError(errorMessage(e)));
  return (
    <Modal open title={`一票否决：${s.orgName}`} okText="保存" cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={setVetoes.isPending} width={640}>
      <Typography.Paragraph type="secondary">认定的事项使该单位的等次不高于事项规定的等次；不选则撤销认定。每项须写明理由。</Typography.Paragraph>
      {scheme.isLoading && <Spin />}
      {!scheme.isLoading && options.length === 0 && <Empty description="考核方案中没有一票否决事项" />}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {options.map((v) => (
          <Card key={v.key} size="small">
            <Checkbox checked={v.key in chosen} onChange={(e) => setChosen((c) => { const n = { ...c }; if (e.target.checked) n[v.key] = ''; else delete n[v.key]; return n; })}>
              {v.name}（最高{v.capsAt}）
            </Checkbox>
            {v.key in chosen && (
              <Input.TextArea style={{ marginTop: 8 }} rows={2} maxLength={500} value={chosen[v.key]} placeholder="否决理由" aria-label={`${v.name}否决理由`}
                onChange={(e) => setChosen((c) => ({ ...c, [v.key]: e.target.value }))} />
            )}
          </Card>
        ))}
      </Space>
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={error} />}
    </Modal>
  );
}

function AppealModal({ sheet: s, indicator: i, onClose }: { sheet: UnitSheet; indicator: IndicatorRow; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const file = useFileAppeal();
  const submit = async () => {
    const f = await form.validateFields();
    file.mutateAsync({ year: s.year, orgId: s.orgId, input: { indicatorKey: i.key, reason: f.reason } }).then(() => { message.success('申诉已提交'); onClose(); }, (e) => setError(errorMessage(e)));
  };
  return (
    <Modal open title={`申诉：${i.name}`} okText="提交申诉" cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={file.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">当前得分{fmt(i.score)}（满分{i.maxScore}），申诉期至{s.appealUntil}。工委答复后，申诉成立的调整分数并留存变化记录。</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="申诉理由" rules={[{ required: true, whitespace: true, message: '请填写申诉理由' }]}>
          <Input.TextArea rows={4} maxLength={2000} aria-label="申诉理由" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
