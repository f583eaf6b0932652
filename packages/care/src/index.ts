/**
 * @careweave/care — the integrated-care domain: access (policy, consent, labels, audit), and,
 * as they land, roster, plans, tasks, assessments, risk, transitions, referrals, measures.
 * Functions take a Repository and an acting user; no HTTP, no SQL.
 */
export { ORGANISATION_WIDE_ROLES, type Identity } from './access/identity.js';
export {
  createAccessService,
  type AccessContext,
  type AccessEvent,
  type AccessService,
  type AccessServiceOptions,
  type AuditLog,
  type BreakGlassResult,
  type LoginEvent,
} from './access/service.js';
