import type { EpisodeOfCare } from '@medplum/fhirtypes';
import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import { useAuth } from '../../auth/hooks/useAuth';
import { isEnrolled, mayEnrol } from '../model/enrolment';
import { EnrolDialog } from './EnrolDialog';
import { EnrolmentNotice } from './EnrolmentNotice';

/**
 * "Enrol in integrated care" for a person's summary: offered to coordinators, programme managers
 * and administrators while the person has no active integrated-care episode (`episodes` undefined
 * while loading: nothing is offered until it is known).
 */
export function EnrolAction({
  patientId,
  patientName,
  episodes,
  defaultReason,
}: {
  patientId: string;
  patientName: string;
  episodes: readonly EpisodeOfCare[] | undefined;
  defaultReason?: string;
}) {
  const { user } = useAuth();
  const [opened, setOpened] = useState(false);
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <EnrolmentNotice
        patientId={patientId}
        patientName={patientName}
        onClose={() => setDone(false)}
      />
    );
  }
  if (!mayEnrol(user?.role) || episodes === undefined || isEnrolled(episodes)) {
    return null;
  }
  return (
    <Stack gap={0}>
      <Button size="xs" onClick={() => setOpened(true)}>
        Enrol in integrated care
      </Button>
      <EnrolDialog
        patientId={patientId}
        patientName={patientName}
        {...(defaultReason ? { defaultReason } : {})}
        opened={opened}
        onClose={() => setOpened(false)}
        onEnrolled={() => {
          setOpened(false);
          setDone(true);
        }}
      />
    </Stack>
  );
}
