import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useOwnerChoices } from '../../care-team/hooks/usePatientTeams';
import { useBulkReassign } from '../hooks/useTaskActions';
import type { WorklistItem } from '../model/worklist';
import { OwnerSelect } from './OwnerSelect';

/**
 * Reassigns the selected tasks to one owner. The server applies it to all or none, so a refusal
 * (someone not on one task's team, a task changed meanwhile) leaves every task as it was and is
 * shown here as the server worded it.
 */
export function BulkReassignDialog({
  items,
  onClose,
  onDone,
}: {
  items: readonly WorklistItem[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [owner, setOwner] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const reassign = useBulkReassign();
  const owners = useOwnerChoices(items.flatMap((i) => (i.patient ? [i.patient.id] : [])));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!owner) return;
    reassign.mutate(
      { tasks: items.map((i) => i.id), owner, reason },
      {
        onSuccess: () => {
          onDone();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={`Reassign ${items.length} ${items.length === 1 ? 'task' : 'tasks'}`}
      centered
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            All selected tasks move together, or none do. Only people on every patient's care team
            are offered.
          </Text>
          <OwnerSelect
            choices={owners.choices}
            loading={owners.loading}
            value={owner}
            onChange={setOwner}
          />
          <Textarea
            label="Reason"
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          {(reassign.error ?? owners.error) && (
            <Alert color="red" variant="light" role="alert" title="Nothing was reassigned">
              {(reassign.error ?? owners.error)?.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={reassign.isPending} disabled={!owner}>
              Reassign tasks
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
