import { ActionIcon, Alert, Button, Group, Menu } from '@mantine/core';
import { useState } from 'react';
import { useTaskAction } from '../hooks/useTaskActions';
import type { WorklistItem } from '../model/worklist';
import { TaskActionDialog, type DialogKind } from './TaskActionDialog';
import { TaskDetailsDialog } from './TaskDetailsDialog';

const FINAL = new Set(['completed', 'cancelled', 'failed', 'rejected', 'entered-in-error']);

/**
 * A row's actions: Complete is one click away (the most common action); hold, resume, reassign
 * and notes sit in a menu. Every control names the task, so a screen reader hears which row it acts on.
 */
export function TaskRowActions({ item }: { item: WorklistItem }) {
  const [dialog, setDialog] = useState<DialogKind | 'details' | null>(null);
  const resume = useTaskAction(item.id);
  const open = !FINAL.has(item.status);
  const onHold = item.status === 'on-hold';
  return (
    <Group gap={4} wrap="nowrap">
      {open && (
        <Button
          size="compact-xs"
          variant="light"
          aria-label={`Complete ${item.description}`}
          onClick={() => setDialog('complete')}
        >
          Complete
        </Button>
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={`More actions for ${item.description}`}
          >
            <span aria-hidden="true">⋯</span>
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setDialog('details')}>Details and notes</Menu.Item>
          {open && !onHold && <Menu.Item onClick={() => setDialog('hold')}>Put on hold</Menu.Item>}
          {onHold && (
            <Menu.Item onClick={() => resume.mutate({ kind: 'resume' })}>Resume</Menu.Item>
          )}
          {open && <Menu.Item onClick={() => setDialog('reassign')}>Reassign</Menu.Item>}
          <Menu.Item onClick={() => setDialog('note')}>Add note</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {resume.error && (
        <Alert color="red" variant="light" role="alert" py={2} px={6}>
          {resume.error.message}
        </Alert>
      )}
      {dialog === 'details' && <TaskDetailsDialog item={item} onClose={() => setDialog(null)} />}
      {dialog && dialog !== 'details' && (
        <TaskActionDialog item={item} kind={dialog} onClose={() => setDialog(null)} />
      )}
    </Group>
  );
}
