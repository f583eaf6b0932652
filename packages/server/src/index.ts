/**
 * @careweave/server — HTTP: FHIR REST at /fhir/R4, /auth, SMART/OAuth 2.0, /healthz, /metrics
 * (and, as they land, /api, the HL7 v2 listener and background jobs).
 */
export {
  buildApp,
  checkRouteDeclaration,
  DEFAULT_BODY_LIMIT_MB,
  type AppOptions,
  type TlsFiles,
} from './app.js';
export { startServer, wireAccess, type ServerOptions, type RunningServer } from './start.js';
export { parseCorsOrigins, type CorsOrigins } from './security/cors.js';
export type { AuthOptions, AccessService } from './auth/config.js';
export {
  keyDirFor,
  loadOrCreateSigningKeys,
  generateSigningKeys,
  type SigningKeys,
} from './auth/keys.js';
export {
  mintAccessToken,
  verifyAccessToken,
  ACCESS_TOKEN_TTL_SECONDS,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type AccessClaims,
  type NewAccessToken,
} from './auth/tokens.js';
export {
  provisionUser,
  STAFF_ROLES,
  UserProvisionError,
  type UserToProvision,
} from './auth/provision.js';
export {
  registerClient,
  defaultClientScopes,
  ClientRegistrationError,
  type ClientRegistration,
} from './auth/clients.js';
export { ADMIN_SCOPE, defaultScopesForRole, parseScope, splitScopes } from './auth/scopes.js';
export { passwordProblems, MAX_PASSWORD_LENGTH } from './auth/password-policy.js';
export { prepareUser } from './auth/provision.js';
export {
  createUser,
  listUsers,
  resetPassword,
  setUserDisabled,
  type AdminActor,
  type AdminDeps,
  type AdminUser,
} from './admin/users.js';
/** The administration bodies, as the CLI's gateway sends them (declared in the contract). */
export type { NewClient, NewUser } from '@careweave/contract';
export {
  listAdminClients,
  registerAdminClient,
  revokeAdminClient,
  type AdminClient,
} from './admin/clients.js';
export type { AuditRow, AuditQuery } from './admin/audit-log.js';
export type { SystemStatus } from './admin/system.js';
export { userIdentity } from './auth/identify.js';
export { MIN_PASSWORD_LENGTH } from './auth/passwords.js';
export { registerWebApp, resolveWebDist, API_PREFIXES } from './web/static.js';
export { MllpClient, ackCodeOf, controlIdOf, splitMessages } from './hl7/client.js';
export { MllpDecoder, frame as mllpFrame, type MllpFrame } from './hl7/mllp.js';
export { startMllpListener, type MllpListener, type MllpListenerOptions } from './hl7/listener.js';
