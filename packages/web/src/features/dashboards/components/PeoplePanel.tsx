import {
  Alert,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link } from '../../../app/router';
import type { MeasurePerson } from '../api';
import { useMeasurePeople } from '../hooks/useMeasures';
import { downloadCsv } from '../model/download';
import { peopleCsv } from '../model/query';

export type Outcome = MeasurePerson['outcome'] | 'all';

const OUTCOME_LABEL: Record<MeasurePerson['outcome'], string> = {
  numerator: 'Met',
  missed: 'Missed',
  excluded: 'Excluded',
};

/** The people behind a measure or group, by outcome (who met it, who missed it, who was excluded). */
export function PeoplePanel({
  measureId,
  title,
  query,
  outcome,
  onOutcome,
}: {
  measureId: string;
  title: string;
  query: string;
  outcome: Outcome;
  onOutcome: (next: Outcome) => void;
}) {
  const people = useMeasurePeople(
    measureId,
    outcome === 'all' ? query : `${query}&outcome=${outcome}`,
  );
  const rows = people.data ?? [];
  return (
    <Stack gap="xs" component="section" aria-label="People">
      <Group justify="space-between">
        <Title order={2} size="h4">
          People: {title}
        </Title>
        <Button
          variant="default"
          size="compact-sm"
          disabled={rows.length === 0}
          onClick={() => downloadCsv(peopleCsv(rows), `${measureId}-people.csv`)}
        >
          Export people CSV
        </Button>
      </Group>
      <SegmentedControl
        aria-label="Outcome"
        w="fit-content"
        value={outcome}
        onChange={(v) => onOutcome(v)}
        data={[
          { value: 'missed', label: 'Missed' },
          { value: 'numerator', label: 'Met' },
          { value: 'excluded', label: 'Excluded' },
          { value: 'all', label: 'All' },
        ]}
      />
      {people.isPending && <Loader size="sm" aria-label="Loading people" />}
      {people.isError && (
        <Alert color="red" title="Could not load the people">
          {people.error.message} Try again, or narrow the filters.
        </Alert>
      )}
      {people.isSuccess && rows.length === 0 && <Text c="dimmed">Nobody in this group.</Text>}
      {rows.length > 0 && (
        <Table striped withTableBorder aria-label={`People: ${title}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Event</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr key={`${p.patientId}|${p.event}`}>
                <Table.Td>
                  <Link to={`/patients/${p.patientId}`}>{p.name}</Link>
                </Table.Td>
                <Table.Td>{p.event}</Table.Td>
                <Table.Td>{p.day}</Table.Td>
                <Table.Td>
                  {OUTCOME_LABEL[p.outcome]}
                  {p.observation !== null ? ` (${p.observation})` : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
