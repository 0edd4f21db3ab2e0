import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, App, Badge, Button, Card, Col, Descriptions, Drawer, Empty, Form, Input, InputNumber, Result, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { countingRules, examStatuses, resultStatuses, type ResultStatus } from '@xianfeng/shared';
import { download, errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useExam, useExamResults, useMarkAttempt, useMarking, type ExamResultRow, type MarkingItem } from '../exam-console.api.ts';
import { STATUS_COLOR } from './ExamsPage.tsx';

const RESULT_COLOR: Record<ResultStatus, string> = { absent: 'default', pending: 'orange', passed: 'green', failed: 'red' };
const duration = (s: number | null) => (s === null ? '—' : `${Math.floor(s / 60)}分${String(s % 60).padStart(2, '0')}秒`);

/** 考试成绩: one exam's summary and its candidates (filtered and paged on the server), the export, and 阅卷. */
export default function ExamResultsPage() {
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const query = { page: Number(params.get('page')) || 1, pageSize: 20, q: params.get('q') || undefined, status: params.get('status') || undefined, orgId: Number(params.get('orgId')) || undefined };
  const exam = useExam(id);
  const results = useExamResults(id, query);
  const { message } = App.useApp();
  const [marking, setMarking] = useState(false);
  const set = (next: Record<string, string | number | undefined>) => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries({ q: query.q, status: query.status, orgId: query.orgId, ...next })) if (v !== undefined && v !== '') p[k] = String(v);
    setParams(p);
  };
  const { page: _p, pageSize: _s, ...filters } = query;
  if (exam.error) return <Result status="warning" title={errorMessage(exam.error)} extra={<Link to="/exams">返回考试列表</Link>} />;
  const e = exam.data;
  const s = results.data?.summary;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Card
        loading={!e}
        title={
          e && (
            <Space>
              <Link to="/exams">考试</Link>
              <span>/</span>
              <span>{e.title}</span>
              <Tag color={STATUS_COLOR[e.status]}>{examStatuses.label(e.status)}</Tag>
            </Space>
          )
        }
        extra={
          <Space>
            <Badge count={s?.pendingMarking ?? 0} size="small">
              <Button icon={<EditOutlined />} onClick={() => setMarking(true)}>
                阅卷
              </Button>
            </Badge>
            <Button icon={<DownloadOutlined />} onClick={() => download(`/exams/${id}/results/export`, filters, `${e?.title ?? '考试'}-成绩.xlsx`).catch((err) => message.error(errorMessage(err)))}>
              导出成绩
            </Button>
          </Space>
        }
      >
        {e && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="参考组织">{e.orgName}</Descriptions.Item>
            <Descriptions.Item label="试卷">{`${e.paperTitle}（满分${e.totalScore}分）`}</Descriptions.Item>
            <Descriptions.Item label="及格分">{e.passMark}分</Descriptions.Item>
            <Descriptions.Item label="考试时间">{`${formatDateTime(e.opensAt)} 至 ${formatDateTime(e.closesAt)}`}</Descriptions.Item>
            <Descriptions.Item label="作答">{`${e.timeLimitMinutes}分钟，最多${e.attemptsAllowed}次，${countingRules.label(e.counting)}`}</Descriptions.Item>
            <Descriptions.Item label="切屏上限">{e.focusStrikes ? `${e.focusStrikes}次` : '不限制'}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Row gutter={12}>
        {[
          { title: '应考人数', value: s?.candidates },
          { title: '参考人数', value: s?.tookPart },
          { title: '通过人数', value: s?.passed },
          { title: '通过率', value: s?.passRate ?? '—', suffix: s?.passRate != null ? '%' : undefined },
          { title: '平均分', value: s?.average ?? '—' },
          { title: '待阅卷', value: s?.pendingMarking },
        ].map((c) => (
          <Col key={c.title} xs={12} md={4}>
            <Card size="small" data-testid={`summary-${c.title}`}>
              <Statistic title={c.title} value={c.value ?? 0} suffix={c.suffix} loading={!s} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title="成绩明细">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder="党员姓名" defaultValue={query.q} onSearch={(q) => set({ q })} style={{ width: 180 }} />
          <OrgTreeSelect value={query.orgId} onChange={(orgId) => set({ orgId })} placeholder="全部组织" style={{ width: 260 }} />
          <Select allowClear placeholder="状态" data-testid="result-status" value={query.status} options={resultStatuses.options} onChange={(status) => set({ status })} style={{ width: 120 }} />
        </Space>
        {results.error && <Alert type="error" showIcon title={errorMessage(results.error)} style={{ marginBottom: 12 }} />}
        <Table<ExamResultRow>
          rowKey="memberId"
          loading={results.isFetching}
          dataSource={results.data?.items}
          pagination={{ current: query.page, pageSize: query.pageSize, total: results.data?.total, showTotal: (t) => `共 ${t} 人`, showSizeChanger: false, onChange: (page) => set({ page }) }}
          columns={[
            { title: '姓名', dataIndex: 'memberName', width: 110 },
            { title: '所在组织', dataIndex: 'orgName', ellipsis: true },
            { title: '作答次数', dataIndex: 'attemptsUsed', width: 90 },
            { title: `成绩（${e ? countingRules.label(e.counting) : ''}）`, width: 160, render: (_, r) => (r.score === null ? '—' : `${r.score}分`) },
            { title: '状态', width: 90, render: (_, r) => <Tag color={RESULT_COLOR[r.status]}>{resultStatuses.label(r.status)}</Tag> },
            { title: '用时', width: 100, render: (_, r) => duration(r.secondsUsed) },
            {
              title: '标记',
              width: 170,
              render: (_, r) => (
                <Space size={4}>
                  {r.forced && <Tag color="volcano">强制交卷</Tag>}
                  {r.pendingMarking && <Tag color="orange">待阅卷</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {marking && <MarkingDrawer examId={id} closed={e?.status === 'closed'} onClose={() => setMarking(false)} />}
    </Space>
  );
}

/** 阅卷: the attempts with short answers — the question, the candidate's answer, the reference answer, points and a comment. */
function MarkingDrawer({ examId, closed, onClose }: { examId: number; closed: boolean; onClose: () => void }) {
  const [status, setStatus] = useState<'pending' | 'marked'>('pending');
  const [page, setPage] = useState(1);
  const list = useMarking(examId, { status, page, pageSize: 10 });
  return (
    <Drawer title="阅卷（简答题评分）" open onClose={onClose} size="large" destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(v as 'pending' | 'marked');
            setPage(1);
          }}
          options={[
            { value: 'pending', label: '待阅卷' },
            { value: 'marked', label: '已阅卷' },
          ]}
        />
        {closed && <Alert type="info" showIcon title="考试已结束：未评的简答题仍可评分，已评的分数不能再修改。" />}
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} />}
        {list.data && !list.data.items.length && <Empty description={status === 'pending' ? '没有待阅卷的答卷' : '还没有已阅卷的答卷'} />}
        {list.data?.items.map((item) => <MarkCard key={`${item.attemptId}-${status}`} item={item} locked={closed && status === 'marked'} />)}
        {list.data && list.data.total > 10 && (
          <Space>
            <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>
              上一页
            </Button>
            <Typography.Text>
              第{page}页，共{list.data.total}份
            </Typography.Text>
            <Button disabled={page * 10 >= list.data.total} onClick={() => setPage(page + 1)}>
              下一页
            </Button>
          </Space>
        )}
      </Space>
    </Drawer>
  );
}

type MarkValues = { marks: { position: number; score?: number; comment?: string }[] };

function MarkCard({ item, locked }: { item: MarkingItem; locked: boolean }) {
  const { message } = App.useApp();
  const mark = useMarkAttempt();
  const [form] = Form.useForm<MarkValues>();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null); // the form shows what is wrong
    if (!v) return;
    setError(null);
    const marks = v.marks.filter((m) => m.score !== undefined && m.score !== null).map((m) => ({ position: m.position, score: m.score!, comment: m.comment?.trim() || null }));
    if (!marks.length) return setError('请至少给一道简答题评分');
    try {
      const a = await mark.mutateAsync({ id: item.attemptId, input: { marks } });
      message.success(a.pendingMarking ? '已保存评分，仍有简答题未评' : `已评分：${item.memberName} 得分 ${a.score} 分，${a.passed ? '通过' : '未通过'}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card
      size="small"
      data-testid={`mark-${item.attemptId}`}
      title={`${item.memberName}（${item.orgName}）第${item.attemptNo}次作答`}
      extra={<Typography.Text type="secondary">客观题 {item.objectiveScore} 分{item.score !== null ? `，总分 ${item.score} 分` : ''}</Typography.Text>}
    >
      <Form form={form} layout="vertical" initialValues={{ marks: item.answers.map((a) => ({ position: a.position, score: a.awarded ?? undefined, comment: a.comment ?? undefined })) }}>
        {item.answers.map((a, i) => (
          <div key={a.position} style={{ marginBottom: 12 }}>
            <Typography.Paragraph strong style={{ marginBottom: 4 }}>
              第{a.position}题（{a.points}分）{a.stem}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
              <Typography.Text type="secondary">作答：</Typography.Text>
              {a.given?.join('') || <Typography.Text type="warning">（未作答）</Typography.Text>}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 8, whiteSpace: 'pre-wrap' }}>
              <Typography.Text type="secondary">参考答案：</Typography.Text>
              {a.reference.join('')}
            </Typography.Paragraph>
            <Form.Item name={['marks', i, 'position']} hidden>
              <InputNumber />
            </Form.Item>
            <Space align="start" wrap>
              <Form.Item
                name={['marks', i, 'score']}
                label="得分"
                rules={[
                  { type: 'number', min: 0, max: a.points, message: `得分应在0至${a.points}分之间` },
                  { validator: (_, v?: number) => (v === undefined || v === null || Number.isInteger(v * 2) ? Promise.resolve() : Promise.reject(new Error('得分只能是整数或半分'))) },
                ]}
                style={{ marginBottom: 0 }}
              >
                <InputNumber aria-label={`第${a.position}题得分`} step={0.5} addonAfter={`/ ${a.points}分`} style={{ width: 150 }} disabled={locked} />
              </Form.Item>
              <Form.Item name={['marks', i, 'comment']} label="评语（可选）" style={{ marginBottom: 0 }}>
                <Input aria-label={`第${a.position}题评语`} maxLength={500} style={{ width: 280 }} disabled={locked} />
              </Form.Item>
            </Space>
            {a.markedAt && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.markedByName} 于 {formatDateTime(a.markedAt)} 评分
              </Typography.Text>
            )}
          </div>
        ))}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
        {!locked && (
          <Button type="primary" onClick={submit} loading={mark.isPending}>
            保存评分
          </Button>
        )}
      </Form>
    </Card>
  );
}
