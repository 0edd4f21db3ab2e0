import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { CONTEST_DEFAULTS, contestPhases, contestStatuses, type ContestInput } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { usePapers, useQuestions } from '../../exams/exams.api.ts';
import { useContests, useCreateContest, type Contest } from '../contests.api.ts';

export const statusColor: Record<string, string> = { draft: 'default', published: 'processing', finished: 'success', cancelled: 'error' };

type FormValues = { orgId: number; paperId: number; title: string; practice: [Dayjs, Dayjs]; contest: [Dayjs, Dayjs]; dailyLimit: number; timeLimitMinutes: number; minSecondsPerQuestion: number };

export const toInput = (v: FormValues): ContestInput => ({
  orgId: v.orgId,
  paperId: v.paperId,
  title: v.title,
  practiceFrom: v.practice[0].format('YYYY-MM-DD'),
  practiceTo: v.practice[1].format('YYYY-MM-DD'),
  contestFrom: v.contest[0].format('YYYY-MM-DD'),
  contestTo: v.contest[1].format('YYYY-MM-DD'),
  dailyLimit: v.dailyLimit,
  timeLimitMinutes: v.timeLimitMinutes,
  minSecondsPerQuestion: v.minSecondsPerQuestion,
});

/** 知识竞赛 (console): the contests of the organiser's subtree; a new one in the 灯塔 pattern (练习 days, then 竞赛 days). */
export default function ContestsPage() {
  const [page, setPage] = useState(1);
  const list = useContests({ page, pageSize: 20 });
  const bank = useQuestions({ pageSize: 1 });
  const papers = usePapers({ pageSize: 200 });
  const create = useCreateContest();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const writable = bank.data?.writableOrgs ?? [];

  async function submit() {
    const v = await form.validateFields();
    try {
      await create.mutateAsync(toInput(v));
      message.success('已新建知识竞赛（草稿），发布后党员即可练习');
      setOpen(false);
      form.resetFields();
    } catch (e) {
      const m = applyServerErrors(form, e, ['orgId', 'paperId', 'title', 'practice', 'contest', 'dailyLimit', 'timeLimitMinutes', 'minSecondsPerQuestion']);
      if (m) message.error(m);
    }
  }

  const today = dayjs();
  return (
    <Card
      title="知识竞赛"
      extra={
        writable.length > 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            新建知识竞赛
          </Button>
        )
      }
    >
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<Contest>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage, showTotal: (t) => `共 ${t} 场` }}
        columns={[
          { title: '竞赛名称', render: (_, c) => <Link to={`/contests/${c.id}`}>{c.title}</Link> },
          { title: '状态', width: 90, render: (_, c) => <Tag color={statusColor[c.status]}>{contestStatuses.label(c.status)}</Tag> },
          { title: '阶段', width: 90, render: (_, c) => (c.status === 'published' ? contestPhases.label(c.phase) : '—') },
          { title: '练习日期', width: 200, render: (_, c) => `${c.practiceFrom} 至 ${c.practiceTo}` },
          { title: '竞赛日期', width: 200, render: (_, c) => `${c.contestFrom} 至 ${c.contestTo}` },
          { title: '每日次数', dataIndex: 'dailyLimit', width: 80 },
          { title: '参赛人数', dataIndex: 'participants', width: 80 },
          { title: '异常待核', width: 80, render: (_, c) => (c.flagged ? <Tag color="warning">{c.flagged}</Tag> : 0) },
          { title: '举办组织', dataIndex: 'orgName', width: 160, ellipsis: true },
        ]}
      />
      <Modal title="新建知识竞赛" open={open} onCancel={() => setOpen(false)} onOk={submit} okText="保存为草稿" confirmLoading={create.isPending} width={640} destroyOnHidden>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ ...CONTEST_DEFAULTS, practice: [today.startOf('month'), today.startOf('month').add(9, 'day')], contest: [today.startOf('month').add(10, 'day'), today.startOf('month').add(19, 'day')] }}
        >
          <Form.Item name="title" label="竞赛名称" rules={[{ required: true, whitespace: true, message: '请填写竞赛名称' }]}>
            <Input maxLength={100} placeholder="如：12月 党章党史知识竞赛" />
          </Form.Item>
          <Form.Item name="orgId" label="举办组织（参赛范围为其全部下级组织）" rules={[{ required: true, message: '请选择举办组织' }]}>
            <Select options={writable.map((o) => ({ value: o.id, label: o.name }))} placeholder="请选择" />
          </Form.Item>
          <Form.Item name="paperId" label="随机抽题试卷（练习题库即其抽题范围）" rules={[{ required: true, message: '请选择随机抽题试卷' }]}>
            <Select options={(papers.data?.items ?? []).filter((p) => p.kind === 'random').map((p) => ({ value: p.id, label: `${p.title}（${p.questionCount}题，${p.totalScore}分）` }))} placeholder="请选择" />
          </Form.Item>
          <Form.Item name="practice" label="练习日期（自测，不计排名）" rules={[{ required: true, message: '请选择练习日期' }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="contest" label="竞赛日期" rules={[{ required: true, message: '请选择竞赛日期' }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
          <div style={{ display: 'flex', gap: 12 }}>
            <Form.Item name="dailyLimit" label="每人每日作答次数" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={1} max={10} />
            </Form.Item>
            <Form.Item name="timeLimitMinutes" label="答题时长（分钟）" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={1} max={120} />
            </Form.Item>
            <Form.Item name="minSecondsPerQuestion" label="每题最少秒数（低于即标记异常）" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={0} max={60} />
            </Form.Item>
          </div>
        </Form>
      </Modal>
    </Card>
  );
}
