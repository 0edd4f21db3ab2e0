export { registerDisciplineRoutes } from './discipline.routes.ts';
