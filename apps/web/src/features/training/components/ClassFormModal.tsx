import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DEFAULT_EVALUATION_ITEMS, planLines, traineeLines, type TraineeLine, type TrainingClassInput } from '@xianfeng/shared';
import dayjs, { type Dayjs } from 'dayjs';
import { fromDay } from '../../../lib/dates.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useClassExamOptions, type ClassDetail } from '../training.api.ts';

/** Items keep the key of a known item with the same label (the answers are stored by key); others get a free one. */
function itemKeys(labels: string[], known: { key: string; label: string }[]) {
  const used = new Set<string>();
  return labels.map((label, n) => {
    let key = known.find((k) => k.label === label && !used.has(k.key))?.key ?? `item_${n + 1}`;
    for (let m = n + 1; used.has(key); m++) key = `item_${m + 1}`;
    used.add(key);
    return { key, label };
  });
}

type Values = { orgId: number; title: string; planLine: TraineeLine | 'none'; plan: string; dates: [Dayjs, Dayjs]; place?: string; minAttendance: number; items: { label: string }[]; entryExamId?: number | null; finalExamId?: number | null };

/** The class's form (new or edit): organiser, dates, the plan line it counts toward, attendance rule, evaluation items. */
export function ClassFormModal(p: { open: boolean; title: string; saving: boolean; initial?: ClassDetail; onCancel: () => void; onSubmit: (input: TrainingClassInput) => void }) {
  const [form] = Form.useForm<Values>();
  const i = p.initial;
  const submit = (v: Values) =>
    p.onSubmit({
      orgId: v.orgId,
      title: v.title,
      planLine: v.planLine === 'none' ? null : v.planLine,
      plan: v.plan ?? '',
      startsOn: fromDay(v.dates[0])!,
      endsOn: fromDay(v.dates[1])!,
      place: v.place?.trim() || null,
      minAttendance: v.minAttendance,
      evaluationItems: itemKeys(v.items.map((it) => it.label.trim()), i?.evaluationItems ?? DEFAULT_EVALUATION_ITEMS),
      entryExamId: v.entryExamId ?? null,
      finalExamId: v.finalExamId ?? null,
    });
  return (
    <Modal title={p.title} open={p.open} onCancel={p.onCancel} onOk={() => form.submit()} confirmLoading={p.saving} width={640} destroyOnHidden okText="保存">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          i
            ? { orgId: i.orgId, title: i.title, planLine: i.planLine ?? 'none', plan: i.plan, dates: [dayjs(i.startsOn), dayjs(i.endsOn)], place: i.place ?? undefined, minAttendance: i.minAttendance, items: i.evaluationItems.map((e) => ({ label: e.label })), entryExamId: i.entryExam?.id ?? null, finalExamId: i.finalExam?.id ?? null }
            : { planLine: 'member_study', minAttendance: 80, items: DEFAULT_EVALUATION_ITEMS.map((e) => ({ label: e.label })) }
        }
      >
        <Form.Item name="orgId" label="举办组织" rules={[{ required: true, message: '请选择举办组织' }]}>
          <OrgTreeSelect placeholder="选择举办组织（学员来自该组织及下级组织）" data-testid="class-org" />
        </Form.Item>
        <Form.Item name="title" label="培训班名称" rules={[{ required: true, message: '请填写培训班名称' }]}>
          <Input maxLength={80} placeholder="如：2026年度基层党支部书记培训班" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="dates" label="培训时间" rules={[{ required: true, message: '请选择起止日期' }]}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="place" label="地点">
            <Input maxLength={100} placeholder="如：市委党校" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="planLine" label="计入“十百千万”计划" tooltip="结业学员计入所选项目的完成数">
            <Select style={{ width: 200 }} options={[...traineeLines.map((l) => ({ value: l, label: planLines.label(l) })), { value: 'none', label: '不计入' }]} />
          </Form.Item>
          <Form.Item name="minAttendance" label="结业出勤率要求（%）" tooltip="本地做法，默认80%：出勤（请假不计出勤）达到要求的学员结业并发证书">
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Space>
        <ClassExamPickers form={form} />
        <Form.Item name="plan" label="培训计划（课程安排、培训要求）">
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item label="教学评估项（学员结业前按1–5分评价）" required>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key}>
                    <Form.Item name={[f.name, 'label']} noStyle rules={[{ required: true, message: '请填写评估项' }]}>
                      <Input maxLength={20} style={{ width: 240 }} aria-label={`评估项${f.name + 1}`} />
                    </Form.Item>
                    {fields.length > 1 && <Button type="text" aria-label="删除评估项" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                {fields.length < 12 && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '' })}>
                    添加评估项
                  </Button>
                )}
              </Space>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 入学必测、结业必考 (TR-8): exams of the organiser with the matching purpose, arranged first on the
 * 考试 page. With a final exam named, 结业 also requires it passed; with an entry test, that it was taken.
 */
function ClassExamPickers({ form }: { form: ReturnType<typeof Form.useForm<Values>>[0] }) {
  const orgId = Form.useWatch('orgId', form);
  const entry = useClassExamOptions(orgId, 'training_entry');
  const final = useClassExamOptions(orgId, 'training_final');
  const options = (q: typeof entry) => (q.data?.items ?? []).filter((e) => e.status !== 'cancelled').map((e) => ({ value: e.id, label: `${e.title}（及格${e.passMark}分）` }));
  const hint = orgId ? '在“考试”中为举办组织安排用途为“培训入学测试/培训结业考试”的考试后，可在此选择' : '先选择举办组织';
  return (
    <Space wrap>
      <Form.Item name="entryExamId" label="入学测试（入学必测）" tooltip={`学员须参加；${hint}`}>
        <Select allowClear style={{ width: 280 }} placeholder="不设入学测试" loading={entry.isFetching} options={options(entry)} notFoundContent={hint} />
      </Form.Item>
      <Form.Item name="finalExamId" label="结业考试（结业必考）" tooltip={`学员须考试及格才能结业；${hint}`}>
        <Select allowClear style={{ width: 280 }} placeholder="不设结业考试" loading={final.isFetching} options={options(final)} notFoundContent={hint} />
      </Form.Item>
    </Space>
  );
}
