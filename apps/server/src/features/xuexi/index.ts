// 学习强国: what other features may use (the rest is internal).
export { registerXuexiRoutes } from './xuexi.routes.ts';
export { seedXuexi } from './demo-xuexi.ts';
