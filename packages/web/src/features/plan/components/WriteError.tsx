import { Alert } from '@mantine/core';

/**
 * Why a plan write did not happen: the conflict notice (someone else changed the plan first) or the
 * server's OperationOutcome text (403 not on the team, 422 a business rule…).
 */
export function WriteError({
  message,
  conflict,
}: {
  message: string | undefined;
  conflict: boolean;
}) {
  if (!message) return null;
  return (
    <Alert
      color={conflict ? 'yellow' : 'red'}
      variant="light"
      role="alert"
      data-write-error={conflict ? 'conflict' : 'refused'}
      title={conflict ? 'Not saved: the plan changed' : 'Not saved'}
    >
      {message}
    </Alert>
  );
}
