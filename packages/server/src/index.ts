/**
 * @careweave/server — HTTP: FHIR REST at /fhir/R4, /healthz, /metrics (and, as they land, /api,
 * /auth, the HL7 v2 listener and background jobs).
 */
export { buildApp, DEFAULT_BODY_LIMIT_MB, type AppOptions } from './app.js';
export { startServer, type ServerOptions, type RunningServer } from './start.js';
