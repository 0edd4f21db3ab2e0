import { Link, useNavigate } from 'react-router';
import { Alert, Button, Empty, Skeleton, Tag } from 'antd';
import { ClockCircleOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { examPhase } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { beijing } from '../../../lib/dates.ts';
import { useMyExams, type MyExam } from '../my-exams.api.ts';
import { useStartAttempt } from '../useStartAttempt.ts';

const box = { background: '#fff', borderRadius: 8, padding: '12px 14px', boxShadow: '0 1px 2px rgba(0,0,0,0.04)', marginBottom: 12 } as const;
const when = (s: string) => beijing(s)!.format('M月D日 HH:mm');
const SECTIONS = [
  { phase: 'open', title: '进行中' },
  { phase: 'upcoming', title: '未开始' },
  { phase: 'finished', title: '已结束' },
] as const;

function ExamCard({ e, phase }: { e: MyExam; phase: 'open' | 'upcoming' | 'finished' }) {
  const navigate = useNavigate();
  const { start: confirmStart, starting } = useStartAttempt();
  const mine = e.mine!;
  const open = mine.attempts.find((a) => a.status === 'in_progress');
  const used = mine.attempts.length;
  const left = e.attemptsAllowed - used;
  const submitted = mine.attempts.filter((a) => a.status === 'submitted');
  const start = () => confirmStart(e, `开始第${used + 1}次作答？`);

  return (
    <div style={box} data-testid="m-exam">
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
        <div style={{ fontSize: 15, fontWeight: 600, flex: 1, lineHeight: 1.4 }}>{e.title}</div>
        {mine.passed !== null && <Tag color={mine.passed ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>{mine.passed ? '合格' : '不合格'}</Tag>}
        {mine.passed === null && submitted.some((a) => a.pendingMarking) && <Tag color="processing" style={{ marginInlineEnd: 0 }}>待阅卷</Tag>}
      </div>
      <div style={{ color: '#595959', fontSize: 13, marginTop: 6, lineHeight: 1.8 }}>
        <div><ClockCircleOutlined /> {when(e.opensAt)} 至 {when(e.closesAt)}</div>
        <div><FieldTimeOutlined /> 限时{e.timeLimitMinutes}分钟 · 满分{e.totalScore} · {e.passMark}分及格 · {e.orgName}</div>
        <div>
          已作答 <b>{used}</b>/{e.attemptsAllowed} 次{e.attemptsAllowed > 1 ? `（${e.counting === 'best' ? '取最高分' : '取最后一次'}）` : ''}
          {mine.countedScore !== null && <>，成绩 <b style={{ color: mine.passed ? '#389e0d' : '#cf1322' }}>{mine.countedScore}</b> 分</>}
        </div>
      </div>
      {submitted.length > 0 && (
        <div style={{ marginTop: 6 }}>
          {submitted.map((a) => (
            <Link key={a.id} to={`/m/attempts/${a.id}`} style={{ display: 'flex', padding: '10px 0', borderTop: '1px dashed #f0f0f0', fontSize: 14 }}>
              <span style={{ flex: 1 }}>第{a.attemptNo}次作答</span>
              <span>{a.pendingMarking ? '待阅卷' : `${a.score}分`} ›</span>
            </Link>
          ))}
        </div>
      )}
      {phase === 'open' &&
        (open ? (
          <Button type="primary" size="large" block style={{ marginTop: 8 }} onClick={() => navigate(`/m/attempts/${open.id}`)}>
            继续作答
          </Button>
        ) : left > 0 ? (
          <Button type="primary" size="large" block style={{ marginTop: 8 }} loading={starting} onClick={start}>
            {used ? `再次作答（还可${left}次）` : '开始答题'}
          </Button>
        ) : (
          <div style={{ marginTop: 8, color: '#8c8c8c', fontSize: 13 }}>作答次数已用完</div>
        ))}
      {phase === 'upcoming' && <div style={{ marginTop: 8, color: '#8c8c8c', fontSize: 13 }}>{when(e.opensAt)} 开始</div>}
      {phase === 'finished' && used === 0 && <div style={{ marginTop: 8, color: '#8c8c8c', fontSize: 13 }}>未参加本次考试</div>}
    </div>
  );
}

/** 我的考试 (phone): the exams I may take — 进行中, 未开始, 已结束 — my attempts and my counted score. */
export default function MobileExamsPage() {
  const q = useMyExams();
  const now = Date.now();
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'baseline', margin: '4px 4px 10px' }}>
        <h2 style={{ fontSize: 16, margin: 0, flex: 1 }}>我的考试</h2>
        <Link to="/m">返回</Link>
      </div>
      {q.isLoading && <Skeleton active />}
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {q.data && !q.data.length && <Empty description="暂无可参加的考试" />}
      {q.data &&
        SECTIONS.map((s) => {
          const list = q.data.filter((e) => examPhase(e, now) === s.phase);
          return list.length ? (
            <section key={s.phase} aria-label={s.title}>
              <div style={{ color: '#8c8c8c', fontSize: 13, margin: '4px 4px 8px' }}>{s.title}（{list.length}）</div>
              {list.map((e) => <ExamCard key={e.id} e={e} phase={s.phase} />)}
            </section>
          ) : null;
        })}
    </div>
  );
}
