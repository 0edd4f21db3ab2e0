export { registerPointRoutes } from './points.routes.ts';
export { seedPoints } from './demo-points.ts';
