export { registerHonourRoutes } from './honours.routes.ts';
export { honoursIn } from './honours.service.ts';
