import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MemberCreateInput, MemberUpdateInput } from '@xianfeng/shared';
import { api, get, post, put, type Query } from '../../api/client.ts';
import type { ImportJobState, Member, MemberDetail, MemberSensitive, Page } from '../../api/types.ts';
import type { ListParams } from '../../lib/usePagedList.ts';

export type MemberFilter = {
  orgId?: number;
  name?: string;
  status?: string;
  category?: string;
  rank?: string;
  ageMin?: number;
  ageMax?: number;
  joinFrom?: string;
  joinTo?: string;
  sort?: 'name' | 'joinDate' | 'birthDate' | 'orgName';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
};
/** How the filter reads back from the address of 党员管理. */
export const MEMBER_PARAMS: ListParams<MemberFilter> = {
  orgId: 'number',
  name: 'text',
  status: 'text',
  category: 'text',
  rank: 'text',
  ageMin: 'number',
  ageMax: 'number',
  joinFrom: 'text',
  joinTo: 'text',
};

export const memberKeys = {
  all: ['members'] as const,
  list: (f: MemberFilter) => ['members', 'list', f] as const,
  detail: (id: number) => ['members', 'detail', id] as const,
};

export function useMemberList(filter: MemberFilter, enabled = true) {
  return useQuery({
    queryKey: memberKeys.list(filter),
    queryFn: () => get<Page<Member>>('/members', filter as Query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMember(id: number | undefined) {
  return useQuery({ queryKey: memberKeys.detail(id ?? 0), queryFn: () => get<MemberDetail>(`/members/${id}`), enabled: !!id });
}

/** Full ID number, phone and address: each call is audited, so it only runs on demand. */
export const fetchSensitive = (id: number) => get<MemberSensitive>(`/members/${id}/sensitive`);

function useMemberMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: memberKeys.all }), qc.invalidateQueries({ queryKey: ['orgs'] })]);
    },
  });
}

export const useCreateMember = () => useMemberMutation((input: MemberCreateInput) => post<{ id: number }>('/members', input));
export const useUpdateMember = (id: number) => useMemberMutation((input: MemberUpdateInput) => put<MemberDetail>(`/members/${id}`, input));
export const useChangeMemberStatus = (id: number) =>
  useMemberMutation((input: { status: string; fromStatus?: string; changedOn: string; reason: string }) => post<MemberDetail>(`/members/${id}/status`, input));

export function startImport(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<{ jobId: string }>('POST', '/members/import', { form, query: { async: 'true' } });
}

export const importJob = (jobId: string) => get<ImportJobState>(`/members/import/${jobId}`);
