import { Badge, Button, Card, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { MeasureResult } from '../api';
import { formatInterval, formatScore } from '../model/query';

export interface MeasuresTableProps {
  measures: readonly MeasureResult[];
  selected: string | undefined;
  onSelect: (id: string) => void;
  /** Opens the people behind a measure: everyone in it (`all`) or those who missed it. */
  onPeople: (m: MeasureResult, outcome: 'all' | 'missed') => void;
}

function LowerIsBetter({ m }: { m: MeasureResult }) {
  return m.improvement === 'decrease' ? (
    <Badge size="xs" variant="light" color="gray" ml={6}>
      lower is better
    </Badge>
  ) : null;
}

/**
 * Every measure's overall numbers: a table on a wide screen, one card per measure on a phone
 * (below 600 px a six-column table would scroll sideways).
 */
export function MeasuresTable({ measures, selected, onSelect, onPeople }: MeasuresTableProps) {
  const narrow = useMediaQuery('(max-width: 600px)') ?? false;
  if (narrow) {
    return (
      <Stack gap="xs" aria-label="Measures" component="section" data-testid="measure-cards">
        {measures.map((m) => (
          <Card key={m.id} withBorder padding="sm" bg={m.id === selected ? 'teal.0' : undefined}>
            <UnstyledButton onClick={() => onSelect(m.id)} aria-pressed={m.id === selected}>
              <Text size="sm" fw={600}>
                {m.title}
                <LowerIsBetter m={m} />
              </Text>
            </UnstyledButton>
            <Text size="sm">
              <UnstyledButton
                td="underline"
                fw={700}
                onClick={() => onPeople(m, 'all')}
                aria-label={`${m.title}: ${formatScore(m, m.overall.score)}, show the people`}
              >
                {formatScore(m, m.overall.score)}
              </UnstyledButton>{' '}
              {formatInterval(m, m.overall) && `(95% CI ${formatInterval(m, m.overall)}) `}·{' '}
              {m.overall.numerator} / {m.overall.denominator}
            </Text>
            <Group justify="space-between" gap="xs">
              <Text size="xs" c="dimmed">
                Benchmark: {m.benchmark ? formatScore(m, m.benchmark.value) : 'none published'}
              </Text>
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => onPeople(m, 'missed')}
                aria-label={`People who missed: ${m.title}`}
              >
                Missed
              </Button>
            </Group>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Table striped highlightOnHover withTableBorder aria-label="Measures">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Measure</Table.Th>
          <Table.Th>Numerator / denominator</Table.Th>
          <Table.Th>Rate</Table.Th>
          <Table.Th>95% CI</Table.Th>
          <Table.Th>Benchmark</Table.Th>
          <Table.Th>People</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {measures.map((m) => (
          <Table.Tr key={m.id} bg={m.id === selected ? 'teal.0' : undefined}>
            <Table.Td>
              <UnstyledButton onClick={() => onSelect(m.id)} aria-pressed={m.id === selected}>
                <Text size="sm" fw={500}>
                  {m.title}
                </Text>
              </UnstyledButton>
              <LowerIsBetter m={m} />
            </Table.Td>
            <Table.Td>
              {m.overall.numerator} / {m.overall.denominator}
              {m.overall.exclusions > 0 ? ` (${m.overall.exclusions} excluded)` : ''}
            </Table.Td>
            <Table.Td>
              <UnstyledButton
                td="underline"
                onClick={() => onPeople(m, 'all')}
                aria-label={`${m.title}: ${formatScore(m, m.overall.score)}, show the people`}
              >
                {formatScore(m, m.overall.score)}
              </UnstyledButton>
            </Table.Td>
            <Table.Td>{formatInterval(m, m.overall)}</Table.Td>
            <Table.Td>
              {m.benchmark ? formatScore(m, m.benchmark.value) : 'none published'}
            </Table.Td>
            <Table.Td>
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => onPeople(m, 'missed')}
                aria-label={`People who missed: ${m.title}`}
              >
                Missed
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
