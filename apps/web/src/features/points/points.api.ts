import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonOf, pointRankingDto, pointRefreshDto, pointReviewSheetDto, PointAppealAnswerInput, PointAppealInput, pointAppealListDto, PointEntryInput, PointEntryReviewInput, pointEntryListDto, PointExemptionInput, PointRuleSetInput, pointExemptionListDto, pointLedgerDto, pointRuleSetDto, pointRuleSetListDto } from '@xianfeng/shared';
import { api, get, post, put } from '../../api/client.ts';

// 党员积分: the server's answers typed from the response schemas (points.contract.ts).
export type RuleSet = JsonOf<typeof pointRuleSetDto>;
export type RuleSetList = JsonOf<typeof pointRuleSetListDto>;
export type Ledger = JsonOf<typeof pointLedgerDto>;
export type LedgerLine = Ledger['lines'][number];
export type Exemptions = JsonOf<typeof pointExemptionListDto>;
export type Entries = JsonOf<typeof pointEntryListDto>;
export type Appeals = JsonOf<typeof pointAppealListDto>;

export const pointKeys = { all: ['points'] as const };

export const useRuleSets = (year: number) => useQuery({ queryKey: ['points', 'rule-sets', year], queryFn: () => get<RuleSetList>('/point-rule-sets', { year }) });
export const useExemptions = (year: number, enabled = true) => useQuery({ queryKey: ['points', 'exemptions', year], queryFn: () => get<Exemptions>('/point-exemptions', { year }), enabled });
export const useLedger = (memberId: number | null | undefined, year: number) =>
  useQuery({ queryKey: ['points', 'ledger', memberId, year], queryFn: () => get<Ledger>('/points', { memberId, year }), enabled: !!memberId });
export const useMemberSearch = (name: string) =>
  useQuery({ queryKey: ['points', 'members', name], queryFn: () => get<{ items: { id: number; name: string; orgName: string }[] }>('/members', { name, pageSize: 20 }), enabled: name.trim().length > 0 });

function usePointsMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: pointKeys.all }) });
}
export const useCreateRuleSet = () => usePointsMutation((input: PointRuleSetInput) => post<RuleSet>('/point-rule-sets', input));
export const useUpdateRuleSet = () => usePointsMutation(({ id, input }: { id: number; input: PointRuleSetInput }) => put<RuleSet>(`/point-rule-sets/${id}`, input));
export const usePublishRuleSet = () => usePointsMutation((id: number) => post<RuleSet>(`/point-rule-sets/${id}/publish`));
export const useDeleteRuleSet = () => usePointsMutation((id: number) => api<{ ok: boolean }>('DELETE', `/point-rule-sets/${id}`));
export const useCreateExemption = () => usePointsMutation((input: PointExemptionInput) => post<unknown>('/point-exemptions', input));
export const useDeleteExemption = () => usePointsMutation((id: number) => api<{ ok: boolean }>('DELETE', `/point-exemptions/${id}`));
export const useEntries = (q: { year: number; status?: string; page: number }) => useQuery({ queryKey: ['points', 'entries', q], queryFn: () => get<Entries>('/point-entries', { ...q, pageSize: 20 }) });
export const useCreateEntry = () => usePointsMutation((input: PointEntryInput) => post<unknown>('/point-entries', input));
export const useReviewEntry = () => usePointsMutation(({ id, input }: { id: number; input: PointEntryReviewInput }) => post<unknown>(`/point-entries/${id}/review`, input));
export const useAppeals = (year: number) => useQuery({ queryKey: ['points', 'appeals', year], queryFn: () => get<Appeals>('/point-appeals', { year }) });
export const useCreateAppeal = () => usePointsMutation((input: PointAppealInput) => post<unknown>('/point-appeals', input));
export const useAnswerAppeal = () => usePointsMutation(({ id, input }: { id: number; input: PointAppealAnswerInput }) => post<unknown>(`/point-appeals/${id}/answer`, input));

export type Ranking = JsonOf<typeof pointRankingDto>;
export type ReviewSheet = JsonOf<typeof pointReviewSheetDto>;
export const useRanking = (q: { orgId?: number; year: number; q?: string; page: number }) =>
  useQuery({ queryKey: ['points', 'ranking', q], queryFn: () => get<Ranking>('/point-rankings', { ...q, pageSize: 20 }), enabled: !!q.orgId });
export const useRefreshRanking = () => usePointsMutation(({ orgId, year }: { orgId: number; year: number }) => post<JsonOf<typeof pointRefreshDto>>(`/point-rankings/refresh?orgId=${orgId}&year=${year}`));
export const useReviewSheet = (orgId: number, year: number) => useQuery({ queryKey: ['points', 'review-sheet', orgId, year], queryFn: () => get<ReviewSheet>('/point-review-sheet', { orgId, year }), retry: false });

export const entryFileUrl = (entryId: number, fileId: number) => `/api/point-entries/${entryId}/files/${fileId}`;
export const useUploadEntryFile = () =>
  usePointsMutation(({ id, file }: { id: number; file: File }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<unknown>('POST', `/point-entries/${id}/files`, { form });
  });
export const useDeleteEntryFile = () => usePointsMutation(({ id, fileId }: { id: number; fileId: number }) => api<unknown>('DELETE', `/point-entries/${id}/files/${fileId}`));
