import { useEffect } from 'react';
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { inspectionKinds, type InspectionInput } from '@xianfeng/shared';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useCreateInspection, useTemplates, useUpdateInspection, type InspectionDetail } from '../inspections.api.ts';
import { TargetsSelect } from './TargetsSelect.tsx';
import type { Dayjs } from 'dayjs';

type Values = Omit<InspectionInput, 'startsOn' | 'endsOn' | 'team'> & { startsOn?: Dayjs; endsOn?: Dayjs; team: string[] };

/** 安排督查 / 修改督查: one form for both (a plan is edited only while planned). */
export function InspectionFormModal({ open, onClose, record, onSaved }: { open: boolean; onClose: () => void; record?: InspectionDetail; onSaved?: (d: InspectionDetail) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const templates = useTemplates();
  const create = useCreateInspection();
  const update = useUpdateInspection(record?.id ?? 0);
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) {
      form.setFieldsValue({
        year: record.year,
        kind: record.kind,
        quarter: record.quarter,
        title: record.title,
        startsOn: toDay(record.startsOn),
        endsOn: toDay(record.endsOn),
        team: record.team,
        leader: record.leader,
        templateId: record.templateId,
        targetOrgIds: record.targetList.map((t) => t.orgId),
      });
    } else {
      form.setFieldsValue({ year: new Date().getFullYear(), kind: 'special', team: [] });
    }
  }, [open, record, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const input: InspectionInput = { ...v, quarter: v.kind === 'special' ? (v.quarter ?? null) : null, leader: v.leader || null, startsOn: fromDay(v.startsOn)!, endsOn: fromDay(v.endsOn)! };
    try {
      const saved = record ? await update.mutateAsync(input) : await create.mutateAsync(input);
      message.success(record ? '已保存' : '督查已安排');
      onSaved?.(saved);
      onClose();
    } catch (e) {
      const left = applyServerErrors(form, e);
      if (left) message.error(left);
    }
  };

  return (
    <Modal open={open} title={record ? '修改督查' : '安排督查'} onCancel={onClose} onOk={submit} okText="保存" confirmLoading={create.isPending || update.isPending} width={720} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col xs={24} md={6}>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
              <Select options={inspectionKinds.options} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            {kind === 'special' && (
              <Form.Item name="quarter" label="季度" rules={[{ required: true, message: '专项督查按季度开展，请选择季度' }]}>
                <Select options={[1, 2, 3, 4].map((q) => ({ value: q, label: `第${q}季度` }))} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item name="title" label="督查名称" rules={[{ required: true, message: '请填写督查名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="startsOn" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="endsOn" label="结束日期" rules={[{ required: true, message: '请选择结束日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item name="team" label="督查组成员" rules={[{ required: true, type: 'array', min: 1, message: '请填写督查组成员' }]} extra="输入姓名后回车">
              <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ' ']} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="leader" label="组长">
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="templateId" label="检查清单模板" rules={[{ required: true, message: '请选择检查清单模板' }]}>
          <Select loading={templates.isLoading} options={templates.data?.items.map((t) => ({ value: t.id, label: `${t.name}（${t.items.length}项）` }))} />
        </Form.Item>
        <Form.Item name="targetOrgIds" label="督查对象" rules={[{ required: true, type: 'array', min: 1, message: '请选择督查对象' }]}>
          <TargetsSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
