import { Col, DatePicker, Form, Input, Row, Switch } from 'antd';
import { FormSection } from '../../../../components/FormSection.tsx';
import type { MemberFormValues } from './member-form.ts';

const yesNo = <Switch checkedChildren="是" unCheckedChildren="否" />;

/** 其他情况: lost contact (since when), flowing (to where), hardship, retired. */
export function OtherSection() {
  const form = Form.useFormInstance<MemberFormValues>();
  const lostContact = Form.useWatch('lostContact', form);
  const flowing = Form.useWatch('flowing', form);
  return (
    <FormSection title="其他情况">
      <Row gutter={16}>
        <Col xs={24} md={4}>
          <Form.Item name="lostContact" label="失联党员" valuePropName="checked">
            {yesNo}
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="lostContactDate" label="失去联系日期">
            <DatePicker style={{ width: '100%' }} disabled={!lostContact} />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="flowing" label="流动党员" valuePropName="checked">
            {yesNo}
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="flowTo" label="外出流向" rules={[{ max: 100 }]}>
            <Input disabled={!flowing} />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="hardship" label="困难党员" valuePropName="checked">
            {yesNo}
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="retired" label="离退休" valuePropName="checked">
            {yesNo}
          </Form.Item>
        </Col>
      </Row>
    </FormSection>
  );
}
