import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { disciplineDto, DisciplineInput, disciplineListDto, DisciplineListQuery, disciplineMemberSearchDto, DisciplineRevokeInput, DisciplineUpdateInput, JsonOf } from '@xianfeng/shared';
import { get, post, put } from '../../api/client.ts';

// 党纪政务处分台账: the server's answers typed from the response schemas (discipline.contract.ts).
export type DisciplineRecord = JsonOf<typeof disciplineDto>;
export type DisciplineList = JsonOf<typeof disciplineListDto>;
export type DisciplineMembers = JsonOf<typeof disciplineMemberSearchDto>;

export const disciplineKeys = {
  all: ['discipline'] as const,
  list: (q: Partial<DisciplineListQuery>) => ['discipline', 'list', q] as const,
  members: (q: string) => ['discipline', 'members', q] as const,
};

export const useDisciplineList = (q: Partial<DisciplineListQuery>) =>
  useQuery({ queryKey: disciplineKeys.list(q), queryFn: () => get<DisciplineList>('/discipline-cases', q), placeholderData: keepPreviousData });

/** Members of the keeper's subtree by name (two characters or one surname are enough). */
export const useDisciplineMembers = (q: string) =>
  useQuery({ queryKey: disciplineKeys.members(q), queryFn: () => get<DisciplineMembers>('/discipline-cases/members', { q }), enabled: q.trim().length > 0 });

function useDisciplineMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: disciplineKeys.all }) });
}
export const useCreateDiscipline = () => useDisciplineMutation((input: DisciplineInput) => post<DisciplineRecord>('/discipline-cases', input));
export const useUpdateDiscipline = () => useDisciplineMutation(({ id, input }: { id: number; input: DisciplineUpdateInput }) => put<DisciplineRecord>(`/discipline-cases/${id}`, input));
export const useRevokeDiscipline = () => useDisciplineMutation(({ id, input }: { id: number; input: DisciplineRevokeInput }) => post<DisciplineRecord>(`/discipline-cases/${id}/revoke`, input));
