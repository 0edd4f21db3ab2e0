import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonOf, SchemeContent, schemeDto, schemeScorersDto, schemeYearDto } from '@xianfeng/shared';
import { get, post, put } from '../../api/client.ts';

// 考核方案: the server's answers typed from the response schemas (scheme.contract.ts).
export type SchemeYear = JsonOf<typeof schemeYearDto>;
export type Scheme = JsonOf<typeof schemeDto>;
export type Scorers = JsonOf<typeof schemeScorersDto>;

export const schemeKeys = {
  all: ['assessments'] as const,
  year: (year: number) => ['assessments', 'year', year] as const,
  version: (id: number) => ['assessments', 'version', id] as const,
  scorers: ['assessments', 'scorers'] as const,
};

export const useSchemeYear = (year: number) =>
  useQuery({ queryKey: schemeKeys.year(year), queryFn: () => get<SchemeYear>('/assessments', { year }), placeholderData: keepPreviousData });

export const useSchemeVersion = (id: number | null) =>
  useQuery({ queryKey: schemeKeys.version(id ?? 0), queryFn: () => get<Scheme>(`/assessments/${id}`), enabled: id !== null });

export const useScorers = (enabled: boolean) => useQuery({ queryKey: schemeKeys.scorers, queryFn: () => get<Scorers>('/assessments/scorers'), enabled });

function useSchemeMutation<V>(fn: (v: V) => Promise<Scheme>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: schemeKeys.all }) });
}

export const useCreateScheme = () => useSchemeMutation((year: number) => post<Scheme>('/assessments', { year }));
export const useSaveScheme = () => useSchemeMutation(({ id, content }: { id: number; content: SchemeContent }) => put<Scheme>(`/assessments/${id}`, { content }));
export const useSchemeStep = () => useSchemeMutation(({ id, step }: { id: number; step: 'publish' | 'revise' }) => post<Scheme>(`/assessments/${id}/${step}`));
