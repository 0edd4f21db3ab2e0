export { registerHonourRoutes } from './honours.routes.ts';
export { honoursIn } from './honours.service.ts';
export { seedHonours } from './demo-honours.ts';
