import type { MedicationRequest } from '@medplum/fhirtypes';
import { Stack, Text } from '@mantine/core';
import { DataTable, type Column } from '../../../components/DataTable';
import { conceptText, formatDate } from '../../../lib/format';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import { AttributionLine } from './AttributionLine';
import { Panel } from './Panel';
import { SourceLink } from './SourceLink';

const name = (m: MedicationRequest): string =>
  conceptText(m.medicationCodeableConcept) || (m.medicationReference?.display ?? '—');

const columns: Column<MedicationRequest>[] = [
  {
    id: 'medication',
    header: 'Medication',
    value: name,
    cell: (m) => (
      <Stack gap={0}>
        <SourceLink resource={m}>{name(m)}</SourceLink>
        {m.dosageInstruction?.[0]?.text && <Text size="xs">{m.dosageInstruction[0].text}</Text>}
        <AttributionLine resource={m} />
      </Stack>
    ),
  },
  { id: 'status', header: 'Status', value: (m) => m.status },
  {
    id: 'authored',
    header: 'Prescribed',
    value: (m) => m.authoredOn,
    cell: (m) => formatDate(m.authoredOn),
  },
];

/** Current medications (active requests); stopped and completed ones via the status filter. */
export function MedicationsPanel({ query }: { query: SummaryQueries['medications'] }) {
  return (
    <Panel
      title="Medications"
      query={query}
      count={(d) => d.resources.filter((m) => m.status === 'active').length}
      withheld={(d) => d.withheld}
    >
      {(d) => {
        const active = d.resources.filter((m) => m.status === 'active' || m.status === 'on-hold');
        const past = d.resources.length - active.length;
        return (
          <>
            <DataTable
              caption="Current medications"
              rows={active}
              columns={columns}
              rowKey={(m) => m.id ?? ''}
              filterLabel="Filter medications"
              emptyText="No current medications."
            />
            {past > 0 && (
              <Text size="xs" c="dimmed" mt={4}>
                {past} stopped or completed prescriptions not shown.
              </Text>
            )}
          </>
        );
      }}
    </Panel>
  );
}
