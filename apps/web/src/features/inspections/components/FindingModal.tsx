import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Radio, Space, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { findingSeverities, type FindingSeverity } from '@xianfeng/shared';
import { fromDay, todayDay } from '../../../lib/dates.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useCreateFinding } from '../../lists/lists.api.ts';

type Values = {
  findingClass: string;
  title: string;
  detail?: string;
  severity: FindingSeverity;
  principalName: string;
  leaderName?: string;
  deadline?: Dayjs;
  immediate: boolean;
  immediateNote?: string;
};

const FIELDS = ['findingClass', 'title', 'detail', 'severity', 'principalName', 'leaderName', 'deadline', 'immediate', 'immediateNote'];

/**
 * 登记发现问题 (工委 / 督查组): the finding becomes an item of the unit's 问题清单 — two months to
 * rectify unless another deadline is given; 立行立改 is recorded as rectified at once.
 */
export function FindingModal({ inspectionId, org, open, onClose }: { inspectionId: number; org: { id: number; name: string } | null; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const create = useCreateFinding(inspectionId);
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
      form.setFieldsValue({ severity: 'general', immediate: false });
    }
  }, [open, form]);
  const immediate = Form.useWatch('immediate', form);

  const finish = async (v: Values) => {
    if (!org) return;
    setError(null);
    try {
      await create.mutateAsync({
        orgId: org.id,
        findingClass: v.findingClass.trim(),
        title: v.title.trim(),
        detail: (v.detail ?? '').trim(),
        severity: v.severity,
        principalName: v.principalName.trim(),
        leaderName: (v.leaderName ?? '').trim(),
        ...(v.deadline ? { deadline: fromDay(v.deadline)! } : {}),
        immediate: !!v.immediate,
        immediateNote: v.immediate ? (v.immediateNote ?? '').trim() : '',
      });
      message.success(v.immediate ? '已登记，立行立改记为已整改' : '已登记，记入该单位的问题清单');
      onClose();
    } catch (e) {
      const left = applyServerErrors(form, e, FIELDS);
      if (left) setError(left);
    }
  };

  return (
    <Modal
      title={`登记发现问题${org ? `：${org.name}` : ''}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="登记"
      okButtonProps={{ 'data-testid': 'finding-submit' }}
      confirmLoading={create.isPending}
      width={680}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="finding-error" />}
      <Form<Values> form={form} layout="vertical" onFinish={finish} data-testid="finding-form">
        <Space wrap size={[16, 0]} align="start" style={{ width: '100%' }}>
          <Form.Item name="findingClass" label="问题归类" rules={[{ required: true, whitespace: true, message: '请填写问题归类' }, { max: 50, message: '不超过50字' }]}>
            <Input maxLength={50} placeholder="如：三会一课" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="severity" label="严重程度" rules={[{ required: true, message: '请选择严重程度' }]}>
            <Radio.Group options={findingSeverities.options} optionType="button" />
          </Form.Item>
        </Space>
        <Form.Item name="title" label="问题表现" rules={[{ required: true, whitespace: true, message: '请填写问题表现' }, { max: 200, message: '不超过200字' }]}>
          <Input maxLength={200} placeholder="如：部分支部支委会未按月召开" />
        </Form.Item>
        <Form.Item name="detail" label="具体情况" rules={[{ max: 4000, message: '不超过4000字' }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount placeholder="检查中发现的具体情况，如抽查的支部、月份" />
        </Form.Item>
        <Space wrap size={[16, 0]} align="start" style={{ width: '100%' }}>
          <Form.Item name="principalName" label="主要负责人" rules={[{ required: true, whitespace: true, message: '请填写主要负责人' }, { max: 50, message: '不超过50字' }]}>
            <Input maxLength={50} placeholder="整改第一责任人" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="leaderName" label="分管领导" rules={[{ max: 50, message: '不超过50字' }]}>
            <Input maxLength={50} placeholder="可不填" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="deadline" label="整改时限" extra="不填默认两个月">
            <DatePicker placeholder="选择日期" disabledDate={(d) => d.isBefore(todayDay(), 'day')} style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item label="立行立改" style={{ marginBottom: immediate ? 8 : 0 }}>
          <Space size={8}>
            <Form.Item name="immediate" valuePropName="checked" noStyle>
              <Switch data-testid="finding-immediate" />
            </Form.Item>
            <Typography.Text type="secondary">检查期间已当场整改的，直接记为已整改</Typography.Text>
          </Space>
        </Form.Item>
        {immediate && (
          <Form.Item name="immediateNote" label="整改情况" rules={[{ required: true, whitespace: true, message: '立行立改须写明整改情况' }, { max: 2000, message: '不超过2000字' }]}>
            <Input.TextArea rows={2} maxLength={2000} placeholder="如：检查当天已更新学习园地内容" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
