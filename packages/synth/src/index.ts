/**
 * @careweave/synth — a deterministic synthetic population for the demo, tests and benchmarks:
 * a care network, people whose conditions follow published prevalence, three years of care as FHIR
 * R4 NDJSON, and a hidden truth file for scoring risk models and programme evaluations.
 */
export { DEFAULT_AS_OF, generatePopulation } from './generate.js';
export type { GenerateOptions, GenerateSummary } from './generate.js';
export { DEMO_PASSWORD, DEMO_USERS } from './demo-users.js';
export type { DemoUser } from './demo-users.js';
export { ADMISSION_COEFFICIENTS, ED_COEFFICIENTS } from './utilisation.js';
export { TRUTH_HEADER } from './truth.js';
