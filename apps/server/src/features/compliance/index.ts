// Compliance: what other features may use (the rest is internal).
export { COMMITTEE_MIN, requirementsFor } from './compliance.repository.ts';
export { evaluateScope } from './compliance.service.ts';
export { getReminderDays } from './settings.repository.ts';
