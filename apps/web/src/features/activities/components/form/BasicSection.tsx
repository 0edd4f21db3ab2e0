import { Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { activityTypes } from '@xianfeng/shared';
import type { Org } from '../../../../api/types.ts';
import { FormSection } from '../../../../components/FormSection.tsx';
import { MemberPicker } from '../../../members/components/MemberPicker.tsx';
import { OrgTreeSelect } from '../../../orgs/components/OrgTreeSelect.tsx';
import { MembersMultiPicker } from '../MembersMultiPicker.tsx';
import { ExpectedPreviewNote } from './ExpectedPreviewNote.tsx';
import { isTalkOnly, noAngles, type ActivityFormValues } from './activity-form.ts';

const canHoldActivities = (o: Org) => !o.dissolvedOn;

/**
 * 基本信息: organisation, types, title, place, time, host and recorder (and the 谈话对象 of a
 * 谈心谈话: chosen when the record is created or becomes one; afterwards kept on the attendance list).
 * `wasTalkOnly`: the record being edited already is a 谈心谈话.
 */
export function BasicSection({ editing, wasTalkOnly = false }: { editing: boolean; wasTalkOnly?: boolean }) {
  const form = Form.useFormInstance<ActivityFormValues>();
  const orgId = Form.useWatch('orgId', form);
  const talkOnly = isTalkOnly(Form.useWatch('types', form));

  // A start time with no end (or an end before it) gets a two-hour meeting.
  const onStartChange = (d: Dayjs | null) => {
    const end = form.getFieldValue('endsAt') as Dayjs | null | undefined;
    if (d && (!end || !end.isAfter(d))) form.setFieldValue('endsAt', d.add(2, 'hour'));
  };

  const endAfterStart = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, v: Dayjs | null) => {
      const s = getFieldValue('startsAt') as Dayjs | null;
      return !v || !s || v.isAfter(s) ? Promise.resolve() : Promise.reject(new Error('结束时间应晚于开始时间'));
    },
  });

  return (
    <FormSection title="基本信息" first>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name="orgId" label="党组织" rules={[{ required: true, message: '请选择开展活动的党组织' }]} extra={editing ? '活动所属组织不能修改' : undefined}>
            <OrgTreeSelect selectable={canHoldActivities} disabled={editing} placeholder="选择开展活动的党组织" />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item name="types" label="活动类型" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种活动类型' }]} extra="一次活动可同时计入多种类型，如“主题党日”结合“党课”">
            <Select mode="multiple" options={activityTypes.options} optionFilterProp="label" placeholder="选择一种或多种（可输入名称筛选）" maxCount={6} allowClear />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item name="title" label="主题" rules={[{ required: true, whitespace: true, message: '请填写活动主题' }, { max: 200 }, noAngles]}>
            <Input placeholder="如：学习贯彻党的二十届四中全会精神" maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="place" label="地点" rules={[{ max: 200 }, noAngles]}>
            <Input placeholder="如：机关三楼党员活动室" maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="startsAt" label="开始时间" rules={[{ required: true, message: '请选择开始时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} onChange={onStartChange} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="endsAt" label="结束时间" dependencies={['startsAt']} rules={[{ required: true, message: '请选择结束时间' }, endAfterStart]}>
            <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="hostMemberId" label={talkOnly ? '谈话人' : '主持人'}>
            <MemberPicker orgId={orgId} placeholder="输入姓名搜索" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="recorderMemberId" label="记录人">
            <MemberPicker orgId={orgId} placeholder="输入姓名搜索" />
          </Form.Item>
        </Col>
      </Row>
      <ExpectedPreviewNote />
      {talkOnly && (!editing || !wasTalkOnly) && (
        <Form.Item name="participantMemberIds" label="谈话对象" rules={[{ required: true, type: 'array', min: 1, message: '请选择谈话对象' }]} extra="谈心谈话以谈话对象为应到人员。">
          <MembersMultiPicker placeholder="输入姓名搜索，可选多人" />
        </Form.Item>
      )}
      {talkOnly && editing && wasTalkOnly && <Typography.Paragraph type="secondary">谈话对象在活动详情页的出勤名单中维护（可添加列席人员）。</Typography.Paragraph>}
    </FormSection>
  );
}
