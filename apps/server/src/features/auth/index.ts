// Login and sessions: what other features may use (the rest is internal).
export { deleteUserSessions } from './auth.repository.ts';
export { clearLoginFailures, pruneAttempts } from './login-throttle.repository.ts';
export { recordPassword } from './password-history.repository.ts';
