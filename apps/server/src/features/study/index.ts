export { registerStudyRoutes } from './study.routes.ts';
export { seedStudy } from './demo-study.ts';
