import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { countingRules, examMachine, examPurposes, examStatuses, reviewPolicies, type ExamInput, type ExamStatus } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { beijing, formatDateTime } from '../../../lib/dates.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useCreateExam, useExamTransition, useExams, usePaperChoices, useUpdateExam, type Exam } from '../exam-console.api.ts';

export const STATUS_COLOR: Record<ExamStatus, string> = { draft: 'default', published: 'green', closed: 'blue', cancelled: 'red' };
const EVENTS = [
  { event: 'publish', label: '发布', confirm: '发布后参考党员即可在考试时间内作答，试卷和设置不能再修改。确定发布？', danger: false },
  { event: 'close', label: '结束', confirm: '结束后党员不能再开始作答，已评的简答题分数不能再修改。确定结束考试？', danger: false },
  { event: 'cancel', label: '取消', confirm: '取消后考试作废，不能恢复。确定取消考试？', danger: true },
] as const;

/** 考试: the exams the caller organises (paged, filtered on the server); create and edit drafts; publish, close, cancel. */
export default function ExamsPage() {
  const [params, setParams] = useSearchParams();
  const query = { manage: 'true', page: Number(params.get('page')) || 1, pageSize: 20, q: params.get('q') || undefined, status: params.get('status') || undefined };
  const list = useExams(query);
  const transition = useExamTransition();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<Exam | 'new' | null>(null);
  const set = (next: Record<string, string | number | undefined>) => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries({ q: query.q, status: query.status, ...next })) if (v !== undefined && v !== '') p[k] = String(v);
    setParams(p);
  };
  const act = (e: Exam, ev: (typeof EVENTS)[number]) =>
    modal.confirm({
      title: `${ev.label}考试`,
      content: `“${e.title}”：${ev.confirm}`,
      okText: ev.label,
      okButtonProps: { danger: ev.danger },
      cancelText: '返回',
      onOk: async () => {
        try {
          await transition.mutateAsync({ id: e.id, event: ev.event });
          message.success(`已${ev.label}`);
        } catch (err) {
          // A 409 (someone else changed it first, or the window has passed) is said as the server says it.
          message.error(errorMessage(err));
        }
      },
    });

  return (
    <Card
      title="考试"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建考试
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder="考试名称" defaultValue={query.q} onSearch={(q) => set({ q })} style={{ width: 220 }} />
        <Select allowClear placeholder="状态" value={query.status} options={examStatuses.options} onChange={(status) => set({ status })} style={{ width: 120 }} />
      </Space>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<Exam>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total, showTotal: (t) => `共 ${t} 场`, showSizeChanger: false, onChange: (page) => set({ page }) }}
        columns={[
          {
            title: '考试名称 / 试卷',
            render: (_, e) => (
              <>
                <Link to={`/exams/${e.id}`}>{e.title}</Link>
                <div>
                  <Typography.Text type="secondary">{`${e.paperTitle}（${e.totalScore}分）`}</Typography.Text>
                </div>
              </>
            ),
          },
          { title: '状态', width: 90, render: (_, e) => <Tag color={STATUS_COLOR[e.status]}>{examStatuses.label(e.status)}</Tag> },
          { title: '参考组织', dataIndex: 'orgName', width: 160, ellipsis: true },
          {
            title: '考试时间（北京时间）',
            width: 190,
            render: (_, e) => (
              <>
                <div>{formatDateTime(e.opensAt)} 起</div>
                <div>{formatDateTime(e.closesAt)} 止</div>
              </>
            ),
          },
          { title: '时长', width: 80, render: (_, e) => `${e.timeLimitMinutes}分钟` },
          { title: '及格分', dataIndex: 'passMark', width: 80 },
          {
            title: '操作',
            width: 200,
            render: (_, e) => (
              <Space size={4} wrap>
                <Link to={`/exams/${e.id}`}>
                  <Button size="small">成绩</Button>
                </Link>
                {examMachine.allows('edit', e.status) && (
                  <Button size="small" onClick={() => setEditing(e)}>
                    修改
                  </Button>
                )}
                {EVENTS.filter((ev) => examMachine.allows(ev.event, e.status)).map((ev) => (
                  <Button key={ev.event} size="small" danger={ev.danger} type={ev.event === 'publish' ? 'primary' : 'default'} onClick={() => act(e, ev)}>
                    {ev.label}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {editing && <ExamFormModal exam={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

type Values = Omit<ExamInput, 'opensAt' | 'closesAt'> & { window: [Dayjs, Dayjs] };
const FIELDS = ['orgId', 'paperId', 'title', 'purpose', 'window', 'timeLimitMinutes', 'attemptsAllowed', 'counting', 'passMark', 'shuffleQuestions', 'shuffleOptions', 'focusStrikes', 'reviewPolicy'];
/** A picker's Beijing wall-clock time → an ISO instant with the +08:00 offset. */
const beijingIso = (d: Dayjs) => d.format('YYYY-MM-DDTHH:mm:00+08:00');

function ExamFormModal({ exam, onClose }: { exam: Exam | null; onClose: () => void }) {
  const { message } = App.useApp();
  const create = useCreateExam();
  const update = useUpdateExam();
  const papers = usePaperChoices();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const paperId = Form.useWatch('paperId', form);
  const total = papers.data?.items.find((p) => p.id === paperId)?.totalScore;
  const initial: Partial<Values> = exam
    ? { ...exam, window: [beijing(exam.opensAt)!, beijing(exam.closesAt)!] }
    : { purpose: 'exam', timeLimitMinutes: 30, attemptsAllowed: 1, counting: 'best', shuffleQuestions: false, shuffleOptions: false, focusStrikes: 0, reviewPolicy: 'after_close' };
  const submit = async () => {
    const v = await form.validateFields().catch(() => null); // the form shows what is wrong
    if (!v) return;
    setError(null);
    const { window, ...rest } = v;
    const input: ExamInput = { ...rest, opensAt: beijingIso(window[0]), closesAt: beijingIso(window[1]) };
    try {
      if (exam) await update.mutateAsync({ id: exam.id, input });
      else await create.mutateAsync(input);
      message.success(exam ? '已保存' : '已新建考试（草稿），发布后党员方可作答');
      onClose();
    } catch (e) {
      const left = applyServerErrors(form, e, FIELDS);
      if (left) setError(left);
    }
  };
  return (
    <Modal title={exam ? '修改考试' : '新建考试'} open onCancel={onClose} onOk={submit} okText="保存" cancelText="取消" confirmLoading={create.isPending || update.isPending} width={760} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial}>
        <Space wrap align="start">
          <Form.Item name="orgId" label="参考组织（其下级组织的党员均可参加）" rules={[{ required: true, message: '请选择参考组织' }]}>
            <OrgTreeSelect style={{ width: 320 }} placeholder="选择组织" data-testid="exam-org" />
          </Form.Item>
          <Form.Item name="paperId" label="试卷" rules={[{ required: true, message: '请选择试卷' }]} extra={total !== undefined ? `试卷总分 ${total} 分` : undefined}>
            <Select
              style={{ width: 320 }}
              showSearch
              optionFilterProp="label"
              placeholder="选择试卷"
              loading={papers.isLoading}
              options={papers.data?.items.map((p) => ({ value: p.id, label: `${p.title}（${p.totalScore}分 · ${p.orgName}）` }))}
            />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="title" label="考试名称" rules={[{ required: true, whitespace: true, message: '请填写考试名称' }, { max: 100, message: '考试名称不能超过100个字' }]}>
            <Input style={{ width: 320 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="purpose" label="用途">
            <Select style={{ width: 160 }} options={examPurposes.options.filter((o) => o.value !== 'contest')} />
          </Form.Item>
        </Space>
        <Form.Item
          name="window"
          label="考试时间（北京时间）"
          rules={[
            { required: true, message: '请选择开始和截止时间' },
            { validator: (_, w?: [Dayjs, Dayjs]) => (!w || w[1].isAfter(w[0]) ? Promise.resolve() : Promise.reject(new Error('截止时间必须晚于开始时间'))) },
          ]}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={['开始时间', '截止时间']} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="timeLimitMinutes" label="答题时长" rules={[{ required: true, message: '请填写答题时长' }, { type: 'number', min: 1, max: 600, message: '答题时长为1至600分钟' }]}>
            <InputNumber precision={0} addonAfter="分钟" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="attemptsAllowed" label="允许作答次数" rules={[{ required: true, message: '请填写允许作答次数' }, { type: 'number', min: 1, max: 20, message: '作答次数为1至20次' }]}>
            <InputNumber precision={0} addonAfter="次" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="counting" label="多次作答计分">
            <Radio.Group options={countingRules.options} />
          </Form.Item>
          <Form.Item
            name="passMark"
            label="及格分"
            dependencies={['paperId']}
            rules={[
              { required: true, message: '请填写及格分' },
              { type: 'number', min: 0, message: '及格分不能为负数' },
              { validator: (_, v?: number) => (v === undefined || total === undefined || v <= total ? Promise.resolve() : Promise.reject(new Error(`及格分不能高于试卷总分（${total}分）`))) },
            ]}
          >
            <InputNumber precision={0} addonAfter="分" style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="shuffleQuestions" valuePropName="checked" label="乱序">
            <Checkbox>题目乱序</Checkbox>
          </Form.Item>
          <Form.Item name="shuffleOptions" valuePropName="checked" label=" ">
            <Checkbox>选项乱序</Checkbox>
          </Form.Item>
          <Form.Item name="focusStrikes" label="切屏次数上限" tooltip="达到次数自动交卷并标记“强制交卷”；0 表示不限制" rules={[{ type: 'number', min: 0, max: 20, message: '切屏次数为0至20次' }]}>
            <InputNumber precision={0} addonAfter="次" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="reviewPolicy" label="答案公布" tooltip="交卷后可查看答案：允许多次作答时，考生用完次数或考试结束后才显示答案，以免看了答案再考">
            <Select style={{ width: 200 }} options={reviewPolicies.options} />
          </Form.Item>
        </Space>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          保存为草稿；发布后不能再修改。
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
