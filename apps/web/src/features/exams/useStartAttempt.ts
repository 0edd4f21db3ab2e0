import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App } from 'antd';
import { errorMessage, get } from '../../api/client.ts';
import { startAttempt } from './my-exams.api.ts';

type Startable = { id: number; timeLimitMinutes: number; focusStrikes: number };

/**
 * 开始答题 from any card of the phone (我的考试, 我的培训's 入学测试 / 结业考试): the taker is told
 * the time limit and the focus-loss limit before the timer starts, then lands on the attempt page.
 * An attempt already open (started and left) is continued rather than refused. `back` is where
 * the attempt page's 返回 leads.
 */
export function useStartAttempt(back?: string) {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [starting, setStarting] = useState(false);
  const open = (attemptId: number) => navigate(`/m/attempts/${attemptId}${back ? `?back=${encodeURIComponent(back)}` : ''}`);

  const begin = async (exam: Startable) => {
    setStarting(true);
    try {
      open((await startAttempt(exam.id)).attempt.id);
    } catch (e) {
      const already = errorMessage(e).includes('尚未交卷') ? await openAttemptOf(exam.id) : null;
      if (already) open(already);
      else message.error(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };

  /** `title` asks the question (「开始第2次作答？」, 「开始结业考试？」). */
  const start = (exam: Startable, title: string) =>
    modal.confirm({
      title,
      content: `开始后计时${exam.timeLimitMinutes}分钟，时间到自动交卷；答案随答随存。${exam.focusStrikes ? `答题中离开本页面（切屏）${exam.focusStrikes}次将被强制交卷。` : ''}`,
      okText: '开始答题',
      cancelText: '取消',
      onOk: () => begin(exam),
    });

  return { start, starting, open };
}

async function openAttemptOf(examId: number): Promise<number | null> {
  const exam = await get<{ mine: { attempts: { id: number; status: string }[] } | null }>(`/exams/${examId}`).catch(() => null);
  return exam?.mine?.attempts.find((a) => a.status === 'in_progress')?.id ?? null;
}
