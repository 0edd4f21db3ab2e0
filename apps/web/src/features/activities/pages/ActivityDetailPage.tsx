import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, DeleteOutlined, EditOutlined, QrcodeOutlined, RollbackOutlined, SendOutlined, UnlockOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { useMember } from '../../members/members.api.ts';
import { useActivity, useDeleteActivity, useWorkflow } from '../activities.api.ts';
import type { ActivityDetail, Vote } from '../activity.types.ts';
import { ActivityStatusTag, ActivityTypeTags } from '../activity-labels.tsx';
import { formatSpan, formatTime } from '../activity-time.ts';
import { AttachmentsCard } from '../components/AttachmentsCard.tsx';
import { AttendanceCard } from '../components/AttendanceCard.tsx';
import { ExpectedListNote } from '../components/ExpectedListNote.tsx';
import { ReviewModal, type ReviewTarget } from '../components/ReviewModal.tsx';
import { ReviewTimeline } from '../components/ReviewTimeline.tsx';
import { SignInQrModal } from '../components/SignInQrModal.tsx';
import { safeMinutesHtml } from '../minutes-html.ts';
import '../activities.css';

const none = <Typography.Text type="secondary">—</Typography.Text>;
const textOr = (v: string | null | undefined) => (v && v.trim() ? v : none);

/** A member named by id: from the attendance list when there, otherwise looked up. */
function MemberName({ id, activity }: { id: number | null; activity: ActivityDetail }) {
  const listed = id ? activity.attendance.find((a) => a.memberId === id) : undefined;
  const looked = useMember(id && !listed ? id : undefined);
  if (!id) return none;
  if (listed) return <>{listed.memberName}</>;
  if (looked.data) return <>{looked.data.name}</>;
  return looked.isLoading ? <Spin size="small" /> : <>（编号 {id}）</>;
}

/** 活动详情: the record, attendance, votes, attachments, review history and the workflow buttons. */
export default function ActivityDetailPage() {
  const id = Number(useParams().activityId);
  const navigate = useNavigate();
  const { data: a, isLoading, error } = useActivity(id);
  const workflow = useWorkflow();
  const remove = useDeleteActivity();
  const { modal, message } = App.useApp();
  const [review, setReview] = useState<ReviewTarget | null>(null);
  const [qrOpen, setQrOpen] = useState(false);
  const minutes = useMemo(() => (a?.minutes ? safeMinutesHtml(a.minutes) : ''), [a?.minutes]);
  // Arriving from a long form (or another record), start at the top.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [id]);

  if (isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error || !a) {
    return (
      <Result
        status="warning"
        title="无法加载活动"
        subTitle={errorMessage(error)}
        extra={<Button onClick={() => navigate('/activities')}>返回活动列表</Button>}
      />
    );
  }

  const ab = a.abilities;
  const submit = () => {
    const warnings: string[] = [];
    if (!a.minutes) warnings.push('会议记录为空');
    if (a.types.includes('branch_assembly') && a.votes.length === 0) warnings.push('党员大会未记录表决事项');
    modal.confirm({
      title: '提交上级审核',
      content: (
        <>
          <p>提交后记录不能修改，直到上级审核通过或退回。</p>
          {warnings.length > 0 && <Alert type="warning" showIcon title={`请确认：${warnings.join('；')}`} />}
        </>
      ),
      okText: '提交审核',
      onOk: () =>
        workflow.mutateAsync({ id: a.id, step: 'submit' }).then(
          () => void message.success('已提交上级审核'),
          (e: unknown) => {
            message.error(errorMessage(e));
          },
        ),
    });
  };
  const del = () =>
    modal.confirm({
      title: `删除活动“${a.title}”？`,
      content: '删除后出勤、表决和附件一并删除，不能恢复（审计日志保留记录）。',
      okText: '删除',
      okButtonProps: { danger: true },
      onOk: () =>
        remove.mutateAsync(a.id).then(
          () => {
            message.success('活动已删除');
            navigate('/activities', { replace: true });
          },
          (e: unknown) => {
            message.error(errorMessage(e));
          },
        ),
    });

  const buttons: ReactNode[] = [];
  if (ab.edit) buttons.push(<Button key="edit" icon={<EditOutlined />} onClick={() => navigate(`/activities/${a.id}/edit`)}>编辑</Button>);
  if (ab.signInCode) buttons.push(<Button key="qr" icon={<QrcodeOutlined />} onClick={() => setQrOpen(true)} data-testid="sign-in-code">签到二维码</Button>);
  if (ab.submit) buttons.push(<Button key="submit" type="primary" icon={<SendOutlined />} loading={workflow.isPending} onClick={submit} data-testid="submit-activity">提交审核</Button>);
  else if (ab.edit && a.submitProblem)
    buttons.push(
      <Tooltip key="submit-blocked" title={a.submitProblem}>
        <Button icon={<SendOutlined />} disabled data-testid="submit-blocked">提交审核</Button>
      </Tooltip>,
    );
  else if (ab.edit && a.status === 'planned')
    buttons.push(
      <Tooltip key="submit-later" title="活动举行后，补充会议记录和出勤再提交">
        <Button icon={<SendOutlined />} disabled>提交审核</Button>
      </Tooltip>,
    );
  if (ab.approve) buttons.push(<Button key="approve" type="primary" icon={<CheckOutlined />} onClick={() => setReview({ id: a.id, title: a.title, step: 'approve' })} data-testid="approve-activity">审核通过</Button>);
  if (ab.return) buttons.push(<Button key="return" danger icon={<RollbackOutlined />} onClick={() => setReview({ id: a.id, title: a.title, step: 'return' })} data-testid="return-activity">退回</Button>);
  if (ab.reopen) buttons.push(<Button key="reopen" icon={<UnlockOutlined />} onClick={() => setReview({ id: a.id, title: a.title, step: 'reopen' })}>重新打开</Button>);
  if (ab.delete) buttons.push(<Button key="delete" danger icon={<DeleteOutlined />} onClick={del}>删除</Button>);

  const lecture = a.types.includes('party_lecture');
  const items = [
    { key: 'org', label: '党组织', children: a.orgName },
    { key: 'time', label: '活动时间', children: formatSpan(a.startsAt, a.endsAt) },
    { key: 'place', label: '地点', children: textOr(a.place) },
    { key: 'host', label: a.types.length === 1 && a.types[0] === 'heart_talk' ? '谈话人' : '主持人', children: <MemberName id={a.hostMemberId} activity={a} /> },
    { key: 'recorder', label: '记录人', span: lecture ? 1 : 2, children: <MemberName id={a.recorderMemberId} activity={a} /> },
    ...(lecture
      ? [
          {
            key: 'lecturer',
            label: '授课人',
            children: a.lecturerName ? (
              <>{a.lecturerName}（外请）</>
            ) : (
              <Space size={4}>
                <MemberName id={a.lecturerMemberId} activity={a} />
                {a.lecturerIsSecretary && <Tag color="red">书记讲党课</Tag>}
              </Space>
            ),
          },
        ]
      : []),
    { key: 'submitted', label: '提交时间', children: a.submittedAt ? formatTime(a.submittedAt) : none },
    { key: 'reviewed', label: '审核时间', span: 2, children: a.reviewedAt ? formatTime(a.reviewedAt) : none },
    { key: 'first', label: '第一议题', span: 3, children: <span style={{ whiteSpace: 'pre-wrap' }}>{textOr(a.firstTopic)}</span> },
    { key: 'agenda', label: '议程', span: 3, children: <span style={{ whiteSpace: 'pre-wrap' }}>{textOr(a.agenda)}</span> },
    ...(a.types.includes('central_group_study') ? [{ key: 'observer', label: '巡听旁听评价', span: 3, children: <span style={{ whiteSpace: 'pre-wrap' }}>{textOr(a.observerComment)}</span> }] : []),
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {a.status === 'returned' && (
        <Alert
          type="error"
          showIcon
          title="上级已退回此记录，请按意见修改后重新提交"
          description={<span style={{ whiteSpace: 'pre-wrap', fontSize: 14 }}>{a.reviewComment || '（未填写意见）'}</span>}
          data-testid="return-comment"
        />
      )}
      {a.status === 'approved' && (
        <Alert type="success" showIcon title={`已审核通过，记录已锁定${a.reviewComment ? `。审核意见：${a.reviewComment}` : ''}`} />
      )}
      {a.status === 'submitted' && <Alert type="info" showIcon title="已提交上级审核，审核完成前不能修改" />}
      <Card
        size="small"
        title={
          <Space wrap size={8}>
            <span data-testid="activity-title">{a.title}</span>
            <ActivityStatusTag status={a.status} />
            <ActivityTypeTags types={a.types} />
            {a.backfill && (
              <Tooltip title={`据原有台账补录：${a.backfill.importedBy}于${formatTime(a.backfill.importedAt)}导入`}>
                <Tag color="purple" data-testid="backfill-tag">
                  补录 · {a.backfill.importedBy} {formatTime(a.backfill.importedAt)}
                </Tag>
              </Tooltip>
            )}
          </Space>
        }
        extra={
          <Space wrap size={8}>
            {buttons}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              返回
            </Button>
          </Space>
        }
      >
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 3 }} styles={{ label: { width: 96, whiteSpace: 'nowrap' } }} items={items} />
      </Card>

      <Card size="small" title="会议记录">
        {minutes ? <div className="xf-minutes" dangerouslySetInnerHTML={{ __html: minutes }} data-testid="minutes" /> : <Typography.Text type="secondary">尚未填写会议记录{ab.edit ? '，请点击“编辑”补充' : ''}</Typography.Text>}
      </Card>

      {(a.votes.length > 0 || a.types.includes('branch_assembly')) && <VotesCard votes={a.votes} />}

      {ab.edit && a.submitProblem && a.attendanceSummary.expected > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`暂不能提交审核：${a.submitProblem}`}
          // Only the committee refusal (committeeMeetingRefusal in shared) sends the user to 班子成员.
          action={a.submitProblem.includes('班子成员') ? <Link to={`/orgs/${a.orgId}#committee`}>前往组织管理 · 班子成员</Link> : undefined}
          data-testid="submit-problem"
        />
      )}
      <ExpectedListNote
        orgId={a.orgId}
        rule={a.expectedList.rule}
        label={a.expectedList.label}
        count={a.attendanceSummary.expected}
        emptyHint={a.expectedList.emptyHint}
        follows={a.expectedList.follows}
      />
      <AttendanceCard activity={a} />

      <Row gutter={[12, 12]}>
        <Col xs={24} md={14}>
          <AttachmentsCard activityId={a.id} attachments={a.attachments} editable={ab.edit} />
        </Col>
        <Col xs={24} md={10}>
          <ReviewTimeline reviews={a.reviews} />
        </Col>
      </Row>

      <ReviewModal target={review} onClose={() => setReview(null)} />
      {ab.signInCode && <SignInQrModal activityId={a.id} title={a.title} open={qrOpen} onClose={() => setQrOpen(false)} />}
    </Space>
  );
}

/** 表决结果 (ZB-7, docs/RULES.md), computed by the server from the attendance of voters. */
function VotesCard({ votes }: { votes: Vote[] }) {
  const first = votes[0];
  return (
    <Card
      size="small"
      title={
        <Space>
          <span>表决结果</span>
          {first && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              有表决权的正式党员应到 {first.votersExpected} 人，实到 {first.votersPresent} 人
            </Typography.Text>
          )}
        </Space>
      }
    >
      <Table<Vote>
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={votes}
        locale={{ emptyText: '未记录表决事项' }}
        columns={[
          { title: '表决事项', dataIndex: 'subject' },
          { title: '赞成', dataIndex: 'yes', width: 64, align: 'right' },
          { title: '反对', dataIndex: 'no', width: 64, align: 'right' },
          { title: '弃权', dataIndex: 'abstain', width: 64, align: 'right' },
          {
            title: '法定人数',
            key: 'quorum',
            width: 110,
            render: (_, v) => (v.quorum ? <Tag color="green">已过半数</Tag> : <Tag color="red">不足半数</Tag>),
          },
          {
            title: '结果',
            key: 'passed',
            width: 90,
            render: (_, v) => (!v.quorum ? <Tag>表决无效</Tag> : v.passed ? <Tag color="green">通过</Tag> : <Tag color="red">未通过</Tag>),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
        到会有表决权的党员超过应到人数的一半，会议方可表决；赞成票超过应到有表决权人数的一半为通过。预备党员没有表决权。
      </Typography.Paragraph>
    </Card>
  );
}
