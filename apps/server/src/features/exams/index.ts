export { registerExamRoutes } from './exams.routes.ts';
