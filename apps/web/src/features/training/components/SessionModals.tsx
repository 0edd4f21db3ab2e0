import { useState } from 'react';
import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table } from 'antd';
import { lecturerKinds, traineeAttendances, type LecturerKind, type TraineeAttendance } from '@xianfeng/shared';
import type { Dayjs } from 'dayjs';
import { errorMessage } from '../../../api/client.ts';
import { beijing } from '../../../lib/dates.ts';
import { toBeijingIso } from '../../activities/activity-time.ts';
import { MemberPicker } from '../../members/components/MemberPicker.tsx';
import { useAddSession, useAttendance, useUpdateSession, type ClassDetail } from '../training.api.ts';

type Session = ClassDetail['sessionList'][number];
type Values = { title: string; time: [Dayjs, Dayjs]; lecturerName: string; lecturerKind: LecturerKind; lecturerMemberId?: number; hours: number };

/** Adds or edits a course: title, Beijing time, lecturer (a secretary is picked as a member: 百名书记上讲堂), 学时. */
export function SessionModal(p: { klass: ClassDetail; session: Session | 'new' | null; onClose: () => void }) {
  const { message } = App.useApp();
  const add = useAddSession();
  const update = useUpdateSession();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('lecturerKind', form);
  const s = p.session !== 'new' ? p.session : null;
  async function submit(v: Values) {
    const input = { title: v.title, startsAt: toBeijingIso(v.time[0]), endsAt: toBeijingIso(v.time[1]), lecturerName: v.lecturerName, lecturerKind: v.lecturerKind, lecturerMemberId: v.lecturerMemberId ?? null, hours: v.hours };
    try {
      if (s) await update.mutateAsync({ id: s.id, input });
      else await add.mutateAsync({ id: p.klass.id, input });
      message.success(s ? '课程已修改' : '课程已添加');
      p.onClose();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <Modal title={s ? '修改课程' : '添加课程'} open={p.session !== null} onCancel={p.onClose} onOk={() => form.submit()} confirmLoading={add.isPending || update.isPending} destroyOnHidden okText="保存">
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={submit}
        initialValues={s ? { title: s.title, time: [beijing(s.startsAt)!, beijing(s.endsAt)!], lecturerName: s.lecturerName, lecturerKind: s.lecturerKind, lecturerMemberId: s.lecturerMemberId ?? undefined, hours: s.hours } : { lecturerKind: 'expert', hours: 2 }}
      >
        <Form.Item name="title" label="课程名称" rules={[{ required: true, message: '请填写课程名称' }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="time" label="上课时间（北京时间）" rules={[{ required: true, message: '请选择上课时间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="lecturerKind" label="授课人类别" tooltip="专家学者计入“十名专家讲理论”，党组织书记计入“百名书记上讲堂”">
            <Select style={{ width: 140 }} options={lecturerKinds.values.map((k) => ({ value: k, label: lecturerKinds.label(k) }))} />
          </Form.Item>
          <Form.Item name="lecturerName" label="授课人" rules={[{ required: true, message: '请填写授课人' }]}>
            <Input maxLength={40} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="hours" label="学时" rules={[{ required: true, message: '请填写学时' }]}>
            <InputNumber min={0.5} max={24} step={0.5} />
          </Form.Item>
        </Space>
        {kind === 'secretary' && (
          <Form.Item name="lecturerMemberId" label="授课书记（党员）" rules={[{ required: true, message: '书记授课须选择授课的党员' }]}>
            <MemberPicker />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** One session's attendance: each trainee 出席 / 请假 / 缺席 (preset to what is recorded, else 出席). */
export function AttendanceModal(p: { klass: ClassDetail; session: Session | null; onClose: () => void }) {
  const { message } = App.useApp();
  const save = useAttendance();
  const [marks, setMarks] = useState<Record<number, TraineeAttendance>>({});
  const s = p.session;
  const statusOf = (memberId: number, recorded: Record<string, TraineeAttendance>) => marks[memberId] ?? (s ? recorded[String(s.id)] : undefined) ?? 'present';
  type Trainee = ClassDetail['traineeList'][number];
  return (
    <Modal
      title={s ? `登记考勤：${s.title}` : ''}
      open={!!s}
      width={640}
      onCancel={() => { setMarks({}); p.onClose(); }}
      okText="保存考勤"
      confirmLoading={save.isPending}
      destroyOnHidden
      onOk={async () => {
        try {
          await save.mutateAsync({ id: s!.id, entries: p.klass.traineeList.map((t) => ({ memberId: t.memberId, status: statusOf(t.memberId, t.attendance) })) });
          message.success('考勤已保存');
          setMarks({});
          p.onClose();
        } catch (e) {
          message.error(errorMessage(e));
        }
      }}
    >
      <Table<Trainee>
        rowKey="memberId"
        size="small"
        pagination={false}
        dataSource={p.klass.traineeList}
        scroll={{ y: 420 }}
        columns={[
          { title: '学员', dataIndex: 'name', width: 100 },
          { title: '所在组织', dataIndex: 'orgName', ellipsis: true },
          {
            title: '考勤',
            width: 230,
            render: (_, t) => (
              <Radio.Group
                aria-label={`${t.name}考勤`}
                value={statusOf(t.memberId, t.attendance)}
                onChange={(e) => setMarks((m) => ({ ...m, [t.memberId]: e.target.value }))}
                options={traineeAttendances.values.map((v) => ({ value: v, label: traineeAttendances.label(v) }))}
              />
            ),
          },
        ]}
      />
    </Modal>
  );
}
