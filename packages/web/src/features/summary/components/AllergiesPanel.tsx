import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { Stack } from '@mantine/core';
import { DataTable, type Column } from '../../../components/DataTable';
import { conceptText, formatDate } from '../../../lib/format';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import { AttributionLine } from './AttributionLine';
import { Panel } from './Panel';
import { SourceLink } from './SourceLink';

const columns: Column<AllergyIntolerance>[] = [
  {
    id: 'substance',
    header: 'Substance',
    value: (a) => conceptText(a.code),
    cell: (a) => (
      <Stack gap={0}>
        <SourceLink resource={a}>{conceptText(a.code)}</SourceLink>
        <AttributionLine resource={a} />
      </Stack>
    ),
  },
  {
    id: 'reaction',
    header: 'Reaction',
    value: (a) => a.reaction?.map((r) => r.manifestation.map(conceptText).join(', ')).join('; '),
  },
  { id: 'criticality', header: 'Criticality', value: (a) => a.criticality },
  {
    id: 'recorded',
    header: 'Recorded',
    value: (a) => a.recordedDate,
    cell: (a) => formatDate(a.recordedDate),
  },
];

/** Allergies and intolerances. "None recorded" is not "no known allergies": the text says so. */
export function AllergiesPanel({ query }: { query: SummaryQueries['allergies'] }) {
  return (
    <Panel
      title="Allergies"
      query={query}
      count={(d) => d.resources.length}
      withheld={(d) => d.withheld}
    >
      {(d) => (
        <DataTable
          caption="Allergies"
          rows={d.resources}
          columns={columns}
          rowKey={(a) => a.id ?? ''}
          emptyText="No allergies recorded (this is not a record of “no known allergies”)."
        />
      )}
    </Panel>
  );
}
