// 考核方案: what other features may use (the rest is internal).
export { seedSchemes } from './demo-schemes.ts';
export { seedRounds } from './demo-rounds.ts';
export { scoringYearOf } from './round-data.ts';
