/** The demo accounts the server seeds (apps/server/src/features/system/bootstrap.ts), all with this password. */
export const E2E_PASSWORD = 'E2e@Pass2026';

export const ACCOUNTS = {
  admin: 'admin',
  sysadmin: 'sysadmin',
  secadmin: 'secadmin',
  auditor: 'auditor',
  unitadmin: 'unitadmin',
  secretary: 'secretary',
  member: 'member',
} as const;
