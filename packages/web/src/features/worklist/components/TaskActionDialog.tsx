import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useOwnerChoices } from '../../care-team/hooks/usePatientTeams';
import { useTaskAction, type TaskAction } from '../hooks/useTaskActions';
import type { WorklistItem } from '../model/worklist';
import { OwnerSelect } from './OwnerSelect';

/** The actions that need a dialog (resume does not). */
export type DialogKind = 'complete' | 'hold' | 'reassign' | 'note';

const COPY: Readonly<
  Record<DialogKind, { title: string; field: string; submit: string; required: boolean }>
> = {
  complete: { title: 'Complete task', field: 'Outcome', submit: 'Complete task', required: false },
  hold: { title: 'Put task on hold', field: 'Reason', submit: 'Put on hold', required: false },
  reassign: { title: 'Reassign task', field: 'Reason', submit: 'Reassign task', required: false },
  note: { title: 'Add a note', field: 'Note', submit: 'Add note', required: true },
};

function toAction(kind: DialogKind, text: string, owner: string): TaskAction {
  switch (kind) {
    case 'complete':
      return { kind, outcome: text };
    case 'hold':
      return { kind, reason: text };
    case 'reassign':
      return { kind, owner, reason: text };
    case 'note':
      return { kind, text };
  }
}

/** One task action with its text (outcome, reason or note) and, for reassign, the new owner; shows the server's refusal readably. */
export function TaskActionDialog({
  item,
  kind,
  onClose,
}: {
  item: WorklistItem;
  kind: DialogKind;
  onClose: () => void;
}) {
  const copy = COPY[kind];
  const [text, setText] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const action = useTaskAction(item.id);
  const owners = useOwnerChoices(kind === 'reassign' && item.patient ? [item.patient.id] : []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (kind === 'reassign' && !owner) return;
    action.mutate(toAction(kind, text, owner ?? ''), { onSuccess: onClose });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={`${copy.title}: ${item.description}`}
      centered
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          {kind === 'reassign' && (
            <OwnerSelect
              choices={owners.choices.filter((c) => c.value !== item.owner)}
              loading={owners.loading}
              value={owner}
              onChange={setOwner}
            />
          )}
          <Textarea
            label={copy.field}
            required={copy.required}
            autosize
            minRows={3}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-autofocus
          />
          {(action.error ?? owners.error) && (
            <Alert color="red" variant="light" role="alert">
              {(action.error ?? owners.error)?.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={action.isPending}
              disabled={(copy.required && !text.trim()) || (kind === 'reassign' && !owner)}
            >
              {copy.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
