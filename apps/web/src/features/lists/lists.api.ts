import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdjustmentInput,
  ClosingInput,
  ItemPlanInput,
  JsonOf,
  KeyTaskInput,
  keyTaskDto,
  keyTaskListDto,
  ledgerDto,
  listItemDto,
  listItemRowDto,
  listPageDto,
  ListQuery,
  OwnItemInput,
  FindingInput,
  HandoverInput,
  handoverNeededDto,
  handoverResultDto,
  listItemFileDto,
  overviewDto,
  rectificationPageDto,
  RectificationQuery,
  VerifyInput,
} from '@xianfeng/shared';
import { api, get, post, put, type Query } from '../../api/client.ts';
import { today } from '../../lib/dates.ts';
import type { ListParams } from '../../lib/usePagedList.ts';

// The server's answers, inferred from the response schemas in @xianfeng/shared (list.contract.ts).

export type KeyTask = JsonOf<typeof keyTaskDto>;
export type KeyTaskList = JsonOf<typeof keyTaskListDto>;
export type ListItemRow = JsonOf<typeof listItemRowDto>;
export type ListPage = JsonOf<typeof listPageDto>;
export type ListItem = JsonOf<typeof listItemDto>;
export type Milestone = ListItem['milestones'][number];
export type Adjustment = ListItem['adjustments'][number];
export type Closing = ListItem['closings'][number];
export type Measure = ListItem['measures'][number];
export type Finding = NonNullable<ListItem['finding']>;
export type RectificationPage = JsonOf<typeof rectificationPageDto>;
export type RectificationRow = RectificationPage['items'][number];
export type Overview = JsonOf<typeof overviewDto>;
export type ItemFile = JsonOf<typeof listItemFileDto>;
export type HandoverNeeded = JsonOf<typeof handoverNeededDto>;
export type HandoverPerson = HandoverNeeded['items'][number];
export type OverviewRow = Overview['rows'][number];
export type Ledger = JsonOf<typeof ledgerDto>;

/** This Beijing year (never the browser's clock zone). */
export const thisBeijingYear = () => Number(today().slice(0, 4));

/** The filter of 清单管理 (the year defaults to this Beijing year when the address has none). */
export type ListFilter = Omit<ListQuery, 'year' | 'page' | 'pageSize'> & { year?: number; page?: number; pageSize?: number };
export const LIST_PARAMS: ListParams<ListFilter> = { orgId: 'number', year: 'number', kind: 'text', status: 'text', light: 'text', toReview: 'text' };

export const listKeys = {
  all: ['lists'] as const,
  list: (f: ListFilter) => ['lists', 'list', f] as const,
  item: (id: number) => ['lists', 'item', id] as const,
  keyTasks: (year: number) => ['lists', 'key-tasks', year] as const,
  rectifications: (f: RectificationFilter) => ['lists', 'rectifications', f] as const,
  overview: (year: number, orgId: number | undefined) => ['lists', 'overview', year, orgId ?? null] as const,
  ledger: (year: number, orgId: number) => ['lists', 'ledger', year, orgId] as const,
  handover: (orgId: number) => ['lists', 'handover', orgId] as const,
};

/** The filter of 督查整改 (the year defaults to this Beijing year when the address has none). */
export type RectificationFilter = Omit<RectificationQuery, 'year' | 'page' | 'pageSize'> & { year?: number; page?: number; pageSize?: number };
export const RECTIFICATION_PARAMS: ListParams<RectificationFilter> = { orgId: 'number', year: 'number', inspectionId: 'number', status: 'text' };

export function useRectifications(filter: RectificationFilter, enabled = true) {
  const request = { ...filter, year: filter.year ?? thisBeijingYear() };
  return useQuery({
    queryKey: listKeys.rectifications(request),
    queryFn: () => get<RectificationPage>('/rectifications', request as Query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** 清单总览: the units directly below `orgId` (the server picks the caller's highest organisation when it is left out). */
export function useOverview(year: number, orgId: number | undefined) {
  return useQuery({
    queryKey: listKeys.overview(year, orgId),
    queryFn: () => get<Overview>('/lists/overview', { year, ...(orgId ? { orgId } : {}) }),
    placeholderData: keepPreviousData,
  });
}

/** 清单台账 for printing: both sheets of the Excel and the progress sentence (read once per visit; each read is audited). */
export function useLedger(year: number, orgId: number | undefined) {
  return useQuery({ queryKey: listKeys.ledger(year, orgId ?? 0), queryFn: () => get<Ledger>('/lists/ledger', { year, orgId: orgId! }), enabled: !!orgId, staleTime: Infinity, refetchOnWindowFocus: false });
}

export function useListItems(filter: ListFilter) {
  const request = { ...filter, year: filter.year ?? thisBeijingYear() };
  return useQuery({
    queryKey: listKeys.list(request),
    queryFn: () => get<ListPage>('/lists', request as Query),
    placeholderData: keepPreviousData,
  });
}

export function useListItem(id: number | undefined) {
  return useQuery({ queryKey: listKeys.item(id ?? 0), queryFn: () => get<ListItem>(`/list-items/${id}`), enabled: !!id });
}

export function useKeyTasks(year: number) {
  return useQuery({ queryKey: listKeys.keyTasks(year), queryFn: () => get<KeyTaskList>('/key-tasks', { year }), placeholderData: keepPreviousData });
}

/**
 * Every change of an item answers with the whole item: it goes straight into the cache; the lists
 * (their counts, lights and pending badges) and the key tasks (their 已销号 counts) are refreshed.
 */
function useItemMutation<I>(fn: (input: I) => Promise<ListItem>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (item) => {
      qc.setQueryData(listKeys.item(item.id), item);
      await Promise.all(
        (['list', 'key-tasks', 'rectifications', 'overview'] as const).map((k) => qc.invalidateQueries({ queryKey: [...listKeys.all, k] })),
      );
    },
  });
}

export const useCreateOwnItem = () => useItemMutation((input: OwnItemInput) => post<ListItem>('/list-items', input));
export const useSavePlan = (id: number) => useItemMutation((input: ItemPlanInput) => put<ListItem>(`/list-items/${id}/plan`, input));

export type MilestoneStep = 'claim' | 'accept' | 'return';
/** 报送完成 (note), 确认 (comment optional), 退回 (comment required). */
export const useMilestoneStep = (id: number) =>
  useItemMutation(({ milestoneId, step, text }: { milestoneId: number; step: MilestoneStep; text?: string }) =>
    post<ListItem>(`/list-items/${id}/milestones/${milestoneId}/${step}`, step === 'claim' ? { note: text ?? '' } : text ? { comment: text } : {}),
  );

export const useRequestAdjustment = (id: number) => useItemMutation((input: AdjustmentInput) => post<ListItem>(`/list-items/${id}/adjustments`, input));
export const useDecideAdjustment = (id: number) =>
  useItemMutation(({ decision, comment }: { decision: 'approve' | 'reject'; comment?: string }) => post<ListItem>(`/list-items/${id}/adjustment/${decision}`, comment ? { comment } : {}));

export const useSubmitClosing = (id: number) => useItemMutation((input: ClosingInput) => post<ListItem>(`/list-items/${id}/close`, input));
export const useDecideClosing = (id: number) =>
  useItemMutation(({ decision, comment }: { decision: 'approve' | 'return'; comment?: string }) => post<ListItem>(`/list-items/${id}/closing/${decision}`, comment ? { comment } : {}));
export const useReopenItem = (id: number) => useItemMutation((reason: string) => post<ListItem>(`/list-items/${id}/reopen`, { reason }));

/** 整改措施 reported done by the unit (完成情况). */
export const useCompleteMeasure = (id: number) =>
  useItemMutation(({ measureId, note }: { measureId: number; note: string }) => post<ListItem>(`/list-items/${id}/measures/${measureId}/complete`, { note }));
/** 验收 of a finding's closing (工委 / 督查组): 已整改 closes it, 基本完成 keeps it going, 未完成 returns it. */
export const useVerifyClosing = (id: number) => useItemMutation((input: VerifyInput) => post<ListItem>(`/list-items/${id}/closing/verify`, input));
/** 登记发现问题: the finding becomes an item of the unit's 问题清单 (the inspection's counts change too). */
export function useCreateFinding(inspectionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: FindingInput) => post<ListItem>(`/inspections/${inspectionId}/findings`, input),
    onSuccess: async (item) => {
      qc.setQueryData(listKeys.item(item.id), item);
      await Promise.all([qc.invalidateQueries({ queryKey: listKeys.all }), qc.invalidateQueries({ queryKey: ['inspections'] })]);
    },
  });
}

/** Key tasks: a publication creates items everywhere, so every list answer is refreshed. */
function useKeyTaskMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: listKeys.all }) });
}

export const useSaveKeyTask = () =>
  useKeyTaskMutation(({ id, input }: { id?: number; input: KeyTaskInput }) => (id ? put<KeyTask>(`/key-tasks/${id}`, input) : post<KeyTask>('/key-tasks', input)));
export const useDeleteKeyTask = () => useKeyTaskMutation((id: number) => api<{ ok: boolean }>('DELETE', `/key-tasks/${id}`));
export const usePublishKeyTask = () => useKeyTaskMutation((id: number) => post<KeyTask>(`/key-tasks/${id}/publish`, {}));

// ── 佐证材料 (files of an item) ─────────────────────────────────────────────────────────────

/** The download address of a file of an item (a plain link: the browser streams it). */
export const itemFileUrl = (itemId: number, fileId: number) => `/api/list-items/${itemId}/files/${fileId}`;

/** A file changes the item's list of files only: refetch the item. */
function useItemFileMutation<I, O>(itemId: number, fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: listKeys.item(itemId) }) });
}

export const useUploadItemFile = (itemId: number) =>
  useItemFileMutation(itemId, (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<ItemFile>('POST', `/list-items/${itemId}/files`, { form });
  });

export const useDeleteItemFile = (itemId: number) => useItemFileMutation(itemId, (fileId: number) => api<unknown>('DELETE', `/list-items/${itemId}/files/${fileId}`));

// ── 整改责任交接 ──────────────────────────────────────────────────────────────────────────

/** Who holds open items of the organisation's subtree and can no longer carry them. */
export function useHandoverNeeded(orgId: number | undefined, enabled = true) {
  return useQuery({ queryKey: listKeys.handover(orgId ?? 0), queryFn: () => get<HandoverNeeded>('/list-items/handover-needed', { orgId: orgId! }), enabled: enabled && !!orgId });
}

/** The handover moves items: every list, item and the 待交接 card are refreshed. */
export function useHandOver() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: HandoverInput) => post<JsonOf<typeof handoverResultDto>>('/list-items/handover', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: listKeys.all }),
  });
}
