export { registerDisciplineRoutes } from './discipline.routes.ts';
export { seedDiscipline } from './demo-discipline.ts';
