import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonOf, myActivitiesDto, myActivityDto, signInResultDto } from '@xianfeng/shared';
import { get, post } from '../../api/client.ts';

// The server's answers, inferred from the response schemas in @xianfeng/shared (activity.contract.ts).

export type MyActivity = JsonOf<typeof myActivityDto>;
export type MyActivities = JsonOf<typeof myActivitiesDto>;
export type SignInResult = JsonOf<typeof signInResultDto>;

export const myKeys = { activities: ['my', 'activities'] as const };

export function useMyActivities() {
  return useQuery({ queryKey: myKeys.activities, queryFn: () => get<MyActivities>('/my/activities') });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => post<SignInResult>('/activities/sign-in', { token }),
    onSuccess: () => qc.invalidateQueries({ queryKey: myKeys.activities }),
  });
}
