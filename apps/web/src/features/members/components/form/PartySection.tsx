import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import { BRANCH_TYPES, cadreTypes, memberCategories, type OrgType } from '@xianfeng/shared';
import type { Org } from '../../../../api/types.ts';
import { FormSection } from '../../../../components/FormSection.tsx';
import { OrgTreeSelect } from '../../../orgs/components/OrgTreeSelect.tsx';
import type { MemberFormValues } from './member-form.ts';

const isMemberHome = (o: Org) => !o.dissolvedOn && (BRANCH_TYPES.includes(o.type as OrgType) || o.type === 'party_group');

/** 党籍信息: organisation, 正式/预备 (a 预备党员 has no 转正日期), join date, party post, cadre type. */
export function PartySection() {
  const form = Form.useFormInstance<MemberFormValues>();
  const category = Form.useWatch('category', form);
  return (
    <FormSection title="党籍信息">
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name="orgId" label="所在党组织" rules={[{ required: true, message: '请选择所在党支部或党小组' }]}>
            <OrgTreeSelect selectable={isMemberHome} placeholder="选择党支部或党小组" />
          </Form.Item>
        </Col>
        <Col xs={24} md={4}>
          <Form.Item name="category" label="人员类别" rules={[{ required: true }]}>
            <Select options={memberCategories.options} onChange={(v) => v === 'probationary' && form.setFieldValue('fullDate', null)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item name="joinDate" label="入党日期" rules={[{ required: true, message: '请选择入党日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item name="fullDate" label="转正日期" rules={category === 'full' ? [{ required: true, message: '正式党员应填写转正日期' }] : []}>
            <DatePicker style={{ width: '100%' }} disabled={category === 'probationary'} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="partyPost" label="党内职务" rules={[{ max: 50 }]}>
            <Input placeholder="如：党支部书记" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="cadreType" label="党务干部">
            <Select allowClear options={cadreTypes.options} placeholder="否" />
          </Form.Item>
        </Col>
      </Row>
    </FormSection>
  );
}
