import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import { educations, genders, parseIdNumber } from '@xianfeng/shared';
import { toDay } from '../../../../lib/dates.ts';
import { FormSection } from '../../../../components/FormSection.tsx';
import type { MemberFormValues } from './member-form.ts';

const idNumberRule = {
  validator: (_: unknown, v: string) => (!v || !('error' in parseIdNumber(v)) ? Promise.resolve() : Promise.reject(new Error((parseIdNumber(v) as { error: string }).error))),
};

/** 基本信息: name, ID number (fills in birth date and sex), sex, ethnicity, birth date, education. */
export function BasicSection() {
  const form = Form.useFormInstance<MemberFormValues>();

  // Typing a valid ID number fills in the birth date and sex it encodes.
  const onIdNumberChange = (raw: string) => {
    const parsed = parseIdNumber(raw);
    if (!('error' in parsed)) form.setFieldsValue({ birthDate: toDay(parsed.birthDate), gender: parsed.gender });
  };

  return (
    <FormSection title="基本信息" first>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="idNumber" label="公民身份号码" rules={[{ required: true, message: '请输入公民身份号码' }, idNumberRule]} extra="填写后自动带出出生日期和性别">
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} onChange={(e) => onIdNumberChange(e.target.value)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="gender" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
            <Select options={genders.options} />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="ethnicity" label="民族" rules={[{ required: true, whitespace: true, message: '请输入民族' }, { max: 20 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="birthDate" label="出生日期" rules={[{ required: true, message: '请选择出生日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="education" label="学历">
            <Select allowClear options={educations.options} />
          </Form.Item>
        </Col>
      </Row>
    </FormSection>
  );
}
