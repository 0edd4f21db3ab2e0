import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { listKinds, type ListKind } from '@xianfeng/shared';
import { applyServerErrors } from '../../../lib/forms.ts';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { yearOptions } from '../../compliance/compliance-status.tsx';
import { useCreateOwnItem } from '../lists.api.ts';

type Values = { orgId?: number; year: number; listKind: ListKind; category: string; title: string; content: string; deadline?: Dayjs };

type Props = { open: boolean; year: number; orgId?: number; kind?: ListKind; onClose: () => void; onCreated: (id: number) => void };

/** 新建自定事项 (创新动作): an organisation adds an item of its own to its list. */
export function OwnItemModal({ open, year, orgId, kind, onClose, onCreated }: Props) {
  const [form] = Form.useForm<Values>();
  const create = useCreateOwnItem();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setError(null);
      form.setFieldsValue({ orgId, year, listKind: kind ?? 'task', category: '创新动作', title: '', content: '', deadline: toDay(`${year}-12-31`) });
    }
  }, [open, year, orgId, kind, form]);

  const finish = (v: Values) => {
    setError(null);
    create.mutate(
      { orgId: v.orgId!, year: v.year, listKind: v.listKind, category: v.category.trim() || '创新动作', title: v.title.trim(), content: v.content.trim(), deadline: fromDay(v.deadline)! },
      {
        onSuccess: (item) => {
          message.success('事项已建立，请制定时间表');
          onCreated(item.id);
        },
        onError: (e) => setError(applyServerErrors(form, e, ['orgId', 'year', 'listKind', 'category', 'title', 'content', 'deadline'])),
      },
    );
  };

  return (
    <Modal title="新建自定事项（创新动作）" open={open} onCancel={onClose} onOk={() => form.submit()} okText="建立" confirmLoading={create.isPending} width={600} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="horizontal" labelCol={{ flex: '88px' }} onFinish={finish} style={{ marginTop: 16 }} data-testid="own-item-form">
        <Form.Item name="orgId" label="党组织" rules={[{ required: true, message: '请选择党组织' }]}>
          <OrgTreeSelect placeholder="事项所属的党组织" />
        </Form.Item>
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
        <Form.Item name="category" label="类别" rules={[{ max: 50, message: '不超过50字' }]}>
          <Input maxLength={50} placeholder="创新动作" />
        </Form.Item>
        <Form.Item name="title" label="事项名称" rules={[{ required: true, whitespace: true, message: '请输入事项名称' }, { max: 200, message: '不超过200字' }]}>
          <Input maxLength={200} placeholder="如：打造“红色驿站”党建品牌" />
        </Form.Item>
        <Form.Item name="content" label="内容" rules={[{ max: 4000, message: '不超过4000字' }]}>
          <Input.TextArea rows={3} maxLength={4000} showCount placeholder="工作内容与目标" />
        </Form.Item>
        <Form.Item
          name="deadline"
          label="完成时限"
          dependencies={['year']}
          rules={[
            { required: true, message: '请选择完成时限' },
            ({ getFieldValue }) => ({
              validator: (_, d?: Dayjs) => (!d || d.year() === getFieldValue('year') ? Promise.resolve() : Promise.reject(new Error('完成时限应在年度内'))),
            }),
          ]}
        >
          <DatePicker style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
