import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Input, Result, Skeleton } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, LoadingOutlined, WarningFilled } from '@ant-design/icons';
import { cleanAnswerText, formatRemaining, remainingMs, unansweredPositions } from '@xianfeng/shared';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { PARTY_RED } from '../../../app/theme.ts';
import { AttemptResult } from '../components/AttemptResult.tsx';
import { card, judgeLabel, LETTERS, QuestionHead } from '../components/attempt-parts.tsx';
import { readAttempt, reportFocusLoss, saveAnswers, submitAttempt, useAttempt, useAttemptCache, type AttemptQuestion, type Timed } from '../my-exams.api.ts';

type Answers = Record<number, string[]>;
type SaveState = { state: 'idle' | 'pending' | 'saving' | 'saved' | 'error'; error?: string };
/** Text answers are saved this long after the last key press; a choice at once. */
const TEXT_DEBOUNCE_MS = 800;

/**
 * Saving as the member answers: changed answers wait in `dirty` (a text answer for the debounce, a
 * choice not at all) and go out in one PUT at a time; a failed save keeps them for 重试.
 */
function useSaver(id: number, onSaved: (t: Timed) => void, onRefused: () => void) {
  const dirty = useRef(new Map<number, string[]>());
  const flight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number>(undefined);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });

  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    while (flight.current) await flight.current;
    if (!dirty.current.size) return true;
    const batch = [...dirty.current.entries()];
    dirty.current.clear();
    setSave({ state: 'saving' });
    const run = (async () => {
      try {
        onSaved(await saveAnswers(id, batch.map(([position, given]) => ({ position, given: given.map(cleanAnswerText) }))));
        setSave(dirty.current.size ? { state: 'pending' } : { state: 'saved' });
        return true;
      } catch (e) {
        for (const [p, g] of batch) if (!dirty.current.has(p)) dirty.current.set(p, g);
        setSave({ state: 'error', error: errorMessage(e) });
        if (e instanceof ApiError && e.status === 409) onRefused();
        return false;
      }
    })();
    flight.current = run;
    const ok = await run;
    flight.current = null;
    return ok && (dirty.current.size ? flush() : true);
  }, [id, onSaved, onRefused]);

  const change = useCallback(
    (position: number, given: string[], debounce: number) => {
      dirty.current.set(position, given);
      setSave({ state: 'pending' });
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush(), debounce);
    },
    [flush],
  );
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return { save, change, flush };
}

function SaveBadge({ save, onRetry }: { save: SaveState; onRetry: () => void }) {
  // A fixed width: the bar does not move as the state changes.
  const inner =
    save.state === 'error' ? (
      <span style={{ color: '#cf1322' }}>
        <CloseCircleFilled /> 保存失败{' '}
        <Button danger onClick={onRetry} style={{ marginLeft: 2, paddingInline: 10 }}>
          重试
        </Button>
      </span>
    ) : save.state === 'saving' || save.state === 'pending' ? (
      <span style={{ color: '#8c8c8c' }}>
        <LoadingOutlined /> 保存中
      </span>
    ) : save.state === 'saved' ? (
      <span style={{ color: '#389e0d' }}>
        <CheckCircleFilled /> 已保存
      </span>
    ) : (
      <span style={{ color: '#8c8c8c' }}>答案随答随存</span>
    );
  return (
    <div data-testid="save-state" title={save.error} style={{ width: 150, textAlign: 'right', fontSize: 13, whiteSpace: 'nowrap' }}>
      {inner}
    </div>
  );
}

/** One option, a full-width button easy to hit with a thumb (≥ 48 px high). */
function Choice({ role, checked, label, mark, onClick }: { role: 'radio' | 'checkbox'; checked: boolean; label: string; mark: string; onClick: () => void }) {
  return (
    <button
      type="button"
      role={role}
      aria-checked={checked}
      onClick={onClick}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 10,
        width: '100%',
        minHeight: 48,
        padding: '8px 12px',
        marginBottom: 8,
        textAlign: 'left',
        fontSize: 15,
        lineHeight: 1.5,
        color: '#262626',
        background: checked ? '#fff1f0' : '#fff',
        border: `1px solid ${checked ? PARTY_RED : '#d9d9d9'}`,
        borderRadius: 8,
        cursor: 'pointer',
      }}
    >
      <span
        aria-hidden
        style={{
          flex: 'none',
          width: 26,
          height: 26,
          borderRadius: role === 'radio' ? 13 : 6,
          border: `1px solid ${checked ? PARTY_RED : '#bfbfbf'}`,
          background: checked ? PARTY_RED : '#fff',
          color: checked ? '#fff' : '#595959',
          display: 'inline-flex',
          alignItems: 'center',
          justifyContent: 'center',
          fontSize: 13,
          fontWeight: 600,
        }}
      >
        {mark}
      </span>
      <span style={{ flex: 1 }}>{label}</span>
    </button>
  );
}

function QuestionInput({ q, given, onChange, onBlur }: { q: AttemptQuestion; given: string[]; onChange: (given: string[], debounce: number) => void; onBlur: () => void }) {
  const label = `第${q.position}题`;
  if (q.type === 'single' || q.type === 'multiple') {
    const multi = q.type === 'multiple';
    return (
      <div role={multi ? 'group' : 'radiogroup'} aria-label={label}>
        {q.options.map((o, i) => {
          const l = LETTERS[i];
          const checked = given.includes(l);
          return (
            <Choice
              key={l}
              role={multi ? 'checkbox' : 'radio'}
              checked={checked}
              mark={l}
              label={o}
              onClick={() => onChange(multi ? (checked ? given.filter((g) => g !== l) : [...given, l].sort()) : [l], 0)}
            />
          );
        })}
      </div>
    );
  }
  if (q.type === 'judge')
    return (
      <div role="radiogroup" aria-label={label} style={{ display: 'flex', gap: 10 }}>
        {['true', 'false'].map((v) => (
          <div key={v} style={{ flex: 1 }}>
            <Choice role="radio" checked={given[0] === v} mark={v === 'true' ? '✓' : '✗'} label={judgeLabel(v)} onClick={() => onChange([v], 0)} />
          </div>
        ))}
      </div>
    );
  if (q.type === 'fill')
    return <Input size="large" aria-label={`${label}答案`} placeholder="在此填写答案" maxLength={200} value={given[0] ?? ''} onChange={(e) => onChange([e.target.value], TEXT_DEBOUNCE_MS)} onBlur={onBlur} />;
  return (
    <Input.TextArea
      aria-label={`${label}答案`}
      placeholder="在此作答（简答题交卷后由阅卷人评分）"
      rows={5}
      maxLength={2000}
      showCount
      style={{ fontSize: 15 }}
      value={given[0] ?? ''}
      onChange={(e) => onChange([e.target.value], TEXT_DEBOUNCE_MS)}
      onBlur={onBlur}
    />
  );
}

const NONE: string[] = [];
/** One question; redrawn only when its own answer changes. */
const QuestionCard = memo(function QuestionCard({ q, given, set, blur }: { q: AttemptQuestion; given: string[] | undefined; set: (position: number, given: string[], debounce: number) => void; blur: () => void }) {
  return (
    <div style={card} data-testid={`question-${q.position}`}>
      <QuestionHead q={q} />
      <QuestionInput q={q} given={given ?? NONE} onChange={(g, d) => set(q.position, g, d)} onBlur={blur} />
    </div>
  );
});

/** 剩余时间, redrawn twice a second against the server's clock; tells its parent once when it reaches zero. */
function Countdown({ deadline, offset, onZero }: { deadline: string; offset: number; onZero: () => void }) {
  const left = remainingMs(deadline, offset, Date.now());
  const [, setTick] = useState(0);
  const fired = useRef(false);
  useEffect(() => {
    const h = window.setInterval(() => setTick((n) => n + 1), 500);
    return () => window.clearInterval(h);
  }, []);
  useEffect(() => {
    if (left === 0 && !fired.current) {
      fired.current = true;
      onZero();
    }
  }, [left, onZero]);
  return (
    <div data-testid="countdown" style={{ fontSize: 22, fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: left <= 60_000 ? '#cf1322' : '#262626', minWidth: 72 }}>
      {formatRemaining(left)}
    </div>
  );
}

/** The answering view: the countdown from the server's deadline, the questions, 交卷. */
function Answering({ t, onTimed, refetch }: { t: Timed; onTimed: (t: Timed) => void; refetch: () => void }) {
  const { attempt: a, offset } = t;
  const { message, modal } = App.useApp();
  const [answers, setAnswers] = useState<Answers>(() => Object.fromEntries(a.questions.map((q) => [q.position, q.given ?? []])));
  const [submitting, setSubmitting] = useState<null | 'manual' | 'auto'>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const { save, change, flush } = useSaver(a.id, onTimed, refetch);
  // Only the countdown redraws every tick; the paper redraws when an answer changes or time is up.
  const [timeUp, setTimeUp] = useState(() => remainingMs(a.deadlineAt, offset, Date.now()) === 0);
  const busy = useRef(false);

  const submit = useCallback(
    async (how: 'manual' | 'auto') => {
      if (busy.current) return;
      busy.current = true;
      setSubmitting(how);
      setSubmitError(null);
      await flush();
      try {
        const done = await submitAttempt(a.id);
        onTimed(how === 'auto' ? { ...done, auto: true } : done);
      } catch (e) {
        // Already submitted (by the server at the deadline, or on another device): read what it holds.
        if (e instanceof ApiError && e.status === 409) refetch();
        else setSubmitError(errorMessage(e));
        busy.current = false;
        setSubmitting(null);
      }
    },
    [a.id, flush, onTimed, refetch],
  );

  // Time is up: the page submits by itself (the server would at the next read anyway).
  useEffect(() => {
    if (timeUp && !busy.current && !submitError) void submit('auto');
  }, [timeUp, submit, submitError]);

  // Leaving the page (another app, another tab, the screen off) is a focus loss, EX-13; answers waiting go out first.
  // A reload or closing the page is no strike: the browser announces the unload before it hides the page.
  useEffect(() => {
    let unloading = false;
    const onUnload = () => {
      unloading = true;
    };
    const onVisibility = () => {
      if (document.visibilityState !== 'hidden' || busy.current) return;
      void flush();
      if (unloading) return;
      reportFocusLoss(a.id)
        .then((r) => {
          onTimed(r);
          if (r.attempt.status === 'in_progress' && r.attempt.focusStrikes > 0) message.warning(`检测到离开答题页面（第${r.attempt.strikes}次），再离开${r.attempt.focusStrikes - r.attempt.strikes}次将被强制交卷`);
        })
        .catch(() => refetch());
    };
    window.addEventListener('beforeunload', onUnload);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [a.id, flush, onTimed, refetch, message]);

  const set = useCallback(
    (position: number, given: string[], debounce: number) => {
      setAnswers((x) => ({ ...x, [position]: given }));
      change(position, given, debounce);
    },
    [change],
  );
  const blur = useCallback(() => void flush(), [flush]);

  function confirmSubmit() {
    const missing = unansweredPositions(a.questions, answers);
    modal.confirm({
      title: '确定交卷吗？',
      icon: <ExclamationCircleFilled />,
      content: missing.length ? (
        <div data-testid="unanswered">
          还有 <b>{missing.length}</b> 道题未作答：第{missing.join('、')}题。交卷后不能再修改。
        </div>
      ) : (
        '全部题目已作答。交卷后不能再修改。'
      ),
      okText: '交卷',
      cancelText: '继续作答',
      onOk: () => submit('manual'),
    });
  }

  const answered = a.questions.length - unansweredPositions(a.questions, answers).length;
  const strikesLeft = a.focusStrikes - a.strikes;
  return (
    <div>
      <div
        role="timer"
        aria-label="剩余时间"
        style={{ position: 'sticky', top: 48, zIndex: 11, height: 52, margin: '-12px -12px 12px', padding: '0 12px', background: '#fff', borderBottom: '1px solid #f0f0f0', display: 'flex', alignItems: 'center', gap: 10 }}
      >
        <div style={{ flex: 'none', lineHeight: 1.1 }}>
          <div style={{ fontSize: 11, color: '#8c8c8c' }}>剩余时间</div>
          <Countdown deadline={a.deadlineAt} offset={offset} onZero={() => setTimeUp(true)} />
        </div>
        <div style={{ flex: 1, fontSize: 13, color: '#595959' }}>
          已答 {answered}/{a.questions.length}
        </div>
        <SaveBadge save={save} onRetry={() => void flush()} />
      </div>
      <div style={{ fontSize: 15, fontWeight: 600, margin: '0 4px 8px' }}>{a.examTitle}</div>
      {a.focusStrikes > 0 && (
        <Alert
          data-testid="strike-warning"
          style={{ marginBottom: 12 }}
          type={a.strikes ? 'warning' : 'info'}
          showIcon
          icon={a.strikes ? <WarningFilled /> : undefined}
          title={a.strikes ? `已离开答题页面 ${a.strikes} 次，再离开 ${strikesLeft} 次将被强制交卷` : `答题时请勿离开本页面：离开 ${a.focusStrikes} 次将被强制交卷`}
        />
      )}
      {timeUp && (
        <Alert style={{ marginBottom: 12 }} type="warning" showIcon title={submitError ? `时间已到，自动交卷失败：${submitError}` : '时间已到，正在自动交卷…'} action={submitError ? <Button onClick={() => void submit('auto')}>重新交卷</Button> : undefined} />
      )}
      {a.questions.map((q) => (
        <QuestionCard key={q.position} q={q} given={answers[q.position]} set={set} blur={blur} />
      ))}
      {submitError && !timeUp && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={`交卷失败：${submitError}`} />}
      <Button type="primary" size="large" block style={{ height: 52, fontSize: 17, marginBottom: 24 }} loading={submitting !== null} disabled={timeUp && !submitError} onClick={confirmSubmit}>
        交卷
      </Button>
    </div>
  );
}

/**
 * 答题 on the phone (EX-21, EX-22): one attempt, generic — exams, training tests and contests all
 * come here (`?back=` names the page to return to). Reloading restores the saved answers and the
 * time left; an attempt left open past its deadline is submitted by the server at this read.
 */
export default function MobileAttemptPage() {
  const id = Number(useParams().id);
  const [params] = useSearchParams();
  const back = params.get('back')?.startsWith('/m') ? params.get('back')! : '/m/exams';
  const q = useAttempt(id);
  const cache = useAttemptCache(id);
  const refetch = useCallback(() => {
    readAttempt(id).then(cache, () => undefined);
  }, [id, cache]);

  if (q.isLoading) return <Skeleton active />;
  if (q.error || !q.data)
    return (
      <Result
        status="warning"
        title={q.error ? errorMessage(q.error) : '答卷不存在'}
        extra={
          <Link to={back}>
            <Button>返回</Button>
          </Link>
        }
      />
    );
  const a = q.data.attempt;
  return a.status === 'in_progress' ? <Answering key={a.id} t={q.data} onTimed={cache} refetch={refetch} /> : <AttemptResult a={a} auto={!!q.data.auto} back={back} />;
}
