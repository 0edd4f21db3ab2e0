import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  attendanceRateDto,
  complianceCellDto,
  complianceListDto,
  complianceOrgItemDto,
  heatmapDto,
  heatmapRowDto,
  JsonOf,
  requirementsTableDto,
  RequirementsInput,
} from '@xianfeng/shared';
import { api, get } from '../../api/client.ts';

// The server's answers, inferred from the response schemas in @xianfeng/shared (compliance.contract.ts).

export type HeatmapRow = JsonOf<typeof heatmapRowDto>;
export type Heatmap = JsonOf<typeof heatmapDto>;

export type ComplianceCellDto = JsonOf<typeof complianceCellDto>;
export type ComplianceOrgItem = JsonOf<typeof complianceOrgItemDto>;
export type ComplianceList = JsonOf<typeof complianceListDto>;

export type RequirementsTable = JsonOf<typeof requirementsTableDto>;

export type AttendanceRate = JsonOf<typeof attendanceRateDto>;

export const complianceKeys = {
  all: ['compliance'] as const,
  heatmap: (year: number, orgId?: number) => ['compliance', 'heatmap', year, orgId ?? null] as const,
  list: (year: number, orgId: number) => ['compliance', 'list', year, orgId] as const,
  requirements: (year: number) => ['compliance', 'requirements', year] as const,
  attendance: (year: number, orgId: number) => ['compliance', 'attendance', year, orgId] as const,
};

export function useHeatmap(year: number, orgId?: number) {
  return useQuery({
    queryKey: complianceKeys.heatmap(year, orgId),
    queryFn: () => get<Heatmap>('/compliance/heatmap', { year, orgId }),
    placeholderData: keepPreviousData,
  });
}

/** One organisation's grid: the list endpoint scoped to its subtree (a branch is usually alone in it). */
export function useOrgCompliance(year: number, orgId: number) {
  return useQuery({
    queryKey: complianceKeys.list(year, orgId),
    queryFn: () => get<ComplianceList>('/compliance', { year, orgId, page: 1, pageSize: 500 }),
    placeholderData: keepPreviousData,
  });
}

export function useRequirements(year: number) {
  return useQuery({ queryKey: complianceKeys.requirements(year), queryFn: () => get<RequirementsTable>('/compliance/requirements', { year }) });
}

/** Saving changes how every organisation is judged for the year: all compliance answers are refreshed. */
export function useSaveRequirements(year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RequirementsInput) => api<RequirementsTable>('PUT', '/compliance/requirements', { body: input, query: { year } }),
    onSuccess: async (data) => {
      qc.setQueryData(complianceKeys.requirements(year), data);
      await qc.invalidateQueries({ queryKey: complianceKeys.all });
    },
  });
}

/** The city's go-live date (GO-1): every organisation's compliance changes with it. */
export function useSaveGoLive() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (goLiveOn: string | null) => api<{ goLiveOn: string | null }>('PUT', '/compliance/go-live', { body: { goLiveOn } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: complianceKeys.all }),
  });
}

export function useAttendanceRates(year: number, orgId: number, enabled = true) {
  return useQuery({
    queryKey: complianceKeys.attendance(year, orgId),
    queryFn: () => get<AttendanceRate[]>('/activities/attendance-rates', { orgId, year }),
    enabled,
  });
}
