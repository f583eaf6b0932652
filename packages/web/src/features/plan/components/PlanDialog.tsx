import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { WriteError } from './WriteError';

/** Props of a plan dialog: a form in a modal with its submit button and the write's outcome. */
export interface PlanDialogProps {
  title: string;
  submitLabel: string;
  opened: boolean;
  onClose: () => void;
  onSubmit: () => void;
  pending: boolean;
  error: string | undefined;
  conflict: boolean;
  children: ReactNode;
}

/**
 * A dialog around one plan write. It stays open when the write fails, with the form as the
 * person left it, so a change refused by a conflict can be applied again in one click.
 */
export function PlanDialog({
  title,
  submitLabel,
  opened,
  onClose,
  onSubmit,
  pending,
  error,
  conflict,
  children,
}: PlanDialogProps) {
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      size="lg"
      closeButtonProps={{ 'aria-label': `Close ${title.toLowerCase()}` }}
    >
      <form onSubmit={submit} noValidate={false}>
        <Stack gap="sm">
          {children}
          <WriteError message={error} conflict={conflict} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} type="button">
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
