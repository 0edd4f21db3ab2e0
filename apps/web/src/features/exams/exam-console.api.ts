import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExamInput, JsonOf, MarksInput, attemptDto, examDto, examListDto, examResultsDto, markingListDto, paperListDto } from '@xianfeng/shared';
import { get, post, put, type Query } from '../../api/client.ts';
import { examKeys } from './exams.api.ts';

// 考试 (the organiser's side): exams, their results and the marking of short answers, typed from the
// response schemas (exam.contract.ts, exam-results.contract.ts).
export type Exam = JsonOf<typeof examDto>;
export type ExamList = JsonOf<typeof examListDto>;
export type ExamResults = JsonOf<typeof examResultsDto>;
export type ExamResultRow = ExamResults['items'][number];
export type MarkingList = JsonOf<typeof markingListDto>;
export type MarkingItem = MarkingList['items'][number];
export type Attempt = JsonOf<typeof attemptDto>;

export const useExams = (q: Query) => useQuery({ queryKey: ['exams', 'exams', q], queryFn: () => get<ExamList>('/exams', q), placeholderData: keepPreviousData });
export const useExam = (id: number) => useQuery({ queryKey: ['exams', 'exam', id], queryFn: () => get<Exam>(`/exams/${id}`) });
export const useExamResults = (id: number, q: Query) =>
  useQuery({ queryKey: ['exams', 'results', id, q], queryFn: () => get<ExamResults>(`/exams/${id}/results`, q), placeholderData: keepPreviousData });
export const useMarking = (id: number, q: Query, enabled = true) =>
  useQuery({ queryKey: ['exams', 'marking', id, q], queryFn: () => get<MarkingList>(`/exams/${id}/marking`, q), placeholderData: keepPreviousData, enabled });
/** Papers for the exam form's picker (the caller's subtree's, up to 200). */
export const usePaperChoices = () => useQuery({ queryKey: ['exams', 'papers', 'choices'], queryFn: () => get<JsonOf<typeof paperListDto>>('/exam-papers', { pageSize: 200 }) });

function useInvalidating<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  // Refreshed after a refusal too: a 409 means someone else changed it, and the page should show what is now true.
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: examKeys.all }) });
}
export const useCreateExam = () => useInvalidating((input: ExamInput) => post<Exam>('/exams', input));
export const useUpdateExam = () => useInvalidating(({ id, input }: { id: number; input: ExamInput }) => put<Exam>(`/exams/${id}`, input));
export const useExamTransition = () => useInvalidating(({ id, event }: { id: number; event: 'publish' | 'close' | 'cancel' }) => post<Exam>(`/exams/${id}/${event}`));
export const useMarkAttempt = () => useInvalidating(({ id, input }: { id: number; input: MarksInput }) => put<Attempt>(`/attempts/${id}/marks`, input));
