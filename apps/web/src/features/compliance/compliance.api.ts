import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActivityType, ComplianceStatus, MonthSummary, OrgType, Requirement, RequirementsInput } from '@xianfeng/shared';
import { api, get } from '../../api/client.ts';

// The server's answers (apps/server/src/features/compliance/compliance.service.ts, requirements.service.ts).

export type HeatmapRow = { orgId: number; orgName: string; orgType: OrgType; leaf: boolean; months: MonthSummary[]; statuses: ComplianceStatus[] };
export type Heatmap = { year: number; asOf: string; rows: HeatmapRow[]; totals: MonthSummary[]; totalStatuses: ComplianceStatus[] };

export type ComplianceCellDto = { requirementKey: string; activityType: ActivityType; periodId: string; status: ComplianceStatus; done: number; needed: number };
export type ComplianceOrgItem = { orgId: number; orgName: string; orgType: OrgType; cells: ComplianceCellDto[] };
export type ComplianceList = { year: number; asOf: string; requirements: Requirement[]; total: number; page: number; pageSize: number; items: ComplianceOrgItem[] };

export type RequirementsTable = { year: number; stored: boolean; fromYear: number | null; items: Requirement[]; reminderDays: number; canConfigure: boolean };

export type AttendanceRate = { memberId: number; memberName: string; expected: number; present: number; leave: number; absent: number; rate: number | null };

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

export function useAttendanceRates(year: number, orgId: number, enabled = true) {
  return useQuery({
    queryKey: complianceKeys.attendance(year, orgId),
    queryFn: () => get<AttendanceRate[]>('/activities/attendance-rates', { orgId, year }),
    enabled,
  });
}
