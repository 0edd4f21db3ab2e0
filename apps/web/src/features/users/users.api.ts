import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GrantInput } from '@xianfeng/shared';
import { get, patch, post, put } from '../../api/client.ts';
import type { Page, User } from '../../api/types.ts';

export const userKeys = { all: ['users'] as const, list: (q: { q?: string; page: number; pageSize: number }) => ['users', 'list', q] as const };

export function useUserList(q: { q?: string; page: number; pageSize: number }) {
  return useQuery({ queryKey: userKeys.list(q), queryFn: () => get<Page<User>>('/users', q), placeholderData: keepPreviousData });
}

function useUserMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }) });
}

export type UserCreate = { username: string; password: string; displayName?: string; memberId?: number | null; grants: GrantInput[] };

export const useCreateUser = () => useUserMutation((input: UserCreate) => post<User>('/users', input));
export const useUpdateUser = () =>
  useUserMutation(({ id, ...input }: { id: number; displayName?: string; disabled?: boolean; memberId?: number | null }) => patch<User>(`/users/${id}`, input));
export const useResetPassword = () => useUserMutation(({ id, password }: { id: number; password: string }) => post<{ ok: boolean }>(`/users/${id}/password`, { password }));
export const useSetGrants = () => useUserMutation(({ id, grants }: { id: number; grants: GrantInput[] }) => put<User>(`/users/${id}/grants`, { grants }));
