import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { campaignMachine, campaignStatuses, honourKinds, honourTargets, nominationStatuses, objectionChannels, objectionOutcomes, objectionStatuses, type CampaignStatus, type NominationStatus } from '@xianfeng/shared';
import type { Dayjs } from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { fromDay, todayDay } from '../../../lib/dates.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useAddObjection, useAnswerObjection, useCampaign, useCampaignEvent, useMemberSearch, useNominate, useReview, useWithdraw, type CampaignDetail, type Nomination } from '../honours.api.ts';
import { STATUS_COLOR } from './HonoursPage.tsx';

const NOMINATION_COLOR: Record<NominationStatus, string> = { submitted: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default', named: 'gold' };
const EVENTS = [
  ['open', '开始推荐', '开始推荐后各单位即可推荐。'],
  ['close', '截止推荐', '截止后进入审核，不能再推荐。'],
  ['publicize', '开始公示', '公示期按工作日历从今天（或下一个工作日）起算。'],
  ['name', '命名', '审核通过且未被撤销的对象将被命名。'],
  ['cancel', '取消评选', '取消后所有推荐作废。'],
] as const;

/** Each rule's verdict and reason: green passed, red failed (binding), orange failed (advisory). */
export function Eligibility({ checks }: { checks: Nomination['eligibility'] }) {
  return (
    <Space direction="vertical" size={2}>
      {checks.map((c) => (
        <Typography.Text key={c.rule} type={c.passed ? undefined : c.advisory ? 'warning' : 'danger'}>
          {c.passed ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : c.advisory ? <ExclamationCircleFilled /> : <CloseCircleFilled />} {c.reason}
          {!c.passed && c.advisory ? '（参考项）' : ''}
        </Typography.Text>
      ))}
    </Space>
  );
}

function MemberPick({ value, onChange }: { value?: number; onChange?: (v: number) => void }) {
  const [q, setQ] = useState('');
  const found = useMemberSearch(q);
  return (
    <Select<number>
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      placeholder="输入姓名查找本组织及下级的党员"
      loading={found.isFetching}
      notFoundContent={q ? '没有找到' : '请输入姓名'}
      options={found.data?.items.map((m) => ({ value: m.id, label: `${m.name}（${m.orgName}）` }))}
    />
  );
}

function NominateForm({ c }: { c: CampaignDetail }) {
  const { message } = App.useApp();
  const nominate = useNominate();
  const [form] = Form.useForm<{ orgId?: number; memberId?: number; deeds: string }>();
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <Card size="small" title="推荐" style={{ marginBottom: 16 }} extra={c.quotaLeft.map((q) => <Tag key={q.orgId}>{q.orgName}：剩余名额 {q.left}</Tag>)}>
      {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 12 }} closable onClose={() => setRefused(null)} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            const n = await nominate.mutateAsync({ id: c.id, input: v });
            message.success(`已推荐${n.nomineeName}${n.eligible ? '' : '（有不符合的参考项，由工委审核决定）'}`);
            form.resetFields();
            setRefused(null);
          } catch (e) {
            setRefused(errorMessage(e));
          }
        }}
      >
        {c.target === 'org' ? (
          <Form.Item name="orgId" label="被推荐的党组织" rules={[{ required: true, message: '请选择党组织' }]}>
            <OrgTreeSelect />
          </Form.Item>
        ) : (
          <Form.Item name="memberId" label="被推荐的党员" rules={[{ required: true, message: '请选择党员' }]}>
            <MemberPick />
          </Form.Item>
        )}
        <Form.Item name="deeds" label="主要事迹" rules={[{ required: true, message: '请填写主要事迹' }]}>
          <Input.TextArea rows={3} maxLength={3000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={nominate.isPending}>
          提交推荐
        </Button>
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>提交时系统按处分台账、组织生活落实率和亮牌记录自动审查资格。</Typography.Text>
      </Form>
    </Card>
  );
}

/** One campaign: its state and actions, the nomination form, nominations with eligibility and review, 公示 and objections. */
export default function HonourCampaignPage() {
  const id = Number(useParams().id);
  const { message } = App.useApp();
  const { data: c, isLoading } = useCampaign(id);
  const event = useCampaignEvent();
  const review = useReview();
  const withdraw = useWithdraw();
  const addObjection = useAddObjection();
  const answer = useAnswerObjection();
  const [rejecting, setRejecting] = useState<Nomination | null>(null);
  const [objecting, setObjecting] = useState(false);
  const [answering, setAnswering] = useState<number | null>(null);
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const [objForm] = Form.useForm<{ nominationId: number; receivedOn: Dayjs; channel: 'letter'; fromWhom: string; content: string }>();
  const [ansForm] = Form.useForm<{ outcome: 'dismissed' | 'upheld'; answer: string }>();
  if (isLoading || !c) return <Card loading />;
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const status = c.status as CampaignStatus;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        title={
          <Space>
            <Link to="/honours">创先争优</Link>/<span>{c.title}</span>
            <Tag color={STATUS_COLOR[status]}>{campaignStatuses.label(status)}</Tag>
          </Space>
        }
        extra={
          c.canConfigure && (
            <Space>
              {EVENTS.filter(([e]) => campaignMachine.allows(e, status)).map(([e, label, hint]) => (
                <Popconfirm key={e} title={`${label}？`} description={hint} onConfirm={() => run(() => event.mutateAsync({ id, event: e }), `已${label}`)}>
                  <Button type={e === 'cancel' ? 'default' : 'primary'} danger={e === 'cancel'}>
                    {label}
                  </Button>
                </Popconfirm>
              ))}
            </Space>
          )
        }
      >
        <Descriptions column={3} size="small">
          <Descriptions.Item label="荣誉种类">{honourKinds.label(c.kind)}（{honourTargets.label(c.target)}）</Descriptions.Item>
          <Descriptions.Item label="评选期间">{c.periodFrom} 至 {c.periodTo}</Descriptions.Item>
          <Descriptions.Item label="每单位名额">{c.quota}</Descriptions.Item>
          <Descriptions.Item label="资格条件">
            {[c.rules.discipline.enabled && '无影响期内处分', c.rules.red_card.enabled && '当年未被亮红牌', c.rules.compliance.enabled && `组织生活落实率≥${c.rules.compliance.threshold}%${c.rules.compliance.advisory ? '（参考）' : ''}`].filter(Boolean).join('；') || '无'}
          </Descriptions.Item>
          <Descriptions.Item label="公示期">{c.publicityFrom ? `${c.publicityFrom} 至 ${c.publicityUntil}（${c.publicityDays}个工作日）` : `${c.publicityDays}个工作日`}</Descriptions.Item>
          <Descriptions.Item label="异议受理">{c.objectionContact}</Descriptions.Item>
          {c.canNameFrom && status === 'publicity' && <Descriptions.Item label="可命名日期">{c.canNameFrom} 起（异议须全部答复）</Descriptions.Item>}
          {c.namedOn && <Descriptions.Item label="命名日期">{c.namedOn}</Descriptions.Item>}
        </Descriptions>
        {status === 'publicity' && (
          <Alert type="info" showIcon message={<span>公示中：公开公示页面 <a href="/public/honours" target="_blank" rel="noreferrer">/public/honours</a>（无需登录）</span>} />
        )}
      </Card>
      {c.canNominate && <NominateForm c={c} />}
      <Card title={`推荐对象（${c.nominations.length}）`}>
        <Table<Nomination>
          rowKey="id"
          dataSource={c.nominations}
          pagination={false}
          locale={{ emptyText: '暂无推荐' }}
          columns={[
            { title: '推荐对象', render: (_, n) => <b>{n.nomineeName}</b> },
            { title: '所属单位（组织）', dataIndex: 'orgName' },
            { title: '推荐单位', dataIndex: 'nominatingOrgName' },
            { title: '主要事迹', dataIndex: 'deeds', width: 260, render: (t: string) => <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0 }}>{t}</Typography.Paragraph> },
            { title: '资格审查', render: (_, n) => <Eligibility checks={n.eligibility} /> },
            {
              title: '状态',
              render: (_, n) => (
                <Space direction="vertical" size={0}>
                  <Tag color={NOMINATION_COLOR[n.status as NominationStatus]}>{nominationStatuses.label(n.status as NominationStatus)}</Tag>
                  {n.reviewReason && <Typography.Text type="secondary">{n.reviewReason}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: '操作',
              render: (_, n) => (
                <Space>
                  {c.canConfigure && status === 'reviewing' && n.status === 'submitted' && (
                    <>
                      <Button size="small" type="primary" onClick={() => run(() => review.mutateAsync({ id: n.id, input: { decision: 'approve' } }), '审核通过')}>
                        通过
                      </Button>
                      <Button size="small" danger onClick={() => { rejectForm.resetFields(); setRejecting(n); }}>
                        不予通过
                      </Button>
                    </>
                  )}
                  {c.canNominate && n.status === 'submitted' && (
                    <Popconfirm title="撤回该推荐？" onConfirm={() => run(() => withdraw.mutateAsync(n.id), '已撤回')}>
                      <Button size="small">撤回</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {c.canConfigure && (status === 'publicity' || c.objections.length > 0) && (
        <Card
          title={`公示异议（${c.objections.length}）`}
          extra={status === 'publicity' && <Button onClick={() => { objForm.resetFields(); setObjecting(true); }}>登记异议</Button>}
        >
          <Table
            rowKey="id"
            dataSource={c.objections}
            pagination={false}
            locale={{ emptyText: '公示期间未收到异议' }}
            columns={[
              { title: '对象', dataIndex: 'nomineeName' },
              { title: '受理', render: (_, j) => `${j.receivedOn} ${objectionChannels.label(j.channel)}` },
              { title: '反映人', dataIndex: 'fromWhom' },
              { title: '异议内容', dataIndex: 'content' },
              { title: '状态', render: (_, j) => <Tag color={j.status === 'open' ? 'warning' : 'success'}>{objectionStatuses.label(j.status)}</Tag> },
              { title: '答复', render: (_, j) => (j.answer ? `${j.answeredOn}：${objectionOutcomes.label(j.outcome!)}。${j.answer}` : '—') },
              {
                title: '操作',
                render: (_, j) =>
                  j.status === 'open' && status === 'publicity' && (
                    <Button size="small" type="primary" onClick={() => { ansForm.resetFields(); setAnswering(j.id); }}>
                      答复
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      <Modal title={`不予通过：${rejecting?.nomineeName ?? ''}`} open={!!rejecting} onCancel={() => setRejecting(null)} onOk={() => rejectForm.submit()} confirmLoading={review.isPending}>
        <Form form={rejectForm} layout="vertical" onFinish={(v) => run(async () => { await review.mutateAsync({ id: rejecting!.id, input: { decision: 'reject', reason: v.reason } }); setRejecting(null); }, '已不予通过')}>
          <Form.Item name="reason" label="理由" rules={[{ required: true, message: '不予通过须写明理由' }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title="登记公示异议" open={objecting} onCancel={() => setObjecting(false)} onOk={() => objForm.submit()} confirmLoading={addObjection.isPending}>
        <Form
          form={objForm}
          layout="vertical"
          initialValues={{ receivedOn: todayDay(), channel: 'letter' }}
          onFinish={(v) => run(async () => { await addObjection.mutateAsync({ id, input: { ...v, receivedOn: fromDay(v.receivedOn)! } }); setObjecting(false); }, '已登记异议')}
        >
          <Form.Item name="nominationId" label="针对的对象" rules={[{ required: true, message: '请选择对象' }]}>
            <Select options={c.nominations.filter((n) => n.status === 'approved').map((n) => ({ value: n.id, label: `${n.nomineeName}（${n.orgName}）` }))} />
          </Form.Item>
          <Space>
            <Form.Item name="receivedOn" label="受理日期" rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="channel" label="方式" rules={[{ required: true }]}>
              <Select style={{ width: 120 }} options={objectionChannels.options} />
            </Form.Item>
            <Form.Item name="fromWhom" label="反映人" rules={[{ required: true, message: '请填写反映人（可填匿名）' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Space>
          <Form.Item name="content" label="异议内容" rules={[{ required: true, message: '请填写异议内容' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title="答复异议" open={answering !== null} onCancel={() => setAnswering(null)} onOk={() => ansForm.submit()} confirmLoading={answer.isPending}>
        <Form form={ansForm} layout="vertical" initialValues={{ outcome: 'dismissed' }} onFinish={(v) => run(async () => { await answer.mutateAsync({ id: answering!, input: v }); setAnswering(null); }, '已答复')}>
          <Form.Item name="outcome" label="核实结论">
            <Radio.Group options={objectionOutcomes.options} />
          </Form.Item>
          <Form.Item name="answer" label="答复内容" rules={[{ required: true, message: '请填写答复内容' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
