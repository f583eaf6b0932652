/**
 * `@careweave/server/testing`: helpers for tests that need a real server (an ephemeral port, a
 * signed token, seeded accounts). Not part of the production entry point.
 */
export * from './auth-fixtures.js';
export * from './live-server.js';
export * from './webhook-receiver.js';
