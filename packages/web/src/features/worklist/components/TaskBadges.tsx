import { Badge, Group, Text } from '@mantine/core';
import { formatDate } from '../../../lib/format';
import type { WorklistItem } from '../model/worklist';

const PRIORITY_COLOUR: Readonly<Record<string, string>> = {
  stat: 'red',
  asap: 'orange',
  urgent: 'yellow',
  routine: 'gray',
};

/** The task's priority as a word in a badge (colour is never the only signal). */
export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <Badge
      size="sm"
      variant={priority === 'routine' ? 'outline' : 'light'}
      color={PRIORITY_COLOUR[priority] ?? 'gray'}
      data-priority={priority}
    >
      {priority}
    </Badge>
  );
}

/** The due date, with an "Overdue" badge when the server says the task is overdue. */
export function DueDate({ item }: { item: WorklistItem }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm">{formatDate(item.due)}</Text>
      {item.overdue && (
        <Badge size="sm" color="red" variant="filled" data-overdue="true">
          Overdue
        </Badge>
      )}
    </Group>
  );
}
