import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CommitteeMemberInput, OrgCreateInput, OrgUpdateInput } from '@xianfeng/shared';
import { get, patch, post } from '../../api/client.ts';
import type { Org, OrgDetail, Unit } from '../../api/types.ts';

export const orgKeys = {
  all: ['orgs'] as const,
  list: (includeDissolved: boolean) => ['orgs', 'list', includeDissolved] as const,
  detail: (id: number) => ['orgs', 'detail', id] as const,
  units: ['units'] as const,
};

export function useOrgList(options: { includeDissolved?: boolean; enabled?: boolean } = {}) {
  const includeDissolved = options.includeDissolved ?? false;
  return useQuery({
    queryKey: orgKeys.list(includeDissolved),
    queryFn: () => get<Org[]>('/orgs', includeDissolved ? { includeDissolved: 'true' } : undefined),
    enabled: options.enabled ?? true,
    staleTime: 60_000,
  });
}

export function useOrg(id: number | undefined) {
  return useQuery({ queryKey: orgKeys.detail(id ?? 0), queryFn: () => get<OrgDetail>(`/orgs/${id}`), enabled: !!id });
}

export function useUnits(enabled = true) {
  return useQuery({ queryKey: orgKeys.units, queryFn: () => get<Unit[]>('/units'), enabled, staleTime: 5 * 60_000 });
}

/** Every org change may move members, so member lists are refreshed too. */
function useOrgMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: orgKeys.all }), qc.invalidateQueries({ queryKey: ['members'] })]);
    },
  });
}

export const useCreateOrg = () => useOrgMutation((input: OrgCreateInput) => post<Org>('/orgs', input));
export const useUpdateOrg = (id: number) => useOrgMutation((input: OrgUpdateInput) => patch<Org>(`/orgs/${id}`, input));
export const useMoveOrg = (id: number) => useOrgMutation((newParentId: number) => post<Org>(`/orgs/${id}/move`, { newParentId }));
export const useMergeOrg = (id: number) => useOrgMutation((intoId: number) => post<{ movedMembers: number }>(`/orgs/${id}/merge`, { intoId }));
export const useDissolveOrg = (id: number) =>
  useOrgMutation((input: { dissolvedOn: string; moveMembersTo?: number }) => post<{ movedMembers: number }>(`/orgs/${id}/dissolve`, input));
export const useAddCommitteeMember = (id: number) => useOrgMutation((input: CommitteeMemberInput) => post<{ id: number }>(`/orgs/${id}/committee`, input));
export const useEndCommitteeMember = (id: number) =>
  useOrgMutation((input: { committeeId: number; endedOn: string }) => post(`/orgs/${id}/committee/${input.committeeId}/end`, { endedOn: input.endedOn }));

export function useCreateUnit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; type: string }) => post<Unit>('/units', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: orgKeys.units }),
  });
}
