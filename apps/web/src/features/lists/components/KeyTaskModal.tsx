import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { listKinds, orgTypes, unitTypes, type KeyTaskInput, type ListKind, type OrgType, type UnitType } from '@xianfeng/shared';
import { applyServerErrors } from '../../../lib/forms.ts';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { yearOptions } from '../../compliance/compliance-status.tsx';
import { useSaveKeyTask, type KeyTask } from '../lists.api.ts';

type Values = {
  year: number;
  listKind: ListKind;
  category: string;
  title: string;
  description: string;
  unitTypes: UnitType[];
  orgTypes: OrgType[];
  deadline?: Dayjs;
  evidenceRequired: string;
};

const FIELDS = ['year', 'listKind', 'category', 'title', 'description', 'unitTypes', 'orgTypes', 'deadline', 'evidenceRequired'];

/** 新建 / 修改 a key task (a draft): nothing reaches the organisations until it is 下达. */
export function KeyTaskModal({ open, year, task, onClose }: { open: boolean; year: number; task: KeyTask | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const save = useSaveKeyTask();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue(
      task
        ? { ...task, deadline: toDay(task.deadline) }
        : { year, listKind: 'task', category: '', title: '', description: '', unitTypes: [], orgTypes: [], deadline: toDay(`${year}-12-31`), evidenceRequired: '' },
    );
  }, [open, task, year, form]);

  const finish = (v: Values) => {
    setError(null);
    const input: KeyTaskInput = {
      year: v.year,
      listKind: v.listKind,
      category: v.category.trim(),
      title: v.title.trim(),
      description: (v.description ?? '').trim(),
      unitTypes: v.unitTypes ?? [],
      orgTypes: v.orgTypes ?? [],
      deadline: fromDay(v.deadline)!,
      evidenceRequired: (v.evidenceRequired ?? '').trim(),
    };
    save.mutate(
      { id: task?.id, input },
      {
        onSuccess: () => {
          message.success(task ? '重点任务已修改' : '重点任务已保存为草稿，确认无误后点击“下达”');
          onClose();
        },
        onError: (e) => setError(applyServerErrors(form, e, FIELDS)),
      },
    );
  };

  return (
    <Modal
      title={task ? '修改重点任务' : '新建重点任务'}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存草稿"
      okButtonProps={{ 'data-testid': 'key-task-save' }}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="key-task-error" />}
      <Form form={form} layout="horizontal" labelCol={{ flex: '100px' }} onFinish={finish} style={{ marginTop: 16 }} data-testid="key-task-form">
        <Form.Item label="年度与清单" required style={{ marginBottom: 0 }}>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            <Form.Item name="year" rules={[{ required: true, message: '请选择年度' }]}>
              <Select options={yearOptions(year)} style={{ width: 100 }} onChange={(y: number) => form.setFieldValue('deadline', toDay(`${y}-12-31`))} />
            </Form.Item>
            <Form.Item name="listKind" rules={[{ required: true, message: '请选择清单' }]}>
              <Select options={listKinds.options} style={{ width: 130 }} />
            </Form.Item>
          </div>
        </Form.Item>
        <Form.Item name="category" label="类别" rules={[{ required: true, whitespace: true, message: '请输入类别' }, { max: 50, message: '不超过50字' }]}>
          <Input maxLength={50} placeholder="如：基层组织建设" />
        </Form.Item>
        <Form.Item name="title" label="任务名称" rules={[{ required: true, whitespace: true, message: '请输入任务名称' }, { max: 200, message: '不超过200字' }]}>
          <Input maxLength={200} placeholder="如：规范支部主题党日" />
        </Form.Item>
        <Form.Item name="description" label="任务内容" rules={[{ max: 4000, message: '不超过4000字' }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount placeholder="工作要求与目标" />
        </Form.Item>
        <Form.Item name="unitTypes" label="适用单位类型" extra="不选：所有单位类型">
          <Select mode="multiple" allowClear options={unitTypes.options} placeholder="全部单位类型" />
        </Form.Item>
        <Form.Item name="orgTypes" label="适用组织类型" extra="不选：所有组织类型">
          <Select mode="multiple" allowClear options={orgTypes.options} optionFilterProp="label" placeholder="全部组织类型" maxTagCount="responsive" data-testid="key-task-org-types" />
        </Form.Item>
        <Form.Item
          name="deadline"
          label="完成时限"
          dependencies={['year']}
          rules={[
            { required: true, message: '请选择完成时限' },
            ({ getFieldValue }) => ({
              validator: (_, d?: Dayjs) => (!d || d.year() === getFieldValue('year') ? Promise.resolve() : Promise.reject(new Error('完成时限应在任务年度内'))),
            }),
          ]}
        >
          <DatePicker style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="evidenceRequired" label="佐证要求" rules={[{ max: 1000, message: '不超过1000字' }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder="如：主题党日记录" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
