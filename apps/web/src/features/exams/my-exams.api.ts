import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { clockOffset, type JsonOf, type attemptDto, type examDto, type examListDto } from '@xianfeng/shared';
import { get, post, put } from '../../api/client.ts';

// 考试 on the member's phone (EX-21): the exams I may take, and one attempt of mine.
export type MyExam = JsonOf<typeof examDto>;
export type Attempt = JsonOf<typeof attemptDto>;
export type AttemptQuestion = Attempt['questions'][number];

export const myExamKeys = {
  list: ['exams', 'mine'] as const,
  attempt: (id: number) => ['exams', 'attempt', id] as const,
};

/** The exams the member takes (mine ≠ null): published and closed ones of their organisations. */
export const useMyExams = () =>
  useQuery({
    queryKey: myExamKeys.list,
    queryFn: async () => (await get<JsonOf<typeof examListDto>>('/exams', { pageSize: 200 })).items.filter((e) => e.mine !== null),
  });

/**
 * Every attempt answer goes through here: the server clock's offset (server − local) is measured on
 * each call, so the countdown never trusts the phone's clock blindly.
 */
export type Timed = { attempt: Attempt; offset: number; /** Submitted by this page when the time ran out. */ auto?: boolean };
async function timed(call: () => Promise<Attempt>): Promise<Timed> {
  const sent = Date.now();
  const attempt = await call();
  return { attempt, offset: clockOffset(attempt.serverNow, sent, Date.now()) };
}

export const readAttempt = (id: number) => timed(() => get<Attempt>(`/attempts/${id}`));
export const startAttempt = (examId: number) => timed(() => post<Attempt>(`/exams/${examId}/attempts`));
export const saveAnswers = (id: number, answers: { position: number; given: string[] }[]) => timed(() => put<Attempt>(`/attempts/${id}/answers`, { answers }));
export const submitAttempt = (id: number) => timed(() => post<Attempt>(`/attempts/${id}/submit`));
export const reportFocusLoss = (id: number) => timed(() => post<Attempt>(`/attempts/${id}/focus-loss`));

/** The attempt, read once (no refetch on focus: the page holds the answers being typed). */
export const useAttempt = (id: number) =>
  useQuery({ queryKey: myExamKeys.attempt(id), queryFn: () => readAttempt(id), refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: Infinity, retry: 1 });

/** Puts a fresher answer into the cache (and lets the list refetch its scores). */
export function useAttemptCache(id: number) {
  const qc = useQueryClient();
  return useCallback(
    (t: Timed) => {
      qc.setQueryData(myExamKeys.attempt(id), t);
      if (t.attempt.status === 'submitted') void qc.invalidateQueries({ queryKey: myExamKeys.list });
    },
    [qc, id],
  );
}
