import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  cardDto,
  cardKindsDto,
  cardListDto,
  CardInput,
  checklistTemplatesDto,
  ChecklistRecordInput,
  coverageDto,
  inspectionChecklistDto,
  inspectionDetailDto,
  InspectionInput,
  inspectionListDto,
  InspectionListQuery,
  CardListQuery,
  CardKindsInput,
  ChecklistTemplateInput,
  JsonOf,
} from '@xianfeng/shared';
import { get, post, put } from '../../api/client.ts';

// 督查 and cards: the server's answers typed from the response schemas (inspection.contract.ts).
export type InspectionList = JsonOf<typeof inspectionListDto>;
export type InspectionDetail = JsonOf<typeof inspectionDetailDto>;
export type InspectionChecklist = JsonOf<typeof inspectionChecklistDto>;
export type Coverage = JsonOf<typeof coverageDto>;
export type ChecklistTemplates = JsonOf<typeof checklistTemplatesDto>;
export type Card = JsonOf<typeof cardDto>;
export type CardList = JsonOf<typeof cardListDto>;
export type CardKinds = JsonOf<typeof cardKindsDto>;

export const inspectionKeys = {
  all: ['inspections'] as const,
  list: (q: InspectionListQuery) => ['inspections', 'list', q] as const,
  detail: (id: number) => ['inspections', 'detail', id] as const,
  checklist: (id: number, orgId: number) => ['inspections', 'checklist', id, orgId] as const,
  coverage: (year: number) => ['inspections', 'coverage', year] as const,
  templates: ['inspections', 'templates'] as const,
};
export const cardKeys = { all: ['cards'] as const, list: (q: CardListQuery) => ['cards', 'list', q] as const, kinds: ['cards', 'kinds'] as const };

export const useInspections = (q: InspectionListQuery) =>
  useQuery({ queryKey: inspectionKeys.list(q), queryFn: () => get<InspectionList>('/inspections', q), placeholderData: keepPreviousData });
export const useInspection = (id: number) => useQuery({ queryKey: inspectionKeys.detail(id), queryFn: () => get<InspectionDetail>(`/inspections/${id}`) });
export const useChecklist = (id: number, orgId: number) =>
  useQuery({ queryKey: inspectionKeys.checklist(id, orgId), queryFn: () => get<InspectionChecklist>(`/inspections/${id}/targets/${orgId}`) });
export const useCoverage = (year: number) =>
  useQuery({ queryKey: inspectionKeys.coverage(year), queryFn: () => get<Coverage>('/inspections/coverage', { year }), placeholderData: keepPreviousData });
export const useTemplates = () => useQuery({ queryKey: inspectionKeys.templates, queryFn: () => get<ChecklistTemplates>('/checklist-templates') });

/** Any change to an inspection refreshes every inspection answer (lists, coverage, checklists). */
function useInspectionMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: inspectionKeys.all }) });
}
export const useCreateInspection = () => useInspectionMutation((input: InspectionInput) => post<InspectionDetail>('/inspections', input));
export const useUpdateInspection = (id: number) => useInspectionMutation((input: InspectionInput) => put<InspectionDetail>(`/inspections/${id}`, input));
export const useInspectionStep = (id: number) => useInspectionMutation((step: 'start' | 'finish' | 'cancel') => post<InspectionDetail>(`/inspections/${id}/${step}`));
export const useRecordChecklist = (id: number, orgId: number) =>
  useInspectionMutation((input: ChecklistRecordInput) => put<InspectionChecklist>(`/inspections/${id}/targets/${orgId}`, input));

export const useCards = (q: CardListQuery) => useQuery({ queryKey: cardKeys.list(q), queryFn: () => get<CardList>('/cards', q), placeholderData: keepPreviousData });
export const useCardKinds = () => useQuery({ queryKey: cardKeys.kinds, queryFn: () => get<CardKinds>('/card-kinds') });
function useCardMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: cardKeys.all }) });
}
export const useIssueCard = () => useCardMutation((input: CardInput) => post<Card>('/cards', input));
export const useWithdrawCard = () => useCardMutation(({ id, reason }: { id: number; reason: string }) => post<Card>(`/cards/${id}/withdraw`, { reason }));
export const useSaveCardKinds = () => useCardMutation((input: CardKindsInput) => put<CardKinds>('/card-kinds', input));
export const useCreateTemplate = () => useInspectionMutation((input: ChecklistTemplateInput) => post<unknown>('/checklist-templates', input));
