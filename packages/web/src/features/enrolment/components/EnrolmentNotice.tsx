import { Alert, Text } from '@mantine/core';
import { Link } from '../../../app/router';

/** The "enrolled" confirmation, with the way on to the person's care plan. */
export function EnrolmentNotice({
  patientId,
  patientName,
  onClose,
}: {
  patientId: string;
  patientName: string;
  onClose: () => void;
}) {
  return (
    <Alert
      color="teal"
      role="status"
      title="Enrolled"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      data-testid="enrolment-notice"
    >
      <Text size="sm">
        {patientName} is enrolled in integrated care.{' '}
        <Link to={`/patients/${encodeURIComponent(patientId)}/plan`}>Open care plan</Link>
      </Text>
    </Alert>
  );
}
