import { Col, Form, Input, Radio, Row } from 'antd';
import { FormSection } from '../../../../components/FormSection.tsx';
import { MemberPicker } from '../../../members/components/MemberPicker.tsx';
import { noAngles, type ActivityFormValues } from './activity-form.ts';

/** 党课授课人, when the types include 党课: a member of the organisation, or someone invited. */
export function LecturerSection() {
  const form = Form.useFormInstance<ActivityFormValues>();
  const types = Form.useWatch('types', form) ?? [];
  const lecturerMode = Form.useWatch('lecturerMode', form);
  if (!types.includes('party_lecture')) return null;
  return (
    <FormSection title="党课授课人">
      <Row gutter={16} align="bottom">
        <Col xs={24} md={7}>
          <Form.Item name="lecturerMode" label="授课人来源" required>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'member', label: '本组织党员' },
                { value: 'external', label: '外请人员' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          {lecturerMode === 'external' ? (
            <Form.Item name="lecturerName" label="授课人姓名及身份" rules={[{ max: 100 }, noAngles]}>
              <Input placeholder="如：市委党校 王教授" maxLength={100} />
            </Form.Item>
          ) : (
            <Form.Item name="lecturerMemberId" label="授课人" extra="书记讲党课按授课人是否为当日书记自动统计">
              <MemberPicker placeholder="输入姓名搜索" />
            </Form.Item>
          )}
        </Col>
      </Row>
    </FormSection>
  );
}
