// 清单 (responsibility lists): what other features and the server's start may use.
export { scheduleSupervision, runEscalations } from './escalation.ts';
export { refreshLights } from './progress.ts';
export { LIST_FACT_PROVIDERS } from './list-facts.ts';
export { seedLists } from './demo-lists.ts';
export { rectificationState } from './list-items.service.ts';
// 述职评议 (features/review-campaigns) turns reviewers' problem comments into 问题清单 items.
export { addEvent } from './lists.repository.ts';
export { reassess } from './progress.ts';
