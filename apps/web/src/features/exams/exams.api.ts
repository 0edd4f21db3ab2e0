import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonOf, PaperInput, QuestionInput, paperDto, paperListDto, paperPreviewDto, questionDto, questionListDto } from '@xianfeng/shared';
import { api, get, post, put, type Query } from '../../api/client.ts';

// 考试: the server's answers typed from the response schemas (question.contract.ts).
export type Question = JsonOf<typeof questionDto>;
export type QuestionList = JsonOf<typeof questionListDto>;

export const examKeys = {
  all: ['exams'] as const,
  questions: (q: Query) => ['exams', 'questions', q] as const,
};

export const useQuestions = (q: Query) =>
  useQuery({ queryKey: examKeys.questions(q), queryFn: () => get<QuestionList>('/exam-questions', q), placeholderData: keepPreviousData });

function useExamMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: examKeys.all }) });
}
export const useCreateQuestion = () => useExamMutation((input: QuestionInput) => post<Question>('/exam-questions', input));
export const useUpdateQuestion = () => useExamMutation(({ id, input }: { id: number; input: QuestionInput }) => put<Question>(`/exam-questions/${id}`, input));
export const useArchiveQuestion = () => useExamMutation((id: number) => api<{ ok: boolean }>('DELETE', `/exam-questions/${id}`));

export type Paper = JsonOf<typeof paperDto>;
export type PaperList = JsonOf<typeof paperListDto>;
export type PaperPreview = JsonOf<typeof paperPreviewDto>;
export const usePapers = (q: Query) => useQuery({ queryKey: ['exams', 'papers', q], queryFn: () => get<PaperList>('/exam-papers', q), placeholderData: keepPreviousData });
export const usePaperPreview = (id: number | null, seed: number) =>
  useQuery({ queryKey: ['exams', 'preview', id, seed], queryFn: () => get<PaperPreview>(`/exam-papers/${id}/preview`, { seed }), enabled: id !== null, retry: false });
export const useCreatePaper = () => useExamMutation((input: PaperInput) => post<Paper>('/exam-papers', input));
export const useArchivePaper = () => useExamMutation((id: number) => api<{ ok: boolean }>('DELETE', `/exam-papers/${id}`));
