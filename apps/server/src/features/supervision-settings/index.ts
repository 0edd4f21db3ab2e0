// 督查设置: what other features may use (the rest is internal).
export { loadWorkCalendar, settingsOn } from './supervision-settings.repository.ts';
