// Accounts: what other features may use (the rest is internal).
export { insertAccount, type NewAccount } from './users.service.ts';
