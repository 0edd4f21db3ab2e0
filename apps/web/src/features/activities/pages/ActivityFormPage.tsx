import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Divider, Form, Input, Radio, Result, Row, Select, Space, Spin, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { activityTypes, type ActivityType, type ActivityUpdateInput } from '@xianfeng/shared';
import type { Org } from '../../../api/types.ts';
import { errorMessage } from '../../../api/client.ts';
import { applyServerErrors } from '../../../lib/forms.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { MemberPicker } from '../../members/components/MemberPicker.tsx';
import { OrgTreeSelect } from '../../orgs/components/OrgTreeSelect.tsx';
import { useActivity, useCreateActivity, useUpdateActivity, type ActivityCreateBody } from '../activities.api.ts';
import { ActivityStatusTag } from '../activity-labels.tsx';
import { beijing, nowInBeijing, toBeijingIso } from '../activity-time.ts';
import { MembersMultiPicker } from '../components/MembersMultiPicker.tsx';
import { MinutesEditor } from '../components/MinutesEditor.tsx';
import { VotesEditor } from '../components/VotesEditor.tsx';

type Values = {
  orgId?: number;
  types: ActivityType[];
  title: string;
  startsAt?: Dayjs | null;
  endsAt?: Dayjs | null;
  place?: string;
  hostMemberId?: number | null;
  recorderMemberId?: number | null;
  lecturerMode: 'member' | 'external';
  lecturerMemberId?: number | null;
  lecturerName?: string;
  firstTopic?: string;
  agenda?: string;
  minutes?: string;
  observerComment?: string;
  votes?: { subject: string; yes: number; no: number; abstain: number }[];
  participantMemberIds?: number[];
};

const FIELDS = ['orgId', 'types', 'title', 'startsAt', 'endsAt', 'place', 'hostMemberId', 'recorderMemberId', 'lecturerMemberId', 'lecturerName', 'firstTopic', 'agenda', 'minutes', 'observerComment', 'votes', 'participantMemberIds'];

/** Single-line and plain text fields refuse angle brackets (the server does too). */
const noAngles = { pattern: /^[^<>]*$/, message: '不能包含尖括号 < >' };
const text = (s: string | undefined) => s?.trim() ?? '';
const canHoldActivities = (o: Org) => !o.dissolvedOn;

/** The fields of the form as the API takes them; what the chosen types do not use is cleared. */
function toFields(v: Values): ActivityUpdateInput {
  const lecture = v.types.includes('party_lecture');
  const external = lecture && v.lecturerMode === 'external';
  return {
    types: v.types,
    title: text(v.title),
    startsAt: toBeijingIso(v.startsAt!),
    endsAt: toBeijingIso(v.endsAt!),
    place: text(v.place),
    hostMemberId: v.hostMemberId ?? null,
    recorderMemberId: v.recorderMemberId ?? null,
    lecturerMemberId: lecture && !external ? (v.lecturerMemberId ?? null) : null,
    lecturerName: external ? text(v.lecturerName) : '',
    firstTopic: text(v.firstTopic),
    agenda: text(v.agenda),
    minutes: v.minutes ?? '',
    observerComment: v.types.includes('central_group_study') ? text(v.observerComment) : '',
    votes: v.types.includes('branch_assembly') ? (v.votes ?? []).map((x) => ({ subject: text(x.subject), yes: x.yes ?? 0, no: x.no ?? 0, abstain: x.abstain ?? 0 })) : [],
  };
}

/** Leaves out empty optional fields (a new record need not send them). */
function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) if (val !== '' && val !== null && !(Array.isArray(val) && val.length === 0 && k !== 'types')) out[k] = val;
  return out as T;
}

/** 新建活动 / 计划活动 / 编辑活动. */
export default function ActivityFormPage() {
  const params = useParams();
  const [search] = useSearchParams();
  const id = params.activityId ? Number(params.activityId) : undefined;
  const editing = id !== undefined;
  const planMode = !editing && search.get('planned') === '1';
  const activity = useActivity(id);
  const session = useCurrentSession();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateActivity();
  const update = useUpdateActivity(id ?? 0);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<'record' | 'plan' | null>(null);
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [id]);

  const types = (Form.useWatch('types', form) as ActivityType[] | undefined) ?? [];
  const orgId = Form.useWatch('orgId', form) as number | undefined;
  const startsAt = Form.useWatch('startsAt', form) as Dayjs | null | undefined;
  const lecturerMode = Form.useWatch('lecturerMode', form) as Values['lecturerMode'] | undefined;
  const future = !!startsAt && startsAt.isAfter(nowInBeijing());
  const talkOnly = types.length === 1 && types[0] === 'heart_talk';

  const initialOrg = useMemo(() => {
    const fromQuery = Number(search.get('orgId'));
    if (fromQuery) return fromQuery;
    const granted = [...new Set(session.grants.filter((g) => g.role !== 'member').map((g) => g.orgId))];
    return granted.length === 1 ? granted[0] : undefined;
  }, [search, session.grants]);

  useEffect(() => {
    const a = activity.data;
    if (!editing || !a) return;
    form.setFieldsValue({
      orgId: a.orgId,
      types: a.types,
      title: a.title,
      startsAt: beijing(a.startsAt),
      endsAt: beijing(a.endsAt),
      place: a.place ?? '',
      hostMemberId: a.hostMemberId,
      recorderMemberId: a.recorderMemberId,
      lecturerMode: a.lecturerName ? 'external' : 'member',
      lecturerMemberId: a.lecturerMemberId,
      lecturerName: a.lecturerName ?? '',
      firstTopic: a.firstTopic ?? '',
      agenda: a.agenda ?? '',
      minutes: a.minutes ?? '',
      observerComment: a.observerComment ?? '',
      votes: a.votes.map((v) => ({ subject: v.subject, yes: v.yes, no: v.no, abstain: v.abstain })),
    });
  }, [editing, activity.data, form]);

  // A start time with no end (or an end before it) gets a two-hour meeting.
  const onStartChange = (d: Dayjs | null) => {
    const end = form.getFieldValue('endsAt') as Dayjs | null | undefined;
    if (d && (!end || !end.isAfter(d))) form.setFieldValue('endsAt', d.add(2, 'hour'));
  };

  const save = async (planned: boolean) => {
    setError(null);
    let v: Values;
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
      const rest = applyServerErrors(form, e, FIELDS);
      setError(rest);
      const field = form.getFieldsError().find((f) => f.errors.length);
      if (rest || !field) window.scrollTo({ top: 0, behavior: 'smooth' });
      else form.scrollToField(field.name, { block: 'center' });
    };
    setSaving(planned ? 'plan' : 'record');
    if (editing) {
      update.mutate(toFields(v), {
        onSuccess: () => {
          message.success('已保存');
          navigate(`/activities/${id}`, { replace: true });
        },
        onError,
      });
      return;
    }
    const body: ActivityCreateBody = {
      ...compact(toFields(v) as Record<string, unknown>),
      orgId: v.orgId!,
      planned,
      ...(talkOnly && v.participantMemberIds?.length ? { participantMemberIds: v.participantMemberIds } : {}),
    } as ActivityCreateBody;
    create.mutate(body, {
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

  const recordButton = (
    <Tooltip title={future ? '活动尚未举行，请“保存为计划”；举行后再补充记录并提交审核' : undefined}>
      <Button type={planMode && !editing ? 'default' : 'primary'} loading={saving === 'record'} disabled={future || saving === 'plan'} onClick={() => save(false)} data-testid="save-record">
        保存记录
      </Button>
    </Tooltip>
  );
  const planButton = (
    <Tooltip title={startsAt && !future ? '活动时间已过，请直接“保存记录”' : '保存后应参加的党员会收到活动通知'}>
      <Button type={planMode || future ? 'primary' : 'default'} loading={saving === 'plan'} disabled={(!!startsAt && !future) || saving === 'record'} onClick={() => save(true)} data-testid="save-plan">
        保存为计划
      </Button>
    </Tooltip>
  );

  return (
    <Card size="small" title={pageTitle}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="activity-form-error" />}
      {editing && activity.data?.status === 'returned' && activity.data.reviewComment && (
        <Alert type="warning" showIcon title="上级退回意见" description={activity.data.reviewComment} style={{ marginBottom: 12 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ orgId: initialOrg, types: [], lecturerMode: 'member', votes: [] }}
        style={{ maxWidth: 1040 }}
        scrollToFirstError
      >
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          基本信息
        </Divider>
        <Row gutter={16}>
          <Col span={10}>
            <Form.Item name="orgId" label="党组织" rules={[{ required: true, message: '请选择开展活动的党组织' }]} extra={editing ? '活动所属组织不能修改' : undefined}>
              <OrgTreeSelect selectable={canHoldActivities} disabled={editing} placeholder="选择开展活动的党组织" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item
              name="types"
              label="活动类型"
              rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种活动类型' }]}
              extra="一次活动可同时计入多种类型，如“主题党日”结合“党课”"
            >
              <Select mode="multiple" options={activityTypes.options} optionFilterProp="label" placeholder="选择一种或多种（可输入名称筛选）" maxCount={6} allowClear />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="title" label="主题" rules={[{ required: true, whitespace: true, message: '请填写活动主题' }, { max: 200 }, noAngles]}>
              <Input placeholder="如：学习贯彻党的二十届四中全会精神" maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="place" label="地点" rules={[{ max: 200 }, noAngles]}>
              <Input placeholder="如：机关三楼党员活动室" maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="startsAt" label="开始时间" rules={[{ required: true, message: '请选择开始时间' }]}>
              <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} onChange={onStartChange} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="endsAt"
              label="结束时间"
              dependencies={['startsAt']}
              rules={[
                { required: true, message: '请选择结束时间' },
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null) => {
                    const s = getFieldValue('startsAt') as Dayjs | null;
                    return !v || !s || v.isAfter(s) ? Promise.resolve() : Promise.reject(new Error('结束时间应晚于开始时间'));
                  },
                }),
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="hostMemberId" label={talkOnly ? '谈话人' : '主持人'}>
              <MemberPicker orgId={orgId} placeholder="输入姓名搜索" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="recorderMemberId" label="记录人">
              <MemberPicker orgId={orgId} placeholder="输入姓名搜索" />
            </Form.Item>
          </Col>
        </Row>

        {talkOnly && !editing && (
          <Form.Item
            name="participantMemberIds"
            label="谈话对象"
            rules={[{ required: true, type: 'array', min: 1, message: '请选择谈话对象' }]}
            extra="谈心谈话以谈话对象为应到人员。"
          >
            <MembersMultiPicker placeholder="输入姓名搜索，可选多人" />
          </Form.Item>
        )}
        {talkOnly && editing && (
          <Typography.Paragraph type="secondary">谈话对象在活动详情页的出勤名单中维护（可添加列席人员）。</Typography.Paragraph>
        )}

        {types.includes('party_lecture') && (
          <>
            <Divider titlePlacement="start" plain>
              党课授课人
            </Divider>
            <Row gutter={16} align="bottom">
              <Col span={7}>
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
              <Col span={10}>
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
          </>
        )}

        <Divider titlePlacement="start" plain>
          会议内容
        </Divider>
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
            <VotesEditor summary={editing ? activity.data?.attendanceSummary : undefined} />
          </Form.Item>
        )}

        <Space style={{ marginTop: 8 }}>
          {editing ? (
            <Button type="primary" loading={update.isPending} onClick={() => save(false)} data-testid="save-activity">
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
      </Form>
    </Card>
  );
}
