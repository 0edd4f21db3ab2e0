export { registerContestRoutes } from './contests.routes.ts';
export { seedContests } from './demo-contests.ts';
