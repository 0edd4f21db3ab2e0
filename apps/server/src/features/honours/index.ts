export { registerHonourRoutes } from './honours.routes.ts';
export { honoursIn } from './honour-record.service.ts';
export { seedHonours } from './demo-honours.ts';
