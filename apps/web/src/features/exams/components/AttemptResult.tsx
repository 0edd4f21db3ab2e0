import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Tag } from 'antd';
import { formatDateTime } from '../../../lib/dates.ts';
import type { Attempt } from '../my-exams.api.ts';
import { answerText, card, judgeLabel, LETTERS, QuestionHead } from './attempt-parts.tsx';

/** After 交卷: the score, passed, 待阅卷, how it ended; the review only when the exam's policy allows. */
export function AttemptResult({ a, auto, back }: { a: Attempt; auto: boolean; back: string }) {
  const navigate = useNavigate();
  // Just submitted from the bottom of the paper: the score is at the top.
  useEffect(() => window.scrollTo(0, 0), []);
  const pending = a.pendingMarking;
  const ended = a.forced ? '因离开答题页面次数达到上限，系统已强制交卷' : a.timedOut || auto ? '作答时间已到，系统已自动交卷' : null;
  return (
    <div>
      <div style={{ ...card, textAlign: 'center', padding: '20px 14px' }} data-testid="result">
        <div style={{ fontSize: 15, fontWeight: 600 }}>{a.examTitle}</div>
        <div style={{ color: '#8c8c8c', fontSize: 12, margin: '4px 0 12px' }}>
          第{a.attemptNo}次作答 · 交卷时间 {formatDateTime(a.submittedAt)}
        </div>
        {pending ? (
          <>
            <div style={{ fontSize: 28, fontWeight: 700, color: '#1677ff' }}>待阅卷</div>
            <div style={{ color: '#595959', marginTop: 6 }}>含简答题，阅卷后公布成绩（满分{a.totalScore}分，{a.passMark}分及格）</div>
          </>
        ) : (
          <>
            <div style={{ fontSize: 40, fontWeight: 700, color: a.passed ? '#389e0d' : '#cf1322', lineHeight: 1.2 }}>
              {a.score}
              <span style={{ fontSize: 16, color: '#8c8c8c', fontWeight: 400 }}> / {a.totalScore}分</span>
            </div>
            <Tag color={a.passed ? 'success' : 'error'} style={{ marginTop: 8, fontSize: 14, padding: '2px 12px' }}>
              {a.passed ? '合格' : `不合格（${a.passMark}分及格）`}
            </Tag>
          </>
        )}
        {ended && <Alert style={{ marginTop: 12, textAlign: 'left' }} type={a.forced ? 'error' : 'warning'} showIcon title={ended} data-testid="ended-by" />}
      </div>
      {a.reviewAllowed ? (
        <div data-testid="review">
          <div style={{ color: '#8c8c8c', fontSize: 13, margin: '4px 4px 8px' }}>答题情况（含标准答案）</div>
          {a.questions.map((q) => {
            const right = q.awarded !== null && q.awarded >= q.score;
            return (
              <div key={q.position} style={card}>
                <QuestionHead q={q} />
                {(q.type === 'single' || q.type === 'multiple') && (
                  <ol type="A" style={{ margin: '0 0 8px', paddingLeft: 22, color: '#595959' }}>
                    {q.options.map((o, i) => (
                      <li key={i} style={{ color: q.answer?.includes(LETTERS[i]) ? '#389e0d' : undefined }}>{o}</li>
                    ))}
                  </ol>
                )}
                <div style={{ fontSize: 14, lineHeight: 1.8 }}>
                  <div>
                    我的答案：<span style={{ color: q.type === 'short' ? undefined : right ? '#389e0d' : '#cf1322' }}>{answerText(q, q.given)}</span>
                  </div>
                  <div>{q.type === 'short' ? '参考答案' : '标准答案'}：{q.answer ? (q.type === 'fill' ? q.answer.join(' 或 ') : q.type === 'judge' ? judgeLabel(q.answer[0]) : q.answer.join(q.type === 'short' ? '；' : '')) : '—'}</div>
                  <div style={{ color: '#8c8c8c' }}>得分：{q.awarded === null ? '待阅卷' : `${q.awarded}/${q.score}`}</div>
                </div>
              </div>
            );
          })}
        </div>
      ) : (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          showIcon
          title={withheldText(a)}
          data-testid="review-withheld"
        />
      )}
      <Button size="large" block style={{ marginBottom: 24 }} onClick={() => navigate(back)}>
        返回
      </Button>
    </div>
  );
}

/** Why the key is not shown yet (EX-24: 交卷后 waits while the taker may try again). */
function withheldText(a: Attempt): string {
  if (a.reviewPolicy === 'never') return '本次考试不公布答案';
  if (a.reviewPolicy === 'after_close') return '考试结束后可查看答案';
  if (a.status !== 'submitted') return '答案暂未公布';
  if (a.attemptsLeft) return `你还可以再考${a.attemptsLeft}次：考试次数用完或考试结束后可查看答案`;
  return '你还有一次作答未交卷：交卷后可查看答案';
}
