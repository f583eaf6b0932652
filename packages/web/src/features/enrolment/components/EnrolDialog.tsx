import type { CareTeam, EpisodeOfCare } from '@medplum/fhirtypes';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useAuth } from '../../auth/hooks/useAuth';
import { useCoordinators } from '../../care-team/hooks/useCoordinators';
import { useEnrol } from '../hooks/useEnrol';

export interface EnrolDialogProps {
  patientId: string;
  patientName: string;
  /** Prefills the reason (e.g. the risk that put the person in the queue). */
  defaultReason?: string;
  opened: boolean;
  onClose: () => void;
  onEnrolled: (result: { episode: EpisodeOfCare; careTeam: CareTeam }) => void;
}

/**
 * "Enrol in integrated care": choose the care coordinator (default: the signed-in user, when they
 * are a practitioner) and say why; the enrolment (care/roster through `POST
 * /api/population/enrol`) makes the episode and the care team. Errors from the server (already
 * enrolled, no access) are shown in the dialog, which stays open.
 */
export function EnrolDialog({
  patientId,
  patientName,
  defaultReason,
  opened,
  onClose,
  onEnrolled,
}: EnrolDialogProps) {
  const { user } = useAuth();
  const me = user?.fhirUser.startsWith('Practitioner/') ? user.fhirUser : null;
  const coordinators = useCoordinators();
  const enrol = useEnrol();
  const [coordinator, setCoordinator] = useState<string | null>(me);
  const [reason, setReason] = useState(defaultReason ?? '');

  // A dialog reopened for someone else starts afresh.
  useEffect(() => {
    if (opened) {
      setCoordinator(me);
      setReason(defaultReason ?? '');
      enrol.reset();
    }
    // `enrol` is a new object each render; resetting on open is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, patientId]);

  const choices = useMemo(() => {
    const others = (coordinators.data ?? []).filter((c) => c.value !== me);
    return [
      ...(me ? [{ value: me, label: `Me (${user?.name ?? 'signed-in user'})` }] : []),
      ...others,
    ];
  }, [coordinators.data, me, user?.name]);

  const submit = (): void => {
    enrol.mutate(
      {
        patient: `Patient/${patientId}`,
        ...(coordinator ? { coordinator } : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      },
      { onSuccess: (result) => onEnrolled(result) },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title="Enrol in integrated care"
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            Enrol <strong>{patientName}</strong> in the integrated care programme: an episode of
            care with a care coordinator, and a care team.
          </Text>
          <Select
            label="Coordinator"
            required
            searchable
            allowDeselect={false}
            data={choices}
            value={coordinator}
            onChange={setCoordinator}
            placeholder={
              coordinators.isPending ? 'Loading coordinators…' : 'Choose a care coordinator'
            }
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label="Reason"
            description="Kept on the episode of care. Left empty, the risk stratification's reason is used."
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {enrol.error && (
            <Alert color="red" role="alert" title="Not enrolled">
              {enrol.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={enrol.isPending} disabled={!coordinator}>
              Enrol
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
