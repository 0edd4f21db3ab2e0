import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Divider, Form, Input, Result, Row, Select, Space, Spin, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import {
  BRANCH_TYPES,
  cadreTypes,
  educations,
  genders,
  memberCategories,
  memberConsistencyErrors,
  parseIdNumber,
  ranks,
  type MemberCreateInput,
  type OrgType,
} from '@xianfeng/shared';
import type { Org } from '../../../api/types.ts';
import { errorMessage } from '../../../api/client.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { fromDay, toDay } from '../../../lib/dates.ts';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { fetchSensitive, useCreateMember, useMember, useUpdateMember } from '../members.api.ts';

type Values = {
  orgId: number;
  name: string;
  gender: '男' | '女';
  ethnicity: string;
  idNumber: string;
  birthDate: Dayjs;
  education?: string | null;
  category: 'full' | 'probationary';
  joinDate: Dayjs;
  fullDate?: Dayjs | null;
  jobPost?: string | null;
  phone?: string | null;
  address?: string | null;
  lostContact: boolean;
  lostContactDate?: Dayjs | null;
  flowing: boolean;
  flowTo?: string | null;
  rank?: string | null;
  partyPost?: string | null;
  cadreType?: string | null;
  hardship: boolean;
  retired: boolean;
};

const FIELDS = [
  'orgId', 'name', 'gender', 'ethnicity', 'idNumber', 'birthDate', 'education', 'category', 'joinDate', 'fullDate', 'jobPost', 'phone', 'address',
  'lostContact', 'lostContactDate', 'flowing', 'flowTo', 'rank', 'partyPost', 'cadreType', 'hardship', 'retired',
];

const isMemberHome = (o: Org) => !o.dissolvedOn && (BRANCH_TYPES.includes(o.type as OrgType) || o.type === 'party_group');
const blank = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

function toInput(v: Values): MemberCreateInput {
  return {
    orgId: v.orgId,
    name: v.name.trim(),
    gender: v.gender,
    ethnicity: v.ethnicity?.trim() || '汉族',
    idNumber: v.idNumber.trim().toUpperCase(),
    birthDate: fromDay(v.birthDate)!,
    education: (v.education ?? null) as MemberCreateInput['education'],
    category: v.category,
    joinDate: fromDay(v.joinDate)!,
    fullDate: fromDay(v.fullDate) ?? null,
    jobPost: blank(v.jobPost),
    phone: blank(v.phone),
    address: blank(v.address),
    lostContact: !!v.lostContact,
    lostContactDate: v.lostContact ? (fromDay(v.lostContactDate) ?? null) : null,
    flowing: !!v.flowing,
    flowTo: v.flowing ? blank(v.flowTo) : null,
    rank: (v.rank ?? null) as MemberCreateInput['rank'],
    partyPost: blank(v.partyPost),
    cadreType: (v.cadreType ?? null) as MemberCreateInput['cadreType'],
    hardship: !!v.hardship,
    retired: !!v.retired,
  };
}

/** 新增党员 / 编辑党员. Editing sends the whole record, so the full ID number is loaded first (audited). */
export default function MemberFormPage() {
  const params = useParams();
  const id = params.memberId ? Number(params.memberId) : undefined;
  const editing = id !== undefined;
  const member = useMember(id);
  const sensitive = useQuery({
    queryKey: ['members', 'sensitive-for-edit', id],
    queryFn: () => fetchSensitive(id!),
    enabled: editing && !!member.data?.abilities.edit,
    staleTime: Infinity,
    gcTime: 0,
  });
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateMember();
  const update = useUpdateMember(id ?? 0);
  const [error, setError] = useState<string | null>(null);
  const lostContact = Form.useWatch('lostContact', form);
  const flowing = Form.useWatch('flowing', form);
  const category = Form.useWatch('category', form);

  useEffect(() => {
    const m = member.data;
    const s = sensitive.data;
    if (!editing || !m || !s) return;
    form.setFieldsValue({
      orgId: m.orgId,
      name: m.name,
      gender: m.gender as Values['gender'],
      ethnicity: m.ethnicity,
      idNumber: s.idNumber,
      birthDate: toDay(m.birthDate),
      education: m.education,
      category: m.category as Values['category'],
      joinDate: toDay(m.joinDate),
      fullDate: toDay(m.fullDate) ?? null,
      jobPost: m.jobPost,
      phone: s.phone,
      address: s.address,
      lostContact: m.lostContact,
      lostContactDate: toDay(m.lostContactDate) ?? null,
      flowing: m.flowing,
      flowTo: m.flowTo,
      rank: m.rank,
      partyPost: m.partyPost,
      cadreType: m.cadreType,
      hardship: m.hardship,
      retired: m.retired,
    });
  }, [editing, member.data, sensitive.data, form]);

  // Typing a valid ID number fills in the birth date and sex it encodes.
  const onIdNumberChange = (raw: string) => {
    const parsed = parseIdNumber(raw);
    if (!('error' in parsed)) form.setFieldsValue({ birthDate: toDay(parsed.birthDate), gender: parsed.gender });
  };

  const onFinish = (v: Values) => {
    setError(null);
    const input = toInput(v);
    const local = memberConsistencyErrors(input);
    if (local.length) {
      form.setFields(local.map((e) => ({ name: e.field as keyof Values, errors: [e.message] })));
      return;
    }
    const onError = (e: unknown) => setError(applyServerErrors(form, e, FIELDS));
    if (editing) {
      update.mutate(input, {
        onSuccess: () => {
          message.success('已保存');
          navigate(`/members/${id}`, { replace: true });
        },
        onError,
      });
    } else {
      create.mutate(input, {
        onSuccess: (r) => {
          message.success(`已新增党员“${input.name}”`);
          navigate(`/members/${r.id}`, { replace: true });
        },
        onError,
      });
    }
  };

  if (editing && (member.isLoading || sensitive.isLoading)) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (editing && (member.error || sensitive.error)) return <Result status="warning" title="无法编辑该党员" subTitle={errorMessage(member.error ?? sensitive.error)} />;
  if (editing && member.data && !member.data.abilities.edit) return <Result status="403" title="没有修改该党员信息的权限" />;

  return (
    <Card size="small" title={editing ? `编辑党员：${member.data?.name ?? ''}` : '新增党员'}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="member-form-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        requiredMark="optional"
        initialValues={{ ethnicity: '汉族', category: 'full', lostContact: false, flowing: false, hardship: false, retired: false }}
        style={{ maxWidth: 1040 }}
        scrollToFirstError
      >
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>基本信息</Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              name="idNumber"
              label="公民身份号码"
              rules={[
                { required: true, message: '请输入公民身份号码' },
                { validator: (_, v: string) => (!v || !('error' in parseIdNumber(v)) ? Promise.resolve() : Promise.reject(new Error((parseIdNumber(v) as { error: string }).error))) },
              ]}
              extra="填写后自动带出出生日期和性别"
            >
              <Input maxLength={18} style={{ fontFamily: 'monospace' }} onChange={(e) => onIdNumberChange(e.target.value)} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="gender" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
              <Select options={genders.options} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="ethnicity" label="民族" rules={[{ required: true, whitespace: true, message: '请输入民族' }, { max: 20 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="birthDate" label="出生日期" rules={[{ required: true, message: '请选择出生日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="education" label="学历">
              <Select allowClear options={educations.options} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>党籍信息</Divider>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="orgId" label="所在党组织" rules={[{ required: true, message: '请选择所在党支部或党小组' }]}>
              <OrgTreeSelect selectable={isMemberHome} placeholder="选择党支部或党小组" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="category" label="人员类别" rules={[{ required: true }]}>
              <Select options={memberCategories.options} onChange={(v) => v === 'probationary' && form.setFieldValue('fullDate', null)} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="joinDate" label="入党日期" rules={[{ required: true, message: '请选择入党日期' }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="fullDate" label="转正日期" rules={category === 'full' ? [{ required: true, message: '正式党员应填写转正日期' }] : []}>
              <DatePicker style={{ width: '100%' }} disabled={category === 'probationary'} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="partyPost" label="党内职务" rules={[{ max: 50 }]}>
              <Input placeholder="如：党支部书记" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="cadreType" label="党务干部">
              <Select allowClear options={cadreTypes.options} placeholder="否" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>工作与联系方式</Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="jobPost" label="工作岗位" rules={[{ max: 50 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="rank" label="职级">
              <Select allowClear options={ranks.options} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="phone" label="联系电话" rules={[{ pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8})$/, message: '联系电话应为11位手机号或区号+固定电话' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label="家庭住址" rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>其他情况</Divider>
        <Row gutter={16}>
          <Col span={4}>
            <Form.Item name="lostContact" label="失联党员" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="lostContactDate" label="失去联系日期">
              <DatePicker style={{ width: '100%' }} disabled={!lostContact} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="flowing" label="流动党员" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="flowTo" label="外出流向" rules={[{ max: 100 }]}>
              <Input disabled={!flowing} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="hardship" label="困难党员" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="retired" label="离退休" valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending}>
            保存
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
