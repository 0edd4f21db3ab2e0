export { registerExamRoutes } from './exams.routes.ts';
export { seedExams } from './demo-exams.ts';
