// Reminders and the inbox: what other features may use (the rest is internal).
export { accountsOfMembers, inboxNotifier, type Notifier } from './notifier.ts';
