import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  JsonOf,
  ReviewCampaignCreateInput,
  ReviewCommentInput,
  ReviewMeetingInput,
  ReviewSetupInput,
  reviewBallotSheetDto,
  reviewCampaignDetailDto,
  reviewCampaignListDto,
  reviewReportDto,
} from '@xianfeng/shared';
import { api, get, post, put } from '../../api/client.ts';

// 述职评议: the server's answers typed from the response schemas (review-campaign.contract.ts).
export type ReviewList = JsonOf<typeof reviewCampaignListDto>;
export type ReviewDetail = JsonOf<typeof reviewCampaignDetailDto>;
export type ReviewReport = JsonOf<typeof reviewReportDto>;
export type BallotSheet = JsonOf<typeof reviewBallotSheetDto>;

export const reviewKeys = {
  all: ['review-campaigns'] as const,
  list: (year: number) => ['review-campaigns', 'list', year] as const,
  detail: (id: number) => ['review-campaigns', 'detail', id] as const,
  report: (id: number, reporterId: number) => ['review-campaigns', 'report', id, reporterId] as const,
  sheet: (id: number) => ['review-campaigns', 'sheet', id] as const,
};

export const useReviewCampaigns = (year: number) =>
  useQuery({ queryKey: reviewKeys.list(year), queryFn: () => get<ReviewList>('/review-campaigns', { year }), placeholderData: keepPreviousData });
export const useReviewCampaign = (id: number) => useQuery({ queryKey: reviewKeys.detail(id), queryFn: () => get<ReviewDetail>(`/review-campaigns/${id}`) });
export const useReviewReport = (id: number, reporterId: number) =>
  useQuery({ queryKey: reviewKeys.report(id, reporterId), queryFn: () => get<ReviewReport>(`/review-campaigns/${id}/reporters/${reporterId}/report`) });
export const useBallotSheet = (id: number) => useQuery({ queryKey: reviewKeys.sheet(id), queryFn: () => get<BallotSheet>(`/review-campaigns/${id}/ballot-sheet`) });

/** Any change refreshes every 述职评议 answer. */
function useReviewMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: reviewKeys.all }) });
}
export const useCreateReview = () => useReviewMutation((input: ReviewCampaignCreateInput) => post<ReviewDetail>('/review-campaigns', input));
export const useSaveSetup = (id: number) => useReviewMutation((input: ReviewSetupInput) => put<ReviewDetail>(`/review-campaigns/${id}/setup`, input));
export const useSaveMeeting = (id: number) => useReviewMutation((input: ReviewMeetingInput) => put<ReviewDetail>(`/review-campaigns/${id}/meeting`, input));
export const useReviewStep = (id: number) => useReviewMutation((step: 'open' | 'start-voting' | 'close') => post<ReviewDetail>(`/review-campaigns/${id}/${step}`));
export const useCommentToList = (id: number) => useReviewMutation((commentId: number) => post<{ commentId: number; listItemId: number }>(`/review-campaigns/${id}/comments/${commentId}/to-list`));
export const useSaveReport = (id: number, reporterId: number) => useReviewMutation((text: string) => put<ReviewReport>(`/review-campaigns/${id}/reporters/${reporterId}/report`, { text }));
export const useUploadReport = (id: number, reporterId: number) =>
  useReviewMutation((file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<ReviewReport>('POST', `/review-campaigns/${id}/reporters/${reporterId}/report-file`, { form });
  });
export const useSaveComment = (id: number) =>
  useReviewMutation(({ reporterId, ...input }: ReviewCommentInput & { reporterId: number }) => put<unknown>(`/review-campaigns/${id}/reporters/${reporterId}/comment`, input));
export const useCastBallot = (id: number) =>
  useReviewMutation(({ reporterId, grade }: { reporterId: number; grade: string }) => post<unknown>(`/review-campaigns/${id}/reporters/${reporterId}/ballot`, { grade }));

export const reportFileUrl = (id: number, reporterId: number) => `/api/review-campaigns/${id}/reporters/${reporterId}/report-file`;
