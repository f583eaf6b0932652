import { OperationOutcomeError } from '@medplum/core';
import type { FastifyRequest } from 'fastify';
import { ADMIN_SCOPE } from '../auth/scopes.js';
import { outcome } from '../errors.js';

export { ADMIN_SCOPE };

/** True for an administrator's login or a system token holding ADMIN_SCOPE. */
export function isAdministrator(request: FastifyRequest): boolean {
  const identity = request.identity;
  if (!identity) {
    return false;
  }
  return identity.kind === 'system'
    ? identity.scopes.includes(ADMIN_SCOPE)
    : identity.role === 'administrator';
}

/** 403 unless the caller administers Careweave (the server enforces it; the web app only hides the menu). */
export function requireAdministrator(request: FastifyRequest): void {
  if (!isAdministrator(request)) {
    throw new OperationOutcomeError({
      ...outcome('forbidden', 'Only administrators may use the administration API'),
      id: 'forbidden',
    });
  }
}
