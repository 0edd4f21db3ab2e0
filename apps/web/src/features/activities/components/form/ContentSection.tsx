import { Form, Input } from 'antd';
import { FormSection } from '../../../../components/FormSection.tsx';
import type { AttendanceSummary } from '../../activity.types.ts';
import { MinutesEditor } from '../MinutesEditor.tsx';
import { VotesEditor } from '../VotesEditor.tsx';
import { noAngles, type ActivityFormValues } from './activity-form.ts';

/**
 * 会议内容: 第一议题, agenda, minutes; the 巡听旁听评价 of a 中心组学习 and the votes of a 党员大会.
 * `attendance` is the saved attendance of the record being edited (for the votes' quorum).
 */
export function ContentSection({ attendance }: { attendance?: AttendanceSummary }) {
  const form = Form.useFormInstance<ActivityFormValues>();
  const types = Form.useWatch('types', form) ?? [];
  return (
    <FormSection title="会议内容">
      <Form.Item name="firstTopic" label="第一议题" rules={[{ max: 500 }, noAngles]} extra="会议首先学习的内容，如习近平总书记重要讲话、重要指示批示精神">
        <Input.TextArea rows={2} maxLength={500} showCount />
      </Form.Item>
      <Form.Item name="agenda" label="议程" rules={[{ max: 2000 }, noAngles]}>
        <Input.TextArea rows={3} maxLength={2000} placeholder="每行一项" />
      </Form.Item>
      <Form.Item name="minutes" label="会议记录">
        <MinutesEditor placeholder="记录发言要点、讨论情况和会议决定" />
      </Form.Item>
      {types.includes('central_group_study') && (
        <Form.Item name="observerComment" label="巡听旁听评价" rules={[{ max: 2000 }, noAngles]} extra="上级巡听旁听人员对本次理论学习中心组学习的评价">
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      )}
      {types.includes('branch_assembly') && (
        <Form.Item label="表决事项（党员大会）">
          <VotesEditor summary={attendance} />
        </Form.Item>
      )}
    </FormSection>
  );
}
