import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActivityCreateInput, ActivityStatus, ActivityType, ActivityUpdateInput, AttendanceInput } from '@xianfeng/shared';
import { api, get, patch, post, put, type Query } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import type { ActivityDetail, ActivityListItem, Attachment, ExpectedPreview, HistoryBatch, SignInCode } from './activity.types.ts';
import type { ListParams } from '../../lib/usePagedList.ts';
import { forgetWhenUnused } from '../../lib/forget-query.ts';

export type ActivityFilter = {
  orgId?: number;
  from?: string;
  to?: string;
  type?: ActivityType;
  status?: ActivityStatus;
  page?: number;
  pageSize?: number;
};
/** How the filter reads back from the address of 组织生活 and 审核待办. */
export const ACTIVITY_PARAMS: ListParams<ActivityFilter> = { orgId: 'number', from: 'text', to: 'text', type: 'text', status: 'text' };

/** 谈心谈话 names its talk partners when it is created (other kinds take the roster on the day). */
export type ActivityCreateBody = ActivityCreateInput & { participantMemberIds?: number[] };

export const activityKeys = {
  all: ['activities'] as const,
  list: (f: ActivityFilter, toReview: boolean) => ['activities', 'list', toReview, f] as const,
  detail: (id: number) => ['activities', 'detail', id] as const,
};

export function useActivityList(filter: ActivityFilter, toReview = false) {
  return useQuery({
    queryKey: activityKeys.list(filter, toReview),
    queryFn: () => get<Page<ActivityListItem>>('/activities', { ...filter, toReview: toReview ? 'true' : undefined } as Query),
    placeholderData: keepPreviousData,
  });
}

/** `refreshEvery` (ms) keeps the detail fresh while members sign in at the meeting. */
export function useActivity(id: number | undefined, refreshEvery?: number) {
  return useQuery({ queryKey: activityKeys.detail(id ?? 0), queryFn: () => get<ActivityDetail>(`/activities/${id}`), enabled: !!id, refetchInterval: refreshEvery });
}

/** Who a record would expect (the form's hint before saving): the rule in words, the count, the 支委会 check. */
export function useExpectedPreview(orgId: number | undefined, types: ActivityType[] | undefined, day: string | undefined) {
  const ready = !!orgId && !!types?.length && !!day;
  return useQuery({
    queryKey: ['activities', 'expected', orgId, types?.join(','), day],
    queryFn: () => get<ExpectedPreview>('/activities/expected', { orgId, types: types!.join(','), day } as Query),
    enabled: ready,
    placeholderData: keepPreviousData,
  });
}

/**
 * Every change answers with the whole detail: it goes straight into the cache, and lists (and the
 * compliance figures an approval moves) are refreshed.
 */
function useActivityMutation<I>(fn: (input: I) => Promise<ActivityDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (detail) => {
      qc.setQueryData(activityKeys.detail(detail.id), detail);
      await Promise.all([
        qc.invalidateQueries({ queryKey: [...activityKeys.all, 'list'] }),
        qc.invalidateQueries({ queryKey: ['compliance'] }),
      ]);
    },
  });
}

export const useCreateActivity = () => useActivityMutation((input: ActivityCreateBody) => post<ActivityDetail>('/activities', input));
export const useUpdateActivity = (id: number) => useActivityMutation((input: ActivityUpdateInput) => patch<ActivityDetail>(`/activities/${id}`, input));
export const useSetAttendance = (id: number) => useActivityMutation((input: AttendanceInput) => put<ActivityDetail>(`/activities/${id}/attendance`, input));

/** The secretary confirms (列席) or rejects a sign-in from outside the expected list. */
export const useConfirmSignIn = (id: number) =>
  useActivityMutation(({ memberId, accept }: { memberId: number; accept: boolean }) => post<ActivityDetail>(`/activities/${id}/sign-ins/${memberId}/confirm`, { accept }));

export type WorkflowStep = 'submit' | 'approve' | 'return' | 'reopen';
/** 提交审核 / 审核通过 / 退回 / 重新打开; the id travels with the call so one hook serves a whole list. */
export const useWorkflow = () =>
  useActivityMutation(({ id, step, comment }: { id: number; step: WorkflowStep; comment?: string }) =>
    post<ActivityDetail>(`/activities/${id}/${step}`, step === 'submit' ? {} : comment ? { comment } : {}),
  );

/** Deleting: the caller leaves the detail page (to the list); its cached record goes when the page has gone. */
export function useDeleteActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<{ ok: boolean }>('DELETE', `/activities/${id}`),
    onSuccess: async (_r, id) => {
      forgetWhenUnused(qc, activityKeys.detail(id));
      await Promise.all([qc.invalidateQueries({ queryKey: [...activityKeys.all, 'list'] }), qc.invalidateQueries({ queryKey: ['compliance'] })]);
    },
  });
}

/** The meeting's sign-in code: fetched when the modal opens, never cached (it is a signed token). */
export function useSignInCode(id: number, enabled: boolean) {
  return useQuery({ queryKey: ['activities', 'sign-in-code', id], queryFn: () => get<SignInCode>(`/activities/${id}/sign-in-code`), enabled, gcTime: 0, staleTime: 0 });
}

/** Attachments change the detail's list only: refetch it. */
function useAttachmentMutation<I, O>(activityId: number, fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: activityKeys.detail(activityId) }) });
}

export const useUploadAttachment = (activityId: number) =>
  useAttachmentMutation(activityId, (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<Attachment>('POST', `/activities/${activityId}/attachments`, { form });
  });

export const useDeleteAttachment = (activityId: number) =>
  useAttachmentMutation(activityId, (fileId: number) => api<unknown>('DELETE', `/activities/${activityId}/attachments/${fileId}`));

/** 补录 batches the caller can see (importers and reviewers). */
export function useHistoryImports(enabled = true) {
  return useQuery({ queryKey: [...activityKeys.all, 'history-imports'], queryFn: () => get<HistoryBatch[]>('/activities/history/imports'), enabled });
}

/** Approves every waiting record of one imported file: lists, details and compliance change. */
export function useApproveHistoryImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, comment }: { id: number; comment?: string }) => post<{ approved: number; batch: HistoryBatch }>(`/activities/history/imports/${id}/approve`, comment ? { comment } : {}),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: activityKeys.all }), qc.invalidateQueries({ queryKey: ['compliance'] })]),
  });
}
