import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContestInput, FlagReviewInput, JsonOf, contestDto, contestListDto, flagListDto, leaderboardDto, myContestDto, practiceDto, practiceFeedbackDto } from '@xianfeng/shared';
import { get, post, put, type Query } from '../../api/client.ts';

// 知识竞赛: the server's answers typed from the response schemas (contest.contract.ts).
export type Contest = JsonOf<typeof contestDto>;
export type ContestList = JsonOf<typeof contestListDto>;
export type Leaderboard = JsonOf<typeof leaderboardDto>;
export type MyContest = JsonOf<typeof myContestDto>;
export type Practice = JsonOf<typeof practiceDto>;
export type PracticeFeedback = JsonOf<typeof practiceFeedbackDto>;
export type FlagList = JsonOf<typeof flagListDto>;

const all = ['contests'] as const;
export const useContests = (q: Query) => useQuery({ queryKey: ['contests', 'list', q], queryFn: () => get<ContestList>('/contests', q), placeholderData: keepPreviousData });
export const useContest = (id: number) => useQuery({ queryKey: ['contests', id], queryFn: () => get<Contest>(`/contests/${id}`) });
export const useLeaderboard = (id: number, q: Query, refetchInterval?: number) =>
  useQuery({ queryKey: ['contests', id, 'leaderboard', q], queryFn: () => get<Leaderboard>(`/contests/${id}/leaderboard`, q), placeholderData: keepPreviousData, refetchInterval });
export const useMyContest = (id: number | null) => useQuery({ queryKey: ['contests', id, 'me'], queryFn: () => get<MyContest>(`/contests/${id}/me`), enabled: id !== null });
export const useFlags = (id: number, q: Query) => useQuery({ queryKey: ['contests', id, 'flags', q], queryFn: () => get<FlagList>(`/contests/${id}/flags`, q), placeholderData: keepPreviousData });
export const practiceQuestions = (id: number) => get<Practice>(`/contests/${id}/practice`, { count: 5 });

function useContestMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: all }) });
}
export const useCreateContest = () => useContestMutation((input: ContestInput) => post<Contest>('/contests', input));
export const useUpdateContest = () => useContestMutation(({ id, input }: { id: number; input: ContestInput }) => put<Contest>(`/contests/${id}`, input));
export const useContestTransition = () => useContestMutation(({ id, event }: { id: number; event: 'publish' | 'finish' | 'cancel' }) => post<Contest>(`/contests/${id}/${event}`));
export const useReviewFlag = () => useContestMutation(({ id, attemptId, input }: { id: number; attemptId: number; input: FlagReviewInput }) => post<{ ok: boolean }>(`/contests/${id}/flags/${attemptId}`, input));
export const usePracticeAnswer = () => useContestMutation(({ id, questionId, given }: { id: number; questionId: number; given: string[] }) => post<PracticeFeedback>(`/contests/${id}/practice`, { questionId, given }));
export const useStartContestAttempt = () => useContestMutation((id: number) => post<{ attemptId: number }>(`/contests/${id}/attempts`));
