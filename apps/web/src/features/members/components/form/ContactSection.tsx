import { Col, Form, Input, Row, Select } from 'antd';
import { ranks } from '@xianfeng/shared';
import { FormSection } from '../../../../components/FormSection.tsx';

/** 工作与联系方式: post, rank, phone, home address (phone and address are stored encrypted). */
export function ContactSection() {
  return (
    <FormSection title="工作与联系方式">
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="jobPost" label="工作岗位" rules={[{ max: 50 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="rank" label="职级">
            <Select allowClear options={ranks.options} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="phone" label="联系电话" rules={[{ pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8})$/, message: '联系电话应为11位手机号或区号+固定电话' }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={24}>
          <Form.Item name="address" label="家庭住址" rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
    </FormSection>
  );
}
