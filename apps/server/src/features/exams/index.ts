export { registerExamRoutes } from './exams.routes.ts';
export { seedExams } from './demo-exams.ts';
export { beginAttempt, onAttemptFinalised, type StartGuard, type AttemptFinaliser } from './attempts.service.ts';
export { candidates } from './papers.service.ts';
