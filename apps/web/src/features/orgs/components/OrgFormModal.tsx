import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Select, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { orgTypes, unitTypes, type OrgType } from '@xianfeng/shared';
import type { Dayjs } from 'dayjs';
import type { Org, OrgDetail } from '../../../api/types.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { useCreateOrg, useCreateUnit, useUnits, useUpdateOrg } from '../orgs.api.ts';

type Values = {
  name: string;
  type: OrgType;
  unitId?: number | null;
  foundedOn?: Dayjs | null;
  /** 成立日期不详: asked, and said to be unknown (never assumed to be today). */
  foundedUnknown?: boolean;
  goLiveOn?: Dayjs | null;
  termStart?: Dayjs | null;
  termEnd?: Dayjs | null;
  contact?: string;
  contactPhone?: string;
};

const FIELDS = ['name', 'type', 'unitId', 'foundedOn', 'goLiveOn', 'termStart', 'termEnd', 'contact', 'contactPhone'];

/** A sensible child type for a parent: below a committee a branch, below a branch a party group. */
function defaultChildType(parent: Org): OrgType {
  if (['branch', 'joint_branch', 'temporary_branch', 'retired_branch'].includes(parent.type)) return 'party_group';
  if (parent.type === 'working_committee') return 'organ_committee';
  return 'branch';
}

/** What an empty 启用日期 means here (GO-1): the date the organisation would inherit. */
function goLiveHint(org: OrgDetail, mode: 'create' | 'edit') {
  const inherited = mode === 'create' ? org.goLive : org.goLive?.source === 'own' ? null : org.goLive;
  const from = inherited ? (inherited.source === 'city' ? `全市启用日期 ${inherited.on}` : `${inherited.source === 'own' ? org.name : (inherited.fromOrgName ?? '上级组织')}的启用日期 ${inherited.on}`) : '上级组织或全市的启用日期';
  return `从这一天起考核本组织的组织生活；留空则沿用${from}。年中迁入的组织可单独设置。`;
}

type Props = { mode: 'create' | 'edit'; org: OrgDetail; open: boolean; onClose: () => void; onSaved: (org: Org) => void };

/** 新建下级组织 (under `org`) or 编辑 (`org` itself). */
export function OrgFormModal({ mode, org, open, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const create = useCreateOrg();
  const update = useUpdateOrg(org.id);
  const units = useUnits(open);
  const [error, setError] = useState<string | null>(null);
  const [unitOpen, setUnitOpen] = useState(false);
  const foundedUnknown = Form.useWatch('foundedUnknown', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      mode === 'edit'
        ? {
            name: org.name,
            type: org.type,
            unitId: org.unitId,
            foundedOn: toDay(org.foundedOn),
            foundedUnknown: !org.foundedOn,
            goLiveOn: toDay(org.goLiveOn),
            termStart: toDay(org.termStart),
            termEnd: toDay(org.termEnd),
            contact: org.contact ?? undefined,
            contactPhone: org.contactPhone ?? undefined,
          }
        : { type: defaultChildType(org), unitId: org.unitId },
    );
  }, [open, mode, org, form]);

  const onFinish = (v: Values) => {
    setError(null);
    const body = {
      name: v.name,
      type: v.type,
      unitId: v.unitId ?? null,
      foundedOn: v.foundedUnknown ? null : (fromDay(v.foundedOn) ?? null),
      goLiveOn: fromDay(v.goLiveOn) ?? null,
      termStart: fromDay(v.termStart) ?? null,
      termEnd: fromDay(v.termEnd) ?? null,
      contact: v.contact ?? '',
      contactPhone: v.contactPhone ?? '',
    };
    const onError = (e: unknown) => setError(applyServerErrors(form, e, FIELDS));
    if (mode === 'create') {
      create.mutate(
        { parentId: org.id, ...body },
        {
          onSuccess: (o) => {
            message.success(`已新建组织“${o.name}”`);
            onSaved(o);
          },
          onError,
        },
      );
    } else {
      update.mutate(body, {
        onSuccess: (o) => {
          message.success('已保存');
          onSaved(o);
        },
        onError,
      });
    }
  };

  return (
    <Modal
      title={mode === 'create' ? `新建下级组织（上级：${org.name}）` : `编辑组织：${org.name}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={create.isPending || update.isPending}
      width={640}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark="optional">
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Form.Item name="name" label="组织名称" rules={[{ required: true, whitespace: true, message: '请输入组织名称' }, { max: 100 }]}>
              <Input placeholder="如：综合处党支部" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="type" label="组织类型" rules={[{ required: true, message: '请选择组织类型' }]}>
              <Select options={orgTypes.options} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="所属单位">
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="unitId" noStyle>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={units.isLoading}
                placeholder="默认与上级组织相同"
                options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
            <Button icon={<PlusOutlined />} onClick={() => setUnitOpen(true)}>
              新建单位
            </Button>
          </Space.Compact>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label="成立日期" required>
              <Space size={12} wrap>
                <Form.Item
                  name="foundedOn"
                  noStyle
                  dependencies={['foundedUnknown']}
                  rules={[({ getFieldValue }) => ({ validator: (_, v) => (v || getFieldValue('foundedUnknown') ? Promise.resolve() : Promise.reject(new Error('请填写成立日期，确实不知道时勾选“不详”'))) })]}
                >
                  <DatePicker style={{ width: 160 }} disabled={foundedUnknown} aria-label="成立日期" />
                </Form.Item>
                <Form.Item name="foundedUnknown" valuePropName="checked" noStyle>
                  <Checkbox onChange={(e) => e.target.checked && form.setFieldValue('foundedOn', null)}>不详</Checkbox>
                </Form.Item>
              </Space>
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="goLiveOn" label="启用日期" extra={goLiveHint(org, mode)}>
              <DatePicker style={{ width: '100%' }} placeholder="沿用上级" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="termStart" label="任期开始日期">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="termEnd"
              label="届满日期"
              dependencies={['termStart']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null) => {
                    const start: Dayjs | null = getFieldValue('termStart');
                    return !v || !start || v.isAfter(start) ? Promise.resolve() : Promise.reject(new Error('届满日期应晚于任期开始日期'));
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="contact" label="联系人" rules={[{ max: 50 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contactPhone" label="联系电话" rules={[{ max: 30 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <UnitModal open={unitOpen} onClose={() => setUnitOpen(false)} onCreated={(id) => form.setFieldValue('unitId', id)} />
    </Modal>
  );
}

function UnitModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const [form] = Form.useForm<{ name: string; type: string }>();
  const createUnit = useCreateUnit();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      title="新建单位"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={createUnit.isPending}
      destroyOnHidden
      width={420}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ type: 'organ' }}
        onFinish={(v) =>
          createUnit.mutate(v, {
            onSuccess: (u) => {
              onCreated(u.id);
              onClose();
            },
            onError: (e) => setError(applyServerErrors(form, e, ['name', 'type'])),
          })
        }
      >
        <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请输入单位名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="type" label="单位类型" rules={[{ required: true }]}>
          <Select options={unitTypes.options} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
