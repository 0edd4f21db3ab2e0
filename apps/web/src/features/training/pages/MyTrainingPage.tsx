import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Empty, Input, Rate, Skeleton, Tag } from 'antd';
import { CalendarOutlined, CheckCircleFilled, EnvironmentOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { ratingLabels, trainingClassStatuses, traineeAttendances } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { beijing } from '../../../lib/dates.ts';
import { useStartAttempt } from '../../exams/useStartAttempt.ts';
import { CLASS_STATUS_COLOR, useEvaluate, useMyTraining, type MyTraining } from '../training.api.ts';

type Klass = MyTraining['items'][number];
const box = { background: '#fff', borderRadius: 8, padding: '12px 14px', boxShadow: '0 1px 2px rgba(0,0,0,0.04)', marginBottom: 12 } as const;
const ATT_COLOR = { present: 'success', leave: 'warning', absent: 'error' } as const;

/** 教学评估 on the phone: every item rated 1–5, a comment, submitted once before 结业. */
function EvaluationForm({ k }: { k: Klass }) {
  const { message } = App.useApp();
  const evaluate = useEvaluate();
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const missing = k.evaluationItems.filter((i) => !ratings[i.key]);
  return (
    <div style={{ marginTop: 12, borderTop: '1px solid #f0f0f0', paddingTop: 10 }} data-testid="m-evaluation">
      <div style={{ fontWeight: 600, marginBottom: 6 }}>教学评估（匿名，每人一次）</div>
      {k.evaluationItems.map((i) => (
        <div key={i.key} data-testid={`rate-${i.label}`} style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 4 }}>
          <span style={{ width: 84 }}>{i.label}</span>
          <Rate aria-label={i.label} value={ratings[i.key]} onChange={(v) => setRatings((r) => ({ ...r, [i.key]: v }))} />
          <span style={{ color: '#8c8c8c', fontSize: 12 }}>{ratingLabels[ratings[i.key] ?? 0]}</span>
        </div>
      ))}
      <Input.TextArea aria-label="意见建议" placeholder="意见建议（选填）" rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} style={{ margin: '6px 0' }} />
      <Button
        type="primary"
        block
        loading={evaluate.isPending}
        disabled={missing.length > 0}
        onClick={async () => {
          try {
            await evaluate.mutateAsync({ id: k.id, ratings, comment: comment.trim() || null });
            message.success('教学评估已提交，谢谢！');
          } catch (e) {
            message.error(errorMessage(e));
          }
        }}
      >
        {missing.length ? `还有${missing.length}项未评分` : '提交教学评估'}
      </Button>
    </div>
  );
}

/**
 * 入学必测 / 结业必考 (TR-8): the class's exam, my result, and the way in while the class runs and the
 * exam is open. Starting draws my paper and opens the answering page; an attempt already open is
 * continued.
 */
function ClassExam({ k, which }: { k: Klass; which: 'entry' | 'final' }) {
  const exam = which === 'entry' ? k.entryExam : k.finalExam;
  const mine = which === 'entry' ? k.entry : k.final;
  const { start: confirmStart, starting } = useStartAttempt('/m/training');
  if (!exam) return null;
  const label = which === 'entry' ? '入学测试' : '结业考试';
  const now = Date.now();
  const open = exam.status === 'published' && Date.parse(exam.opensAt) <= now && now < Date.parse(exam.closesAt) && k.status !== 'finished' && k.status !== 'cancelled';
  const done = which === 'entry' ? mine?.taken : mine?.passed;
  const result = !mine?.taken ? '未参加' : mine.pending && mine.score === null ? '已交卷，待阅卷' : which === 'entry' ? `已参加（${mine.score ?? 0}分）` : `${mine.score ?? 0}分，${mine.passed ? '及格' : `未及格（及格${exam.passMark}分）`}`;
  const start = () => confirmStart(exam, mine?.taken ? `再次参加${label}？` : `开始${label}？`);
  return (
    <div data-testid={`m-class-${which}`} style={{ marginTop: 8, borderTop: '1px dashed #f0f0f0', paddingTop: 8, fontSize: 13 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span style={{ flex: 1 }}>
          <b>{label}</b>：{exam.title}
          <div style={{ color: '#8c8c8c' }}>{`${beijing(exam.opensAt)!.format('M月D日 HH:mm')}至${beijing(exam.closesAt)!.format('M月D日 HH:mm')}`}</div>
        </span>
        <Tag color={done ? 'success' : mine?.taken ? 'warning' : 'default'} style={{ marginInlineEnd: 0 }}>{result}</Tag>
      </div>
      {open && !done && (
        <Button type="primary" block style={{ marginTop: 8, height: 40 }} loading={starting} onClick={start}>
          {mine?.taken ? `再次参加${label}` : `参加${label}`}
        </Button>
      )}
    </div>
  );
}

function ClassCard({ k }: { k: Klass }) {
  return (
    <div style={box} data-testid="m-training">
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
        <div style={{ fontSize: 15, fontWeight: 600, flex: 1, lineHeight: 1.4 }}>{k.title}</div>
        <Tag color={CLASS_STATUS_COLOR[k.status]} style={{ marginInlineEnd: 0 }}>{trainingClassStatuses.label(k.status)}</Tag>
      </div>
      <div style={{ color: '#595959', fontSize: 13, marginTop: 6, lineHeight: 1.8 }}>
        <div><CalendarOutlined /> {k.startsOn === k.endsOn ? k.startsOn : `${k.startsOn} 至 ${k.endsOn}`} · {k.orgName}</div>
        {k.place && <div><EnvironmentOutlined /> {k.place}</div>}
        <div>我的出勤率 {k.attendanceRate}%（结业要求 {k.minAttendance}%{k.finalExam ? `，结业考试及格` : ''}）</div>
      </div>
      <ClassExam k={k} which="entry" />
      {k.sessionList.length > 0 && (
        <div style={{ marginTop: 8 }}>
          {k.sessionList.map((s) => (
            <div key={s.id} style={{ display: 'flex', gap: 8, fontSize: 13, padding: '4px 0', borderTop: '1px dashed #f0f0f0' }}>
              <span style={{ color: '#8c8c8c', width: 92, flex: 'none' }}>{beijing(s.startsAt)!.format('M月D日 HH:mm')}</span>
              <span style={{ flex: 1 }}>{s.title}<span style={{ color: '#8c8c8c' }}>（{s.lecturerName}，{s.hours}学时）</span></span>
              {s.mine && <Tag color={ATT_COLOR[s.mine]} style={{ marginInlineEnd: 0 }}>{traineeAttendances.label(s.mine)}</Tag>}
            </div>
          ))}
        </div>
      )}
      <ClassExam k={k} which="final" />
      {k.canEvaluate && <EvaluationForm k={k} />}
      {k.evaluated && (
        <div style={{ marginTop: 8, color: '#389e0d', fontSize: 13 }}>
          <CheckCircleFilled /> 已提交教学评估
        </div>
      )}
      {k.completed !== null &&
        (k.certificateNo ? (
          <Alert style={{ marginTop: 10 }} type="success" showIcon icon={<SafetyCertificateOutlined />} title={`已结业，结业证书编号 ${k.certificateNo}`} description={k.outcomeReason} />
        ) : (
          <Alert style={{ marginTop: 10 }} type="warning" showIcon title="未结业" description={k.outcomeReason} />
        ))}
    </div>
  );
}

/** 我的培训 (phone): the classes I am enrolled in, my attendance, the course evaluation, my outcome. */
export default function MyTrainingPage() {
  const q = useMyTraining();
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'baseline', margin: '4px 4px 10px' }}>
        <h2 style={{ fontSize: 16, margin: 0, flex: 1 }}>我的培训</h2>
        <Link to="/m">返回</Link>
      </div>
      {q.isLoading && <Skeleton active />}
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {q.data && (q.data.items.length ? q.data.items.map((k) => <ClassCard key={k.id} k={k} />) : <Empty description="暂无参加的培训班" />)}
    </div>
  );
}
