import { OperationOutcomeError } from '@medplum/core';

/** Runs `fn`, retrying on a version conflict (412) when the caller did not pin a version. */
export async function withRetry<T>(
  pinned: boolean,
  fn: () => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const conflict =
        err instanceof OperationOutcomeError && err.outcome.id === 'precondition-failed';
      if (!conflict || pinned || i >= attempts) throw err;
    }
  }
}
