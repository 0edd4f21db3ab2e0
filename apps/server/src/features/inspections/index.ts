// 督查 and cards: what other features may use (the rest is internal). A new system fact for the
// checklists is added to FACT_PROVIDERS (inspection-facts.ts).
export { FACT_PROVIDERS, type FactProvider, type FactInput } from './inspection-facts.ts';
