import { Button, Form, Space, Tooltip } from 'antd';
import { useNavigate } from 'react-router';
import { nowInBeijing } from '../../activity-time.ts';
import type { ActivityFormValues } from './activity-form.ts';

type Props = {
  editing: boolean;
  /** Opened as 计划活动: 保存为计划 comes first. */
  planMode: boolean;
  /** Which save is under way (a new record), or whether the edit is being saved. */
  saving: 'record' | 'plan' | null;
  updating: boolean;
  onSave: (planned: boolean) => void;
};

/** 保存 (an edit), or 保存记录 / 保存为计划 (a new activity: a record once held, a plan before), and 取消. */
export function SaveButtons({ editing, planMode, saving, updating, onSave }: Props) {
  const navigate = useNavigate();
  const form = Form.useFormInstance<ActivityFormValues>();
  const startsAt = Form.useWatch('startsAt', form);
  const future = !!startsAt && startsAt.isAfter(nowInBeijing());

  const recordButton = (
    <Tooltip title={future ? '活动尚未举行，请“保存为计划”；举行后再补充记录并提交审核' : undefined}>
      <Button type={planMode && !editing ? 'default' : 'primary'} loading={saving === 'record'} disabled={future || saving === 'plan'} onClick={() => onSave(false)} data-testid="save-record">
        保存记录
      </Button>
    </Tooltip>
  );
  const planButton = (
    <Tooltip title={startsAt && !future ? '活动时间已过，请直接“保存记录”' : '保存后应参加的党员会收到活动通知'}>
      <Button type={planMode || future ? 'primary' : 'default'} loading={saving === 'plan'} disabled={(!!startsAt && !future) || saving === 'record'} onClick={() => onSave(true)} data-testid="save-plan">
        保存为计划
      </Button>
    </Tooltip>
  );

  return (
    <Space style={{ marginTop: 8 }}>
      {editing ? (
        <Button type="primary" loading={updating} onClick={() => onSave(false)} data-testid="save-activity">
          保存
        </Button>
      ) : planMode ? (
        <>
          {planButton}
          {recordButton}
        </>
      ) : (
        <>
          {recordButton}
          {planButton}
        </>
      )}
      <Button onClick={() => navigate(-1)}>取消</Button>
    </Space>
  );
}
