/**
 * @careweave/contract — the shapes the server and the web app share: every JSON body of `/api`,
 * the task status sets, role names and error codes. `care` and `server` fill these types; `web`
 * imports them. Types and constants only: no I/O, no dependency on another Careweave package.
 */
export * from './admin.js';
export * from './assessments.js';
export * from './errors.js';
export * from './hl7.js';
export * from './messages.js';
export * from './notifications.js';
export * from './plans.js';
export * from './population.js';
export * from './model-card.js';
export * from './today.js';
export * from './portal.js';
export * from './referrals.js';
export * from './roles.js';
export * from './roster.js';
export * from './tasks.js';
export * from './transitions.js';
export * from './measures.js';
export * from './payment.js';
export * from './evaluation.js';
export * from './decision-support.js';
