import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { Link } from '../../../app/router';
import { conceptText, formatDate } from '../../../lib/format';
import { timeAgo } from '../../notifications/model/notifications';
import { usePeopleNames } from '../../../lib/usePeopleNames';
import { statusLabel, type WorklistItem } from '../model/worklist';
import { DueDate, PriorityBadge } from './TaskBadges';

/** The outcome recorded at completion (`output` "outcome", care/tasks). */
function outcomeOf(item: WorklistItem): string | undefined {
  return item.task.output?.find((o) => /outcome/i.test(conceptText(o.type)))?.valueString;
}

/** Everything about one task: owner, requester, patient, priority, due, status and why, the plan activity, outcome and notes. */
export function TaskDetailsDialog({ item, onClose }: { item: WorklistItem; onClose: () => void }) {
  const { task } = item;
  const notes = useMemo(() => task.note ?? [], [task.note]);
  const people = useMemo(
    () => [
      item.owner,
      task.requester?.reference,
      ...notes.map((n) => n.authorReference?.reference),
    ],
    [item.owner, task.requester, notes],
  );
  const nameOf = usePeopleNames(people);
  const outcome = outcomeOf(item);
  const rows: [string, ReactNode][] = [
    ['Owner', nameOf(item.owner, task.owner?.display)],
    ['Requester', nameOf(task.requester?.reference, task.requester?.display)],
    [
      'Patient',
      item.patient ? (
        <Link to={`/patients/${encodeURIComponent(item.patient.id)}`}>
          {item.patient.name ?? item.patient.id}
        </Link>
      ) : (
        '—'
      ),
    ],
    ['Priority', <PriorityBadge priority={item.priority} />],
    ['Due', <DueDate item={item} />],
    [
      'Status',
      `${statusLabel(item.status)}${task.statusReason ? ` — ${conceptText(task.statusReason)}` : ''}`,
    ],
    [
      'Plan activity',
      item.plan && item.patient ? (
        <Link to={`/patients/${encodeURIComponent(item.patient.id)}/plan`}>Open the care plan</Link>
      ) : (
        'Not part of a care plan'
      ),
    ],
    ['Created', formatDate(task.authoredOn)],
  ];
  if (outcome) rows.push(['Outcome', outcome]);
  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title={item.description}
      centered
      size="lg"
    >
      <Stack gap="sm">
        <Table fz="sm" verticalSpacing={4}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={140} scope="row">
                  {label}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text fw={700} size="sm">
          Notes
        </Text>
        {notes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No notes.
          </Text>
        ) : (
          <Stack
            component="ul"
            gap={4}
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label="Notes"
          >
            {notes.map((n, i) => (
              <li key={i}>
                <Text size="xs" c="dimmed">
                  {nameOf(n.authorReference?.reference, n.authorString)}
                  {n.time ? ` · ${timeAgo(n.time)}` : ''}
                </Text>
                <Text size="sm">{n.text}</Text>
              </li>
            ))}
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
