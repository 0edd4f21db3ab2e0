import { Form } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ActivityType } from '@xianfeng/shared';
import { useExpectedPreview } from '../../activities.api.ts';
import { ExpectedListNote } from '../ExpectedListNote.tsx';
import type { ActivityFormValues } from './activity-form.ts';

/** Under 基本信息: who the record will expect with the organisation, types and date chosen, before it is saved. */
export function ExpectedPreviewNote() {
  const form = Form.useFormInstance<ActivityFormValues>();
  const orgId = Form.useWatch('orgId', form) as number | undefined;
  const types = Form.useWatch('types', form) as ActivityType[] | undefined;
  const startsAt = Form.useWatch('startsAt', form) as Dayjs | null | undefined;
  const day = startsAt ? startsAt.format('YYYY-MM-DD') : undefined;
  const preview = useExpectedPreview(orgId, types, day);
  if (!orgId || !types?.length || !day || !preview.data) return null;
  const p = preview.data;
  if (p.rule === 'participants') {
    return (
      <div style={{ marginBottom: 16 }} data-testid="expected-preview">
        <ExpectedListNote orgId={orgId} rule={p.rule} label={p.label} emptyHint={null} />
      </div>
    );
  }
  return (
    <div style={{ marginBottom: 16 }} data-testid="expected-preview">
      <ExpectedListNote orgId={orgId} rule={p.rule} label={p.label} count={p.count} names={p.names} emptyHint={p.emptyHint} refusal={p.refusal} />
    </div>
  );
}
