// 培训班: what other features may use (the rest is internal).
export { registerTrainingRoutes } from './training.routes.ts';
export { seedTraining, seedTrainingExams } from './demo-training.ts';
