import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Form, Result, Space, Spin } from 'antd';
import { errorMessage } from '../../../api/client.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { useActivity, useCreateActivity, useUpdateActivity } from '../activities.api.ts';
import { ActivityStatusTag } from '../activity-labels.tsx';
import { ACTIVITY_FORM_FIELDS, isTalkOnly, toActivityCreateBody, toActivityFields, toActivityFormValues, toActivityUpdateBody, type ActivityFormValues } from '../components/form/activity-form.ts';
import { BasicSection } from '../components/form/BasicSection.tsx';
import { LecturerSection } from '../components/form/LecturerSection.tsx';
import { ContentSection } from '../components/form/ContentSection.tsx';
import { SaveButtons } from '../components/form/SaveButtons.tsx';

/** 新建活动 / 计划活动 / 编辑活动. */
export default function ActivityFormPage() {
  const params = useParams();
  const [search] = useSearchParams();
  const id = params.activityId ? Number(params.activityId) : undefined;
  const editing = id !== undefined;
  const planMode = !editing && search.get('planned') === '1';
  const activity = useActivity(id);
  const session = useCurrentSession();
  const [form] = Form.useForm<ActivityFormValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateActivity();
  const update = useUpdateActivity(id ?? 0);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<'record' | 'plan' | null>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [id]);

  const initialOrg = useMemo(() => {
    const fromQuery = Number(search.get('orgId'));
    if (fromQuery) return fromQuery;
    const granted = [...new Set(session.grants.filter((g) => g.role !== 'member').map((g) => g.orgId))];
    return granted.length === 1 ? granted[0] : undefined;
  }, [search, session.grants]);

  useEffect(() => {
    if (editing && activity.data) form.setFieldsValue(toActivityFormValues(activity.data));
  }, [editing, activity.data, form]);

  const save = async (planned: boolean) => {
    setError(null);
    let v: ActivityFormValues;
    try {
      v = await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    // The buttons are at the bottom of a long form: bring the message (or the field it names) into view.
    const onError = (e: unknown) => {
      setSaving(null);
      const rest = applyServerErrors(form, e, ACTIVITY_FORM_FIELDS);
      setError(rest);
      const field = form.getFieldsError().find((f) => f.errors.length);
      if (rest || !field) window.scrollTo({ top: 0, behavior: 'smooth' });
      else form.scrollToField(field.name, { block: 'center' });
    };
    setSaving(planned ? 'plan' : 'record');
    if (editing) {
      update.mutate(toActivityUpdateBody(v, isTalkOnly(activity.data?.types)), {
        onSuccess: () => {
          message.success('已保存');
          navigate(`/activities/${id}`, { replace: true });
        },
        onError,
      });
      return;
    }
    create.mutate(toActivityCreateBody(v, planned), {
      onSuccess: (r) => {
        message.success(planned ? '活动计划已保存，应参加的党员将收到通知' : '活动记录已保存，请登记出勤情况');
        navigate(`/activities/${r.id}`, { replace: true });
      },
      onError,
    });
  };

  if (editing && activity.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (editing && activity.error) return <Result status="warning" title="无法编辑该活动" subTitle={errorMessage(activity.error)} />;
  if (editing && activity.data && !activity.data.abilities.edit) {
    return (
      <Result
        status="403"
        title="该活动当前不能修改"
        subTitle={activity.data.status === 'submitted' ? '记录已提交审核，审核完成前不能修改。' : activity.data.status === 'approved' ? '记录已审核通过并锁定，如需修改请上级党组织重新打开。' : '您没有修改该活动的权限。'}
        extra={<Button onClick={() => navigate(`/activities/${id}`)}>查看活动</Button>}
      />
    );
  }

  const pageTitle = editing ? (
    <Space>
      <span>编辑活动：{activity.data?.title}</span>
      {activity.data && <ActivityStatusTag status={activity.data.status} />}
    </Space>
  ) : planMode ? (
    '计划活动'
  ) : (
    '新建活动记录'
  );

  return (
    <Card size="small" title={pageTitle}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="activity-form-error" />}
      {editing && activity.data?.status === 'returned' && activity.data.reviewComment && (
        <Alert type="warning" showIcon title="上级退回意见" description={activity.data.reviewComment} style={{ marginBottom: 12 }} />
      )}
      <Form<ActivityFormValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ orgId: initialOrg, types: [], lecturerMode: 'member', votes: [] }}
        style={{ maxWidth: 1040 }}
        scrollToFirstError
      >
        <BasicSection editing={editing} wasTalkOnly={editing && isTalkOnly(activity.data?.types)} />
        <LecturerSection />
        <ContentSection attendance={editing ? activity.data?.attendanceSummary : undefined} />
        <SaveButtons editing={editing} planMode={planMode} saving={saving} updating={update.isPending} onSave={save} />
      </Form>
    </Card>
  );
}
