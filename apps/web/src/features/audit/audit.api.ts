import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { AuditEntry, AuditVerify, Page } from '../../api/types.ts';
import type { ListParams } from '../../lib/usePagedList.ts';

export type AuditFilter = { actor?: string; action?: string; entityType?: string; entityId?: string; from?: string; to?: string; page: number; pageSize: number };
/** How the filter reads back from the address of 审计日志. */
export const AUDIT_PARAMS: ListParams<AuditFilter> = { actor: 'text', action: 'text', entityType: 'text', entityId: 'text', from: 'text', to: 'text' };

export function useAuditList(filter: AuditFilter) {
  return useQuery({ queryKey: ['audit', 'list', filter], queryFn: () => get<Page<AuditEntry>>('/audit', filter), placeholderData: keepPreviousData });
}

export const useVerifyAudit = () => useMutation({ mutationFn: () => get<AuditVerify>('/audit/verify') });
