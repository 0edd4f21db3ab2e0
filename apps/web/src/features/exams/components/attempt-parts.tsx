import { questionTypes, isAnswered, type QuestionType } from '@xianfeng/shared';
import type { AttemptQuestion } from '../my-exams.api.ts';

// What the answering page and the result page both show of a question (考试 on the phone).

export const LETTERS = 'ABCDEFGH';
export const card = { background: '#fff', borderRadius: 8, padding: '12px 14px', boxShadow: '0 1px 2px rgba(0,0,0,0.04)', marginBottom: 12 } as const;
export const typeLabel = (t: string) => (questionTypes.values as readonly string[]).includes(t) ? questionTypes.label(t as QuestionType) : t;
export const judgeLabel = (v: string) => (v === 'true' ? '正确' : v === 'false' ? '错误' : v);
/** An answer as a person reads it: letters for choices, 正确/错误, the text itself. */
export function answerText(q: AttemptQuestion, given: readonly string[] | null | undefined) {
  if (!isAnswered(given)) return '未作答';
  if (q.type === 'judge') return judgeLabel(given![0]);
  return given!.join(q.type === 'single' || q.type === 'multiple' ? '' : '；');
}

export function QuestionHead({ q }: { q: AttemptQuestion }) {
  return (
    <>
      <div style={{ color: '#8c8c8c', fontSize: 13, marginBottom: 4 }}>
        第{q.position}题 · {typeLabel(q.type)} · {q.score}分
      </div>
      <div style={{ fontSize: 16, lineHeight: 1.6, marginBottom: 10, whiteSpace: 'pre-wrap' }}>{q.stem}</div>
    </>
  );
}
