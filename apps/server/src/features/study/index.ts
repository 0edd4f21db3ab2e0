export { registerStudyRoutes } from './study.routes.ts';
