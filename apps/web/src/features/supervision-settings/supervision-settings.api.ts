import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonOf, SupervisionSettingsInput, supervisionSettingsDto, supervisionSettingsVersionDto, workCalendarDayDto, workCalendarDto, WorkCalendarDayInput } from '@xianfeng/shared';
import { api, get, post, put } from '../../api/client.ts';

// The server's answers, inferred from the response schemas (supervision-settings.contract.ts).
export type SupervisionSettings = JsonOf<typeof supervisionSettingsDto>;
export type SettingsVersion = JsonOf<typeof supervisionSettingsVersionDto>;
export type WorkCalendarYear = JsonOf<typeof workCalendarDto>;
export type WorkCalendarDay = JsonOf<typeof workCalendarDayDto>;

export const supervisionSettingsKeys = {
  settings: ['supervision-settings'] as const,
  calendar: (year: number) => ['work-calendar', year] as const,
  calendarAll: ['work-calendar'] as const,
};

export function useSupervisionSettings() {
  return useQuery({ queryKey: supervisionSettingsKeys.settings, queryFn: () => get<SupervisionSettings>('/supervision/settings') });
}

export function useSaveSupervisionSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SupervisionSettingsInput) => post<SupervisionSettings>('/supervision/settings', input),
    onSuccess: (data) => qc.setQueryData(supervisionSettingsKeys.settings, data),
  });
}

export function useWorkCalendar(year: number) {
  return useQuery({ queryKey: supervisionSettingsKeys.calendar(year), queryFn: () => get<WorkCalendarYear>('/work-calendar', { year }) });
}

export function useSetWorkCalendarDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ day, ...input }: WorkCalendarDayInput & { day: string }) => put<WorkCalendarDay>(`/work-calendar/${day}`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: supervisionSettingsKeys.calendarAll }),
  });
}

export function useRemoveWorkCalendarDay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (day: string) => api<{ ok: boolean }>('DELETE', `/work-calendar/${day}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: supervisionSettingsKeys.calendarAll }),
  });
}
