import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonOf, secretaryAccountRowDto, secretaryAccountsPreviewDto, secretaryAccountsResultDto, setupProgressDto } from '@xianfeng/shared';
import { get, post } from '../../api/client.ts';

// The server's answers, inferred from the response schemas in @xianfeng/shared (setup.contract.ts).

export type SetupProgress = JsonOf<typeof setupProgressDto>;
export type SecretaryAccountRow = JsonOf<typeof secretaryAccountRowDto>;
export type SecretaryAccountsPreview = JsonOf<typeof secretaryAccountsPreviewDto>;
export type SecretaryAccountsResult = JsonOf<typeof secretaryAccountsResultDto>;

export const setupKeys = { progress: ['setup', 'progress'] as const };

export function useSetupProgress(enabled = true) {
  return useQuery({ queryKey: setupKeys.progress, queryFn: () => get<SetupProgress>('/setup/progress'), enabled });
}

export function usePreviewSecretaryAccounts() {
  return useMutation({ mutationFn: () => post<SecretaryAccountsPreview>('/setup/secretary-accounts/preview', {}) });
}

/**
 * The answer carries the initial passwords: it is handed to the page's state and the mutation is
 * reset at once; gcTime 0 drops it from the mutation cache as soon as nothing observes it.
 */
export function useCreateSecretaryAccounts() {
  const qc = useQueryClient();
  return useMutation({
    gcTime: 0,
    mutationFn: (memberIds: number[]) => post<SecretaryAccountsResult>('/setup/secretary-accounts', { memberIds }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: setupKeys.progress });
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
}
