import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Modal, Popconfirm, Radio, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { formatDateTime, fromDay, today, toDay } from '../../../lib/dates.ts';
import { useRemoveWorkCalendarDay, useSetWorkCalendarDay, useWorkCalendar, type WorkCalendarDay } from '../supervision-settings.api.ts';

const WEEKDAYS = '日一二三四五六';
const weekday = (day: string) => `周${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]}`;

type Editing = { day: string | null; workday: boolean; note: string; isNew: boolean };

/** 工作日历: the year's holidays and 调休 working days, month by month (the rest: Monday–Friday). */
export function WorkCalendarCard() {
  const thisYear = Number(today().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const cal = useWorkCalendar(year);
  const [editing, setEditing] = useState<Editing | null>(null);
  const remove = useRemoveWorkCalendarDay();
  const { message } = App.useApp();
  const editable = !!cal.data?.canConfigure;
  const months = groupByMonth(cal.data?.days ?? []);

  return (
    <Card
      size="small"
      title="工作日历"
      extra={
        <Space>
          <Select value={year} onChange={setYear} style={{ width: 100 }} aria-label="年度" options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: y, label: `${y}年` }))} />
          {editable && <Button icon={<PlusOutlined />} onClick={() => setEditing({ day: null, workday: false, note: '', isNew: true })}>添加安排</Button>}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        周一至周五为工作日，周六、周日休息；下表列出例外：法定节假日放假和调休上班。2026年已按《国务院办公厅关于2026年部分节假日安排的通知》预置，以后年度请在国务院通知发布后添加。
      </Typography.Paragraph>
      {cal.error && <Alert type="error" showIcon title={errorMessage(cal.error)} />}
      {cal.isLoading && <Spin style={{ display: 'block', margin: 24 }} />}
      {cal.data && !months.length && <Empty description={`${year}年尚未设置节假日和调休`} />}
      {months.map(([month, days]) => (
        <div key={month} style={{ marginBottom: 12 }}>
          <Typography.Title level={5}>{Number(month)}月</Typography.Title>
          <Table<WorkCalendarDay>
            size="small"
            pagination={false}
            rowKey="day"
            dataSource={days}
            columns={[
              { title: '日期', dataIndex: 'day', width: 160, render: (d: string) => `${d}（${weekday(d)}）` },
              { title: '安排', dataIndex: 'workday', width: 110, render: (w: boolean) => (w ? <Tag color="orange">调休上班</Tag> : <Tag color="green">放假</Tag>) },
              { title: '说明', dataIndex: 'note' },
              { title: '修改', width: 220, render: (_, d) => (d.updatedBy ? `${d.updatedBy} ${formatDateTime(d.updatedAt)}` : '预置') },
              ...(editable
                ? [{
                    title: '',
                    width: 96,
                    render: (_: unknown, d: WorkCalendarDay) => (
                      <Space size={0}>
                        <Button type="text" icon={<EditOutlined />} aria-label={`修改${d.day}`} onClick={() => setEditing({ day: d.day, workday: d.workday, note: d.note, isNew: false })} />
                        <Popconfirm title={`删除${d.day}的安排？`} description="删除后按周一至周五计算。" okText="删除" onConfirm={() => remove.mutateAsync(d.day).then(() => message.success('已删除'), (e: unknown) => message.error(errorMessage(e)))}>
                          <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除${d.day}`} />
                        </Popconfirm>
                      </Space>
                    ),
                  }]
                : []),
            ]}
          />
        </div>
      ))}
      {editing && <DayModal editing={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function groupByMonth(days: WorkCalendarDay[]): [string, WorkCalendarDay[]][] {
  const out = new Map<string, WorkCalendarDay[]>();
  for (const d of days) out.set(d.day.slice(5, 7), [...(out.get(d.day.slice(5, 7)) ?? []), d]);
  return [...out.entries()];
}

function DayModal({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const [draft, setDraft] = useState(editing);
  const [error, setError] = useState<string | null>(null);
  const save = useSetWorkCalendarDay();
  const { message } = App.useApp();
  const submit = () => {
    if (!draft.day) return setError('请选择日期');
    save.mutateAsync({ day: draft.day, workday: draft.workday, note: draft.note }).then(
      () => {
        message.success('工作日历已保存');
        onClose();
      },
      (e: unknown) => setError(e instanceof ApiError && e.fieldErrors.length ? e.fieldErrors.map((f) => f.message).join('；') : errorMessage(e)),
    );
  };
  return (
    <Modal open title={editing.isNew ? '添加节假日或调休' : `修改${editing.day}的安排`} okText="保存" onOk={submit} confirmLoading={save.isPending} onCancel={onClose}>
      <Form layout="vertical">
        <Form.Item label="日期" required>
          <DatePicker value={toDay(draft.day) ?? null} disabled={!editing.isNew} onChange={(d) => setDraft((x) => ({ ...x, day: fromDay(d) ?? null }))} aria-label="日期" />
        </Form.Item>
        <Form.Item label="安排" required>
          <Radio.Group value={draft.workday} onChange={(e) => setDraft((x) => ({ ...x, workday: e.target.value }))}>
            <Radio value={false}>放假</Radio>
            <Radio value={true}>调休上班</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label="说明" required>
          <Input value={draft.note} maxLength={50} placeholder="如：国庆节、春节调休上班" onChange={(e) => setDraft((x) => ({ ...x, note: e.target.value }))} aria-label="说明" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
