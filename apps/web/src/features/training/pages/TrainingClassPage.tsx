import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Empty, List, Popconfirm, Progress, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { examStatuses, lecturerKinds, planLines, ratingLabels, trainingClassMachine, trainingClassStatuses, type LecturerKind } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { beijing } from '../../../lib/dates.ts';
import { CLASS_STATUS_COLOR, useClass, useClassEvent, useDeleteSession, useUnenrol, useUpdateClass, type ClassDetail } from '../training.api.ts';
import { ClassFormModal } from '../components/ClassFormModal.tsx';
import { AttendanceModal, SessionModal } from '../components/SessionModals.tsx';
import { EnrolModal } from '../components/EnrolModal.tsx';

type Session = ClassDetail['sessionList'][number];
type Trainee = ClassDetail['traineeList'][number];

/** TR-3, TR-8: what 结业 requires of a trainee, in words. */
const requirement = (c: ClassDetail) => [`出勤率不低于${c.minAttendance}%`, c.entryExam && '参加入学测试', c.finalExam && `结业考试达到${c.finalExam.passMark}分`].filter(Boolean).join('、');
const examLabel = (e: NonNullable<ClassDetail['entryExam']>) => `${e.title}（${beijing(e.opensAt)!.format('M月D日 HH:mm')}至${beijing(e.closesAt)!.format('M月D日 HH:mm')}，${examStatuses.label(e.status)}）`;

/** A trainee's result in the class's entry test or final exam. */
function ExamResult({ r, passMark }: { r: Trainee['entry']; passMark?: number }) {
  if (!r || !r.taken) return <Tag>未参加</Tag>;
  if (r.pending && r.score === null) return <Tag color="warning">待阅卷</Tag>;
  if (passMark === undefined) return <Tag color="success">已参加{r.score !== null ? `（${r.score}分）` : ''}</Tag>;
  return <Tag color={r.passed ? 'success' : 'error'}>{`${r.score ?? 0}分${r.passed ? '' : '·未及格'}`}</Tag>;
}

const when = (s: Session) => `${beijing(s.startsAt)!.format('M月D日 HH:mm')}–${beijing(s.endsAt)!.format('HH:mm')}`;

/** One training class: its steps (开班, 结业, 取消), courses with attendance, trainees and outcomes, the course evaluation. */
export default function TrainingClassPage() {
  const id = Number(useParams().id);
  const q = useClass(id);
  const { message } = App.useApp();
  const event = useClassEvent();
  const update = useUpdateClass();
  const unenrol = useUnenrol();
  const del = useDeleteSession();
  const [editing, setEditing] = useState(false);
  const [session, setSession] = useState<Session | 'new' | null>(null);
  const [attending, setAttending] = useState<Session | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const c = q.data;
  const can = (e: keyof typeof trainingClassMachine.transitions) => c.canManage && trainingClassMachine.allows(e, c.status);
  const run = async (e: 'open' | 'finish' | 'cancel', done: string) => {
    try {
      await event.mutateAsync({ id, event: e });
      message.success(done);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const started = (s: Session) => Date.parse(s.startsAt) <= Date.now();
  const completed = c.traineeList.filter((t) => t.completed).length;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Link to="/training">← 培训班</Link>
      <Card
        title={
          <Space>
            <span>{c.title}</span>
            <Tag color={CLASS_STATUS_COLOR[c.status]}>{trainingClassStatuses.label(c.status)}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {can('edit') && <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>编辑</Button>}
            {can('open') && (
              <Popconfirm title="开班后登记考勤、学员填写教学评估" onConfirm={() => run('open', '已开班')}>
                <Button type="primary">开班</Button>
              </Popconfirm>
            )}
            {can('finish') && (
              <Popconfirm title={`按${requirement(c)}判定结业并编号结业证书；结业后不能再修改。确定结业？`} onConfirm={() => run('finish', '已结业')}>
                <Button type="primary">结业</Button>
              </Popconfirm>
            )}
            {can('cancel') && (
              <Popconfirm title="取消后不计入统计，也不能恢复。确定取消？" onConfirm={() => run('cancel', '已取消')}>
                <Button danger>取消培训班</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="举办组织">{c.orgName}</Descriptions.Item>
          <Descriptions.Item label="培训时间">{c.startsOn === c.endsOn ? c.startsOn : `${c.startsOn} 至 ${c.endsOn}`}</Descriptions.Item>
          <Descriptions.Item label="地点">{c.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="计入计划">{c.planLine ? planLines.label(c.planLine) : '不计入'}</Descriptions.Item>
          <Descriptions.Item label="结业要求">{requirement(c)}</Descriptions.Item>
          {c.entryExam && <Descriptions.Item label="入学测试">{examLabel(c.entryExam)}</Descriptions.Item>}
          {c.finalExam && <Descriptions.Item label="结业考试">{examLabel(c.finalExam)}</Descriptions.Item>}
          <Descriptions.Item label="课程">{`${c.sessions}节，共${c.hours}学时`}</Descriptions.Item>
          {c.status === 'finished' && <Descriptions.Item label="结业">{`${c.finishedOn}：${completed}/${c.trainees}名学员结业`}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'sessions',
              label: `课程与考勤（${c.sessions}）`,
              children: (
                <>
                  {can('edit') && (
                    <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setSession('new')}>
                      添加课程
                    </Button>
                  )}
                  <Table<Session>
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={c.sessionList}
                    locale={{ emptyText: '尚未安排课程' }}
                    columns={[
                      { title: '课程', dataIndex: 'title' },
                      { title: '时间', render: (_, s) => when(s) },
                      { title: '授课人', render: (_, s) => <>{s.lecturerName} <Tag>{lecturerKinds.label(s.lecturerKind as LecturerKind)}</Tag></> },
                      { title: '学时', dataIndex: 'hours', width: 60 },
                      { title: '出席', width: 90, render: (_, s) => (s.recorded ? `${s.present}/${c.trainees}` : <Typography.Text type="secondary">未登记</Typography.Text>) },
                      {
                        title: '',
                        width: 200,
                        render: (_, s) => (
                          <Space size={4}>
                            {can('attend') && started(s) && <Button size="small" onClick={() => setAttending(s)}>{s.recorded ? '修改考勤' : '登记考勤'}</Button>}
                            {can('edit') && <Button size="small" type="text" aria-label={`修改${s.title}`} icon={<EditOutlined />} onClick={() => setSession(s)} />}
                            {can('edit') && (
                              <Popconfirm title="删除该课程及其考勤？" onConfirm={() => del.mutateAsync(s.id).catch((e) => message.error(errorMessage(e)))}>
                                <Button size="small" type="text" danger aria-label={`删除${s.title}`} icon={<DeleteOutlined />} />
                              </Popconfirm>
                            )}
                          </Space>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'trainees',
              label: `学员（${c.trainees}）`,
              children: (
                <>
                  {can('edit') && (
                    <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEnrolling(true)}>
                      添加学员
                    </Button>
                  )}
                  <Table<Trainee>
                    rowKey="memberId"
                    size="small"
                    dataSource={c.traineeList}
                    pagination={{ pageSize: 50, hideOnSinglePage: true }}
                    locale={{ emptyText: '尚未添加学员' }}
                    columns={[
                      { title: '姓名', dataIndex: 'name', width: 100 },
                      { title: '所在组织', dataIndex: 'orgName', ellipsis: true },
                      { title: '出勤', width: 150, render: (_, t) => (t.held ? `${t.present}/${t.held}（${t.attendanceRate}%）` : '—') },
                      ...(c.entryExam ? [{ title: '入学测试', width: 100, render: (_: unknown, t: Trainee) => <ExamResult r={t.entry} /> }] : []),
                      ...(c.finalExam ? [{ title: '结业考试', width: 110, render: (_: unknown, t: Trainee) => <ExamResult r={t.final} passMark={c.finalExam!.passMark} /> }] : []),
                      { title: '教学评估', width: 90, render: (_, t) => (t.evaluated ? <Tag color="success">已评估</Tag> : <Tag>未评估</Tag>) },
                      {
                        title: '结业',
                        render: (_, t) =>
                          t.completed === null ? '—' : (
                            <Space size={4} wrap>
                              <Tag color={t.completed ? 'success' : 'error'}>{t.completed ? '已结业' : '未结业'}</Tag>
                              <Typography.Text type="secondary">{t.outcomeReason}</Typography.Text>
                            </Space>
                          ),
                      },
                      { title: '证书', width: 150, render: (_, t) => (t.certificateNo ? <Link to={`/training/${c.id}/certificates/${t.memberId}`}>{t.certificateNo}</Link> : '—') },
                      {
                        title: '',
                        width: 50,
                        render: (_, t) =>
                          can('edit') && (
                            <Popconfirm title={`移除学员${t.name}？其考勤与评估一并删除`} onConfirm={() => unenrol.mutateAsync({ id, memberId: t.memberId }).catch((e) => message.error(errorMessage(e)))}>
                              <Button size="small" type="text" danger aria-label={`移除${t.name}`} icon={<DeleteOutlined />} />
                            </Popconfirm>
                          ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'evaluation',
              label: `教学评估（${c.evaluation.answered}/${c.trainees}）`,
              children: c.evaluation.answered ? (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">学员在结业前匿名填写，每人一次；此处只显示汇总。</Typography.Text>
                  {c.evaluation.items.map((it) => (
                    <div key={it.key} style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
                      <span style={{ width: 100 }}>{it.label}</span>
                      <Progress percent={((it.average ?? 0) / 5) * 100} format={() => (it.average === null ? '—' : `${it.average}分`)} style={{ maxWidth: 360 }} />
                      <Typography.Text type="secondary">{it.average === null ? '' : ratingLabels[Math.round(it.average)]}</Typography.Text>
                    </div>
                  ))}
                  <List size="small" header="意见建议" dataSource={c.evaluation.comments} locale={{ emptyText: '暂无意见建议' }} renderItem={(t) => <List.Item>{t}</List.Item>} />
                </Space>
              ) : (
                <Empty description={c.status === 'in_session' ? '学员尚未提交教学评估（学员在手机端“我的培训”中填写）' : '暂无教学评估'} />
              ),
            },
            { key: 'plan', label: '培训计划', children: c.plan ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.plan}</Typography.Paragraph> : <Empty description="未填写培训计划" /> },
          ]}
        />
      </Card>
      <ClassFormModal
        open={editing}
        title="编辑培训班"
        initial={c}
        saving={update.isPending}
        onCancel={() => setEditing(false)}
        onSubmit={async (input) => {
          try {
            await update.mutateAsync({ id, input });
            message.success('已保存');
            setEditing(false);
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      />
      <SessionModal klass={c} session={session} onClose={() => setSession(null)} />
      <AttendanceModal klass={c} session={attending} onClose={() => setAttending(null)} />
      <EnrolModal klass={c} open={enrolling} onClose={() => setEnrolling(false)} />
    </Space>
  );
}
