import { Card, Checkbox, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from '../../../app/router';
import { statusLabel, type WorklistItem } from '../model/worklist';
import { DueDate, PriorityBadge } from './TaskBadges';
import { TaskRowActions } from './TaskRowActions';
import { InHospitalBadge } from '../../transitions/components/InHospitalBadge';

export interface WorklistTableProps {
  items: readonly WorklistItem[];
  caption: string;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
  ownerName: (reference: string | undefined, display?: string) => string;
}

/**
 * One task on a phone: what, for whom, when, how urgent, and its actions, without a table to
 * scroll sideways.
 */
function WorklistCard({
  item,
  selected,
  onToggle,
}: {
  item: WorklistItem;
  selected: boolean;
  onToggle: () => void;
}) {
  return (
    <Card
      withBorder
      padding="sm"
      role="listitem"
      data-task={item.id}
      data-status={item.status}
      data-overdue={item.overdue ? 'true' : undefined}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {item.description}
          </Text>
          {item.patient && (
            <Link to={`/patients/${encodeURIComponent(item.patient.id)}`}>
              {item.patient.name ?? item.patient.id}
            </Link>
          )}
          <Group gap="xs">
            <DueDate item={item} />
            <PriorityBadge priority={item.priority} />
            <Text size="xs" c="dimmed">
              {statusLabel(item.status)}
            </Text>
          </Group>
        </Stack>
        <Checkbox
          aria-label={`Select ${item.description}`}
          checked={selected}
          onChange={onToggle}
        />
      </Group>
      <Group mt="xs" gap="xs">
        <TaskRowActions item={item} />
      </Group>
    </Card>
  );
}

/**
 * The worklist rows in the server's order (overdue first, then urgency, then due date — see
 * care/tasks/README.md): the table never re-sorts, so what people see is the documented priority.
 */
export function WorklistTable({
  items,
  caption,
  selected,
  onToggle,
  onToggleAll,
  ownerName,
}: WorklistTableProps) {
  const all = items.length > 0 && items.every((i) => selected.has(i.id));
  const some = items.some((i) => selected.has(i.id));
  const narrow = useMediaQuery('(max-width: 600px)') ?? false;
  if (narrow) {
    return (
      <Stack gap="xs" data-testid="worklist-cards">
        <Checkbox
          label="Select all tasks shown"
          checked={all}
          indeterminate={some && !all}
          onChange={(e) => onToggleAll(e.currentTarget.checked)}
        />
        {/* Only the cards are the list's items (axe: a list owns list items only). */}
        <Stack gap="xs" aria-label={caption} role="list">
          {items.map((item) => (
            <WorklistCard
              key={item.id}
              item={item}
              selected={selected.has(item.id)}
              onToggle={() => onToggle(item.id)}
            />
          ))}
        </Stack>
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing={6} fz="sm" data-testid="worklist-table">
        <VisuallyHidden component="caption">{caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label="Select all tasks shown"
                checked={all}
                indeterminate={some && !all}
                onChange={(e) => onToggleAll(e.currentTarget.checked)}
              />
            </Table.Th>
            <Table.Th>Task</Table.Th>
            <Table.Th>Patient</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Plan</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr
              key={item.id}
              data-task={item.id}
              data-status={item.status}
              data-overdue={item.overdue ? 'true' : undefined}
            >
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${item.description}`}
                  checked={selected.has(item.id)}
                  onChange={() => onToggle(item.id)}
                />
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {item.description}
                </Text>
              </Table.Td>
              <Table.Td>
                {item.patient ? (
                  <>
                    <Link to={`/patients/${encodeURIComponent(item.patient.id)}`}>
                      {item.patient.name ?? item.patient.id}
                    </Link>
                    {item.inHospitalSince && (
                      <div>
                        <InHospitalBadge since={item.inHospitalSince} />
                      </div>
                    )}
                  </>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                <PriorityBadge priority={item.priority} />
              </Table.Td>
              <Table.Td>
                <DueDate item={item} />
              </Table.Td>
              <Table.Td>{statusLabel(item.status)}</Table.Td>
              <Table.Td>{ownerName(item.owner, item.task.owner?.display)}</Table.Td>
              <Table.Td>
                {item.plan && item.patient ? (
                  <Link
                    to={`/patients/${encodeURIComponent(item.patient.id)}/plan`}
                    aria-label={`Care plan of ${item.patient.name ?? 'the patient'}`}
                  >
                    Plan
                  </Link>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                <TaskRowActions item={item} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
