import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useAuth } from '../../auth/hooks/useAuth';
import { useCoordinators } from '../../care-team/hooks/useCoordinators';
import { useReassignPatients } from '../hooks/useCaseload';

/** Hands the selected patients to another coordinator with a required reason (kept in each patient's Provenance). */
export function CaseloadReassignDialog({
  patients,
  onClose,
  onDone,
}: {
  patients: readonly string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { user } = useAuth();
  const coordinators = useCoordinators();
  const others = (coordinators.data ?? []).filter((c) => c.value !== user?.fhirUser);
  const reassign = useReassignPatients();
  const [to, setTo] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!to || !reason.trim()) return;
    reassign.mutate(
      { patients, to, reason },
      {
        onSuccess: () => {
          onDone();
          onClose();
        },
      },
    );
  };
  const error = reassign.error ?? coordinators.error;
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={`Reassign ${patients.length} ${patients.length === 1 ? 'patient' : 'patients'}`}
      centered
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            The new coordinator becomes care manager and joins each care team; your participation
            ends today. All move, or none do.
          </Text>
          <Select
            label="New coordinator"
            required
            searchable
            data={others}
            value={to}
            onChange={setTo}
            disabled={coordinators.isPending}
            placeholder={coordinators.isPending ? 'Loading coordinators…' : 'Choose a coordinator'}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" variant="light" role="alert" title="Nothing was reassigned">
              {error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reassign.isPending} disabled={!to || !reason.trim()}>
              Reassign patients
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
