import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, InputNumber, Modal, Popconfirm, Row, Select, Space, Spin, Statistic, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { CalculatorOutlined, CheckCircleOutlined, DownloadOutlined, EditOutlined, FileTextOutlined, PlayCircleOutlined, PrinterOutlined, SendOutlined, TrophyOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { DEFAULT_APPEAL_DAYS, DEFAULT_EXPLAIN_BOTTOM, localDate } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { formatDateTime, fromDay } from '../../../lib/dates.ts';
import { downloadRanking, useOpenRound, useRanking, useRound, useRoundStep, type Ranking, type RankingRow, type Round, type RoundView } from '../rounds.api.ts';
import { fmt, GradeTag, RoundStatusTag, SheetStatusTag } from '../round-labels.tsx';

export const thisYear = () => Number(localDate(new Date()).slice(0, 4));

/** The year of the route (`/assessments/:year/…`), or this year (the menu's `/assessments/round`). */
export function useRouteYear() {
  const { year } = useParams();
  const y = Number(year);
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : thisYear();
}

/**
 * 年度考核: the round of the year — its state and progress, the committee's steps (启动考核, 重新计算,
 * 公布结果, 定档) and the ranking by series (the committee's preview while scoring; every unit reads it
 * once published).
 */
export default function RoundPage() {
  const year = useRouteYear();
  const navigate = useNavigate();
  const q = useRound(year);
  const v = q.data;
  const round = v?.round ?? null;
  // The committee (assessment.configure): the preview of the ranking and every unit's sheet; its steps follow `abilities`.
  const committee = useCan()('assessment.configure');
  const rankingVisible = !!round && (committee || round.status !== 'scoring');
  const ranking = useRanking(year, rankingVisible);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <span>年度</span>
          <Select value={year} style={{ width: 110 }} aria-label="年度" onChange={(y) => navigate(`/assessments/${y}/round`)}
            options={Array.from({ length: 6 }, (_, i) => thisYear() - i).map((y) => ({ value: y, label: `${y}年` }))} />
          <Link to="/assessments">考核方案</Link>
          {v?.scorer && <Button icon={<EditOutlined />} onClick={() => navigate(`/assessments/${year}/scoring`)}>部门评分</Button>}
          {round && (committee || round.status !== 'scoring') && <Button icon={<FileTextOutlined />} onClick={() => navigate(`/assessments/${year}/appeals`)}>考核申诉</Button>}
          {v?.myUnits.map((u) => (
            <Button key={u.orgId} type="primary" ghost icon={<TrophyOutlined />} onClick={() => navigate(`/assessments/${year}/units/${u.orgId}`)}>
              我单位得分表{v.myUnits.length > 1 ? `（${u.orgName}）` : ''}
            </Button>
          ))}
        </Space>
      </Card>
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {q.isLoading && <Spin style={{ display: 'block', margin: 48 }} />}
      {v && !round && <NotOpened view={v} />}
      {v && round && <RoundCard round={round} />}
      {round && !rankingVisible && <Card size="small"><Empty description="考核结果公布后可查看排名" /></Card>}
      {ranking.error && <Alert type="error" showIcon title={errorMessage(ranking.error)} />}
      {v && round && ranking.data && <RankingCard round={round} ranking={ranking.data} mayOpen={(id) => committee || v.scorer || v.myUnits.some((u) => u.orgId === id)} />}
    </Space>
  );
}

function NotOpened({ view }: { view: RoundView }) {
  const [open, setOpen] = useState(false);
  return (
    <Card size="small">
      <Empty description={`${view.year}年度考核尚未启动`}>
        {view.canOpen && <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setOpen(true)}>启动考核</Button>}
      </Empty>
      {open && <OpenRoundModal year={view.year} onClose={() => setOpen(false)} />}
    </Card>
  );
}

function OpenRoundModal({ year, onClose }: { year: number; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ asOf?: Dayjs; appealDays: number; explainBottom: number }>();
  const [error, setError] = useState<string | null>(null);
  const openRound = useOpenRound();
  const submit = async () => {
    const f = await form.validateFields();
    openRound.mutateAsync({ year, asOf: fromDay(f.asOf), appealDays: f.appealDays, explainBottom: f.explainBottom }).then(
      () => { message.success(`${year}年度考核已启动`); onClose(); },
      (e) => setError(errorMessage(e)),
    );
  };
  return (
    <Modal open title={`启动${year}年度考核`} okText="启动" cancelText="取消" onOk={submit} onCancel={onClose} confirmLoading={openRound.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">按本年度已发布的考核方案为每个单位建立考核表；系统指标按计算截止日统计平台记录，评分期间可重新计算。</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ appealDays: DEFAULT_APPEAL_DAYS, explainBottom: DEFAULT_EXPLAIN_BOTTOM }}>
        <Form.Item name="asOf" label="计算截止日" extra="不填：今天（往年为12月31日）">
          <DatePicker style={{ width: '100%' }} aria-label="计算截止日" />
        </Form.Item>
        <Form.Item name="appealDays" label="申诉期（工作日）" rules={[{ required: true, message: '请填写申诉期' }]}>
          <InputNumber min={1} max={30} style={{ width: '100%' }} aria-label="申诉期" />
        </Form.Item>
        <Form.Item name="explainBottom" label="每个系列排名靠后须作说明的单位数" rules={[{ required: true, message: '请填写单位数' }]}>
          <InputNumber min={0} max={10} style={{ width: '100%' }} aria-label="须作说明单位数" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

function RoundCard({ round: r }: { round: Round }) {
  const { message } = App.useApp();
  const step = useRoundStep();
  const [error, setError] = useState<string | null>(null);
  const run = (s: 'recompute' | 'publish' | 'close', done: string) =>
    step.mutateAsync({ year: r.year, step: s }).then(() => { setError(null); message.success(done); }, (e) => setError(errorMessage(e)));
  return (
    <Card
      size="small"
      title={<Space>{`${r.year}年度党建考核`}<RoundStatusTag status={r.status} /></Space>}
      extra={
        <Space wrap>
          {r.abilities.recompute && (
            <Popconfirm title="重新计算系统指标？" description="按计算截止日重新统计各单位的平台记录；部门评分、自评不受影响。" okText="重新计算" cancelText="取消" onConfirm={() => run('recompute', '已重新计算')}>
              <Button icon={<CalculatorOutlined />} loading={step.isPending}>重新计算</Button>
            </Popconfirm>
          )}
          {r.abilities.publish && (
            <Popconfirm title="公布考核结果？" description={`公布后各单位可查看排名，申诉期${r.appealDays}个工作日；不能再评分。`} okText="公布" cancelText="取消" onConfirm={() => run('publish', '考核结果已公布')}>
              <Button type="primary" icon={<SendOutlined />} loading={step.isPending}>公布结果</Button>
            </Popconfirm>
          )}
          {r.abilities.close && (
            <Popconfirm title="定档？" description="固定得分、等次和排名；排名靠后的单位转入问题清单作书面说明。" okText="定档" cancelText="取消" onConfirm={() => run('close', '已定档')}>
              <Button type="primary" icon={<CheckCircleOutlined />} loading={step.isPending}>定档</Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col xs={8} md={4}><Statistic title="参评单位" value={r.units} /></Col>
        <Col xs={8} md={4}><Statistic title="已提交自评" value={r.submitted} suffix={`/ ${r.units}`} /></Col>
        <Col xs={8} md={4}><Statistic title="已审核" value={r.reviewed} suffix={`/ ${r.units}`} /></Col>
        <Col xs={8} md={4}><Statistic title="待部门评分" value={r.pendingScores} valueStyle={r.pendingScores ? { color: '#d46b08' } : undefined} /></Col>
        <Col xs={8} md={4}><Statistic title="待答复申诉" value={r.openAppeals} valueStyle={r.openAppeals ? { color: '#d46b08' } : undefined} /></Col>
      </Row>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
        { key: 'asOf', label: '计算截止日', children: `${r.asOf}（${formatDateTime(r.computedAt)}计算）` },
        { key: 'scheme', label: '考核方案', children: `第${r.schemeVersion}版` },
        { key: 'appeal', label: '申诉期', children: r.appealUntil ? `至${r.appealUntil}` : `公布后${r.appealDays}个工作日` },
        { key: 'explain', label: '须作说明', children: `每个系列排名最后${r.explainBottom}个单位` },
        { key: 'published', label: '公布', children: r.publishedAt ? formatDateTime(r.publishedAt) : '未公布' },
        { key: 'closed', label: '定档', children: r.closedAt ? formatDateTime(r.closedAt) : '未定档' },
      ]} />
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={error} closable onClose={() => setError(null)} />}
    </Card>
  );
}

/** A unit's sheet opens for the committee and the scorers, and for a unit's own admins (the server answers 404 to the rest). */
function RankingCard({ round, ranking, mayOpen }: { round: Round; ranking: Ranking; mayOpen: (orgId: number) => boolean }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const scoring = round.status === 'scoring';
  const columns = [
    { title: '名次', dataIndex: 'rank', width: 56, align: 'center' as const, render: (n: number) => (n ? n : '—') },
    { title: '单位', dataIndex: 'orgName', width: 200, render: (name: string, u: RankingRow) => (mayOpen(u.orgId) ? <Link to={`/assessments/${ranking.year}/units/${u.orgId}`}>{name}</Link> : name) },
    ...(scoring ? [{ title: '自评', dataIndex: 'status', width: 110, render: (s: string) => <SheetStatusTag status={s} /> }] : []),
    { title: '总分', width: 100, align: 'right' as const, render: (_: unknown, u: RankingRow) => <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>{fmt(u.parts.total)}{u.pending ? <Tooltip title={`${u.pending}项部门评分未完成，得分为暂计`}><Tag color="gold" style={{ marginLeft: 4 }}>暂</Tag></Tooltip> : null}</Typography.Text> },
    { title: '重点督查加权', width: 96, align: 'right' as const, render: (_: unknown, u: RankingRow) => fmt(u.parts.inspection.weighted) },
    { title: '述职评议加权', width: 96, align: 'right' as const, render: (_: unknown, u: RankingRow) => fmt(u.parts.review.weighted) },
    { title: '创先争优加分', width: 96, align: 'right' as const, render: (_: unknown, u: RankingRow) => fmt(u.parts.bonus) },
    { title: '处分扣分', width: 76, align: 'right' as const, render: (_: unknown, u: RankingRow) => (u.parts.deduction ? `−${fmt(u.parts.deduction)}` : '0') },
    { title: '等次', width: 80, render: (_: unknown, u: RankingRow) => <GradeTag grade={u.grade} bands={ranking.bands} /> },
    { title: '等次说明', width: 140, render: (_: unknown, u: RankingRow) => (u.gradeReasons.length ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.gradeReasons.join('；')}</Typography.Text> : null) },
    {
      title: '情况说明', width: 100,
      render: (_: unknown, u: RankingRow) =>
        u.explanation ? <Link to={`/lists/items/${u.explanation.itemId}`}>{u.explanation.statusLabel}</Link> : u.mustExplain ? <Tag color="red">须作说明</Tag> : null,
    },
    { title: '申诉', dataIndex: 'openAppeals', width: 70, align: 'center' as const, render: (n: number) => (n ? <Tag color="gold">{n}件待复</Tag> : null) },
  ];
  return (
    <Card
      size="small"
      title={<Space>{'考核排名'}{!ranking.published && <Tag color="blue">预览（公布前仅工委可见）</Tag>}<Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>计算截止{ranking.asOf}</Typography.Text></Space>}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => { setExporting(true); downloadRanking(ranking.year).catch((e) => message.error(errorMessage(e))).finally(() => setExporting(false)); }}>导出Excel</Button>
          <Button icon={<PrinterOutlined />} onClick={() => navigate(`/assessments/${ranking.year}/ranking/print`)}>打印</Button>
        </Space>
      }
    >
      {ranking.series.length === 0 ? (
        <Empty description="没有参评单位" />
      ) : (
        <Tabs
          items={ranking.series.map((s) => ({
            key: s.key,
            label: `${s.label}（${s.units.length}）`,
            children: <Table<RankingRow> rowKey="orgId" size="small" pagination={false} scroll={{ x: scoring ? 1250 : 1140 }} columns={columns} dataSource={s.units} data-testid={`ranking-${s.key}`} />,
          }))}
        />
      )}
    </Card>
  );
}
