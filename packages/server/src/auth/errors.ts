import type { AuthErrorCode } from '@careweave/contract';

/**
 * The one kind of error server/auth raises: a message for the caller (or the operator, for the
 * CLI's provisioning commands) and a code from the contract, so callers switch on `code`.
 */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
