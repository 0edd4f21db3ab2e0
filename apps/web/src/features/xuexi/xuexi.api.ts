import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JsonOf, xuexiImportListDto, xuexiImportResultDto, xuexiStatsDto } from '@xianfeng/shared';
import { api, get } from '../../api/client.ts';

// 学习强国: the server's answers typed from the response schemas (xuexi.contract.ts).
export type XuexiStats = JsonOf<typeof xuexiStatsDto>;
export type XuexiImports = JsonOf<typeof xuexiImportListDto>;
export type XuexiImportResult = JsonOf<typeof xuexiImportResultDto>;

export const useXuexiStats = (period: string, orgId?: number) => useQuery({ queryKey: ['xuexi', 'stats', period, orgId], queryFn: () => get<XuexiStats>('/xuexi/stats', { period, orgId }) });
export const useXuexiImports = () => useQuery({ queryKey: ['xuexi', 'imports'], queryFn: () => get<XuexiImports>('/xuexi/imports') });

export function useXuexiImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, orgId, period, dryRun }: { file: File; orgId: number; period?: string; dryRun: boolean }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const q = new URLSearchParams({ orgId: String(orgId), dryRun: String(dryRun), ...(period ? { period } : {}) });
      return api<XuexiImportResult>('POST', `/xuexi/imports?${q}`, { form });
    },
    onSuccess: (r) => {
      if (!r.dryRun) qc.invalidateQueries({ queryKey: ['xuexi'] });
    },
  });
}
