import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Form, Result, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { memberConsistencyErrors } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { fetchSensitive, useCreateMember, useMember, useUpdateMember } from '../members.api.ts';
import { MEMBER_FORM_DEFAULTS, MEMBER_FORM_FIELDS, toMemberFormValues, toMemberInput, type MemberFormValues } from '../components/form/member-form.ts';
import { BasicSection } from '../components/form/BasicSection.tsx';
import { PartySection } from '../components/form/PartySection.tsx';
import { ContactSection } from '../components/form/ContactSection.tsx';
import { OtherSection } from '../components/form/OtherSection.tsx';

/** 新增党员 / 编辑党员. Editing sends the whole record, so the full ID number is loaded first (audited). */
export default function MemberFormPage() {
  const params = useParams();
  const id = params.memberId ? Number(params.memberId) : undefined;
  const editing = id !== undefined;
  const member = useMember(id);
  const sensitive = useQuery({
    queryKey: ['members', 'sensitive-for-edit', id],
    queryFn: () => fetchSensitive(id!),
    enabled: editing && !!member.data?.abilities.edit,
    staleTime: Infinity,
    gcTime: 0,
  });
  const [form] = Form.useForm<MemberFormValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateMember();
  const update = useUpdateMember(id ?? 0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (editing && member.data && sensitive.data) form.setFieldsValue(toMemberFormValues(member.data, sensitive.data));
  }, [editing, member.data, sensitive.data, form]);

  const onFinish = (v: MemberFormValues) => {
    setError(null);
    const input = toMemberInput(v);
    const local = memberConsistencyErrors(input);
    if (local.length) {
      form.setFields(local.map((e) => ({ name: e.field as keyof MemberFormValues, errors: [e.message] })));
      return;
    }
    const onError = (e: unknown) => setError(applyServerErrors(form, e, MEMBER_FORM_FIELDS));
    if (editing) {
      update.mutate(input, {
        onSuccess: () => {
          message.success('已保存');
          navigate(`/members/${id}`, { replace: true });
        },
        onError,
      });
    } else {
      create.mutate(input, {
        onSuccess: (r) => {
          message.success(`已新增党员“${input.name}”`);
          navigate(`/members/${r.id}`, { replace: true });
        },
        onError,
      });
    }
  };

  if (editing && (member.isLoading || sensitive.isLoading)) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (editing && (member.error || sensitive.error)) return <Result status="warning" title="无法编辑该党员" subTitle={errorMessage(member.error ?? sensitive.error)} />;
  if (editing && member.data && !member.data.abilities.edit) return <Result status="403" title="没有修改该党员信息的权限" />;

  return (
    <Card size="small" title={editing ? `编辑党员：${member.data?.name ?? ''}` : '新增党员'}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="member-form-error" />}
      <Form<MemberFormValues> form={form} layout="vertical" onFinish={onFinish} requiredMark="optional" initialValues={MEMBER_FORM_DEFAULTS} style={{ maxWidth: 1040 }} scrollToFirstError>
        <BasicSection />
        <PartySection />
        <ContactSection />
        <OtherSection />
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending}>
            保存
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
