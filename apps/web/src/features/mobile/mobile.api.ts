import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActivityStatus, ActivityType, AttendanceStatus, AttendeeKind } from '@xianfeng/shared';
import { get, post } from '../../api/client.ts';

// The server's answers (apps/server/src/features/activities/attendance.service.ts, sign-in.service.ts).

export type MyActivity = {
  id: number;
  title: string;
  types: ActivityType[];
  status: ActivityStatus;
  startsAt: string;
  endsAt: string;
  heldOn: string;
  place: string | null;
  orgName: string;
  kind: AttendeeKind;
  attendance: AttendanceStatus | null;
  signedInAt: string | null;
  pending: boolean;
};
export type MyActivities = { upcoming: MyActivity[]; history: MyActivity[]; year: number; expected: number; present: number; rate: number | null };
export type SignInResult = { activityId: number; title: string; orgName: string; signedInAt: string; kind: AttendeeKind; pending: boolean; already: boolean };

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
