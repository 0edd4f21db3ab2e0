import { useState } from 'react';
import { Alert, App, Button, Checkbox, Empty, Radio, Skeleton, Space, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { contestPhases, flagStates } from '@xianfeng/shared';
import { errorMessage } from '../../../api/client.ts';
import { PARTY_RED } from '../../../app/theme.ts';
import { useContests, useLeaderboard, useMyContest, usePracticeAnswer, practiceQuestions, useStartContestAttempt, type Contest, type Practice, type PracticeFeedback } from '../contests.api.ts';

const box = { background: '#fff', borderRadius: 8, padding: '12px 14px', boxShadow: '0 1px 2px rgba(0,0,0,0.04)', marginBottom: 10 } as const;
const LETTERS = 'ABCDEFGH';

/** 知识竞赛 (phone): the member's contests; practice with immediate feedback; a contest attempt started and taken on /m/attempts/:id; my best, my rank, my organisation's standing. */
export default function MobileContestsPage() {
  const list = useContests({ status: 'published', pageSize: 20 });
  const [chosen, setChosen] = useState<number | null>(null);
  if (list.isLoading) return <Skeleton active />;
  if (list.error) return <Alert type="error" showIcon message={errorMessage(list.error)} />;
  const items = list.data!.items;
  const current = items.find((c) => c.id === chosen) ?? items.find((c) => c.phase === 'contest') ?? items[0];
  if (!current) return <Empty description="暂无进行中的知识竞赛" />;
  return (
    <div>
      {items.length > 1 && (
        <Radio.Group value={current.id} onChange={(e) => setChosen(e.target.value)} style={{ margin: '8px 0' }} size="small">
          {items.map((c) => (
            <Radio.Button key={c.id} value={c.id}>
              {contestPhases.label(c.phase)}
            </Radio.Button>
          ))}
        </Radio.Group>
      )}
      <ContestCard key={current.id} c={current} />
    </div>
  );
}

function ContestCard({ c }: { c: Contest }) {
  const me = useMyContest(c.id);
  const board = useLeaderboard(c.id, { pageSize: 10 });
  const start = useStartContestAttempt();
  const navigate = useNavigate();
  const { message } = App.useApp();
  async function begin() {
    try {
      const { attemptId } = await start.mutateAsync(c.id);
      navigate(`/m/attempts/${attemptId}?back=${encodeURIComponent("/m/contests")}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  const m = me.data;
  return (
    <div>
      <div style={{ ...box, marginTop: 8 }}>
        <div style={{ fontWeight: 700, fontSize: 16 }} data-testid="m-contest-title">{c.title}</div>
        <div style={{ color: '#8c8c8c', fontSize: 12, marginTop: 4 }}>
          练习 {c.practiceFrom}～{c.practiceTo} · 竞赛 {c.contestFrom}～{c.contestTo}
        </div>
        <div style={{ color: '#595959', fontSize: 12, marginTop: 2 }}>
          每天{c.dailyLimit}次 · 每次{c.questionCount}题{c.timeLimitMinutes}分钟 · 取最高分，同分用时少者在前
        </div>
        <Tag color="red" style={{ marginTop: 6 }}>{contestPhases.label(c.phase)}</Tag>
      </div>
      {me.error && <Alert type="error" showIcon message={errorMessage(me.error)} />}
      {m && (
        <div style={{ ...box, display: 'flex', textAlign: 'center' }} data-testid="m-contest-me">
          <div style={{ flex: 1 }}>
            <div style={{ color: '#8c8c8c', fontSize: 12 }}>我的最高分</div>
            <div style={{ fontSize: 26, fontWeight: 700, color: PARTY_RED }}>{m.best ? m.best.score : '—'}</div>
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>{m.best ? `用时${Math.round(m.best.seconds)}秒` : '尚无成绩'}</div>
          </div>
          <div style={{ flex: 1 }}>
            <div style={{ color: '#8c8c8c', fontSize: 12 }}>我的名次</div>
            <div style={{ fontSize: 26, fontWeight: 700 }} data-testid="m-contest-rank">{m.rank ?? '—'}</div>
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>共{m.rankedCount}人上榜</div>
          </div>
          <div style={{ flex: 1 }}>
            <div style={{ color: '#8c8c8c', fontSize: 12 }}>已练习</div>
            <div style={{ fontSize: 26, fontWeight: 700 }}>{m.practised}</div>
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>答对{m.practisedCorrect}题</div>
          </div>
        </div>
      )}
      {m?.org && (
        <div style={box} data-testid="m-contest-org">
          <b>{m.org.orgName}</b>：参与率 {m.org.rate}%（{m.org.participants}/{m.org.members}人），平均分 {m.org.averageScore ?? '—'}，在同级组织中排第 {m.org.rank} 名
        </div>
      )}
      {c.phase === 'practice' && <PracticeBox contestId={c.id} />}
      {c.phase === 'contest' && m && (
        <div style={box}>
          {m.openAttemptId ? (
            <Button type="primary" block size="large" onClick={() => navigate(`/m/attempts/${m.openAttemptId}?back=${encodeURIComponent("/m/contests")}`)}>
              继续答题
            </Button>
          ) : (
            <Button type="primary" block size="large" disabled={!m.canStart} loading={start.isPending} onClick={begin}>
              {m.canStart ? `开始竞赛答题（今天还可答${m.dailyLimit - m.attemptsToday}次）` : '今天的答题次数已用完，明天再来'}
            </Button>
          )}
          {m.attempts.length > 0 && (
            <div style={{ marginTop: 10, fontSize: 13 }}>
              {m.attempts.slice(0, 5).map((a) => (
                <div key={a.attemptId} style={{ display: 'flex', justifyContent: 'space-between', padding: '4px 0', borderTop: '1px solid #f0f0f0' }}>
                  <span>{a.day}</span>
                  <span>{a.score === null ? (a.status === 'in_progress' ? '答题中' : '—') : `${a.score}分 · ${Math.round(a.seconds ?? 0)}秒`}</span>
                  {a.flag !== 'none' && <Tag color={a.flag === 'cleared' ? 'success' : 'warning'}>{flagStates.label(a.flag)}</Tag>}
                </div>
              ))}
            </div>
          )}
        </div>
      )}
      <div style={box}>
        <div style={{ fontWeight: 600, marginBottom: 6 }}>排行榜（前10名）</div>
        {!board.data?.individuals.items.length && <div style={{ color: '#8c8c8c' }}>暂无成绩</div>}
        {board.data?.individuals.items.map((r) => (
          <div key={r.rank} data-testid="m-contest-row" style={{ display: 'flex', padding: '4px 0', fontWeight: r.me ? 700 : 400, color: r.me ? PARTY_RED : undefined }}>
            <span style={{ width: 28 }}>{r.rank}</span>
            <span style={{ width: 64 }}>{r.name}</span>
            <span style={{ flex: 1, color: '#8c8c8c', fontSize: 12, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>{r.orgName}</span>
            <span style={{ width: 44, textAlign: 'right' }}>{r.score}</span>
            <span style={{ width: 52, textAlign: 'right', color: '#8c8c8c', fontSize: 12 }}>{Math.round(r.seconds)}秒</span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** 练习: one question at a time from the contest's published bank; the answer checked at once, with the key and the explanation. */
function PracticeBox({ contestId }: { contestId: number }) {
  const [batch, setBatch] = useState<Practice | null>(null);
  const [index, setIndex] = useState(0);
  const [given, setGiven] = useState<string[]>([]);
  const [feedback, setFeedback] = useState<PracticeFeedback | null>(null);
  const [error, setError] = useState<string | null>(null);
  const answer = usePracticeAnswer();
  async function load() {
    try {
      setBatch(await practiceQuestions(contestId));
      setIndex(0);
      setGiven([]);
      setFeedback(null);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  const q = batch?.questions[index];
  async function check() {
    if (!q) return;
    try {
      setFeedback(await answer.mutateAsync({ id: contestId, questionId: q.questionId, given }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  function next() {
    if (batch && index + 1 < batch.questions.length) {
      setIndex(index + 1);
      setGiven([]);
      setFeedback(null);
    } else void load();
  }
  const choices = q ? (q.type === 'judge' ? [{ value: 'true', label: '正确' }, { value: 'false', label: '错误' }] : q.options.map((o, i) => ({ value: LETTERS[i], label: `${LETTERS[i]}. ${o}` }))) : [];
  const keyText = (k: string[]) => k.map((x) => (x === 'true' ? '正确' : x === 'false' ? '错误' : x)).join('、');
  return (
    <div style={box} data-testid="m-practice">
      <div style={{ fontWeight: 600, marginBottom: 6 }}>练习（不计排名）</div>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      {!batch && (
        <Button type="primary" block onClick={load}>
          开始练习
        </Button>
      )}
      {q && (
        <div>
          <div style={{ marginBottom: 8 }}>
            <span style={{ color: '#8c8c8c' }}>{index + 1}/{batch!.questions.length} </span>
            {q.stem}
          </div>
          {q.type === 'multiple' ? (
            <Checkbox.Group value={given} onChange={(v) => setGiven(v as string[])} disabled={!!feedback} style={{ display: 'flex', flexDirection: 'column', gap: 6 }} options={choices} />
          ) : (
            <Radio.Group value={given[0]} onChange={(e) => setGiven([e.target.value])} disabled={!!feedback}>
              <Space direction="vertical">
                {choices.map((o) => (
                  <Radio key={o.value} value={o.value}>
                    {o.label}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          )}
          {feedback && (
            <Alert
              style={{ marginTop: 10 }}
              type={feedback.correct ? 'success' : 'error'}
              data-testid="m-practice-feedback"
              message={feedback.correct ? '回答正确' : `回答错误，正确答案：${keyText(feedback.answer)}`}
              description={feedback.explanation ? `解析：${feedback.explanation}` : undefined}
            />
          )}
          <div style={{ marginTop: 10 }}>
            {feedback ? (
              <Button block onClick={next}>
                下一题
              </Button>
            ) : (
              <Button type="primary" block disabled={!given.length} loading={answer.isPending} onClick={check}>
                提交答案
              </Button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
