import type { Patient } from '@medplum/fhirtypes';
import { Alert, Button, Card, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { readResource } from '../../../lib/fhir';
import { HttpError } from '../../../lib/http';
import { useAuth } from '../../auth/hooks/useAuth';
import { canBreakGlass } from '../../shell/navigation';
import { BreakGlassForm } from './BreakGlassForm';

/** The server answers 404 (not 403) for a record the caller may not see, so as not to reveal it exists. */
function isRefusal(error: unknown): boolean {
  return error instanceof HttpError && (error.status === 403 || error.status === 404);
}

function Refusal({ patientId }: { patientId: string }) {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const offer = user !== null && canBreakGlass(user.role);
  return (
    <Stack maw={720} gap="md" data-refused={patientId}>
      <Title order={1}>You cannot open this record</Title>
      <Alert color="yellow" variant="light" role="alert" title="Not shared with you">
        <Text size="sm">
          This person is not on any of your care teams, and has not shared their record with your
          organisation (or the record does not exist). Careweave shows a record only to the people
          caring for the person, as their consent allows.
        </Text>
        <Text size="sm" mt="xs">
          If you should be on their team, ask their care coordinator to add you.
        </Text>
      </Alert>
      {offer && (
        <Card withBorder padding="md">
          {open ? (
            <BreakGlassForm
              patientId={patientId}
              onGranted={() => {
                void queryClient.invalidateQueries({ queryKey: ['summary', patientId] });
                void queryClient.invalidateQueries({ queryKey: ['plan'] });
              }}
            />
          ) : (
            <Stack gap="xs" align="flex-start">
              <Text size="sm">Is this an emergency?</Text>
              <Button variant="outline" color="red" onClick={() => setOpen(true)}>
                Emergency access (break the glass)
              </Button>
            </Stack>
          )}
        </Card>
      )}
    </Stack>
  );
}

/**
 * Opens a patient's pages only when the viewer may see the person: otherwise a refusal that says
 * why in words (and offers break-the-glass to the roles allowed it), never a form the viewer
 * could not submit.
 */
export function PatientGate({ patientId, children }: { patientId: string; children: ReactNode }) {
  // Same key as the summary's patient query: the gate and the page read the patient once.
  const patient = useQuery({
    queryKey: ['summary', patientId, 'Patient'],
    queryFn: ({ signal }) => readResource<Patient>('Patient', patientId, signal),
    staleTime: 60_000,
    retry: (count, error) => !isRefusal(error) && count < 2,
  });
  if (patient.isPending) {
    return <Loader aria-label="Loading patient" />;
  }
  if (patient.isError) {
    return isRefusal(patient.error) ? (
      <Refusal patientId={patientId} />
    ) : (
      <Alert color="red" variant="light" role="alert" title="Could not open this patient">
        {patient.error.message}
        <Button size="compact-xs" variant="default" ml="sm" onClick={() => void patient.refetch()}>
          Retry
        </Button>
      </Alert>
    );
  }
  return <>{children}</>;
}
