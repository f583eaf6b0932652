/**
 * Who may see the programme evaluation: programme managers and administrators (DESIGN.md §2:
 * "programme manager, payer, governance board — programme evaluation") and system clients. It
 * reads the whole population to compute aggregates — rates, balance, intervals — and returns no
 * row about any one person, so it is not filtered by care relationships the way records are.
 */
import { EvaluationError } from '@careweave/contract';
import type { Identity } from '../access/identity.js';
import { careError } from '../shared/care-errors.js';

/** The staff roles that may evaluate the programme. */
export const EVALUATION_ROLES: readonly string[] = ['programme-manager', 'administrator'];

/** Refuses anyone but programme managers, administrators and system clients (403). */
export function assertEvaluationAccess(identity: Identity | null): void {
  if (identity?.kind === 'system' || (identity && EVALUATION_ROLES.includes(identity.role))) return;
  throw careError(
    EvaluationError.FORBIDDEN,
    'forbidden',
    'Programme evaluation is for programme managers and administrators',
  );
}
