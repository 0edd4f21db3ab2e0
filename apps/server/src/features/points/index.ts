export { registerPointRoutes } from './points.routes.ts';
export { seedPoints, seedPointTotals } from './demo-points.ts';
