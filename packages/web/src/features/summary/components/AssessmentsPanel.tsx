import type { Observation } from '@medplum/fhirtypes';
import { Stack } from '@mantine/core';
import { DataTable, type Column } from '../../../components/DataTable';
import { LOINC } from '../../../lib/codes';
import { codingIn, conceptText, formatDate } from '../../../lib/format';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import { latestAssessments, severityBand } from '../model/assessments';
import { observedAt } from '../model/results';
import { AttributionLine } from './AttributionLine';
import { Panel } from './Panel';
import { ReferenceLink, SourceLink } from './SourceLink';

const score = (o: Observation): string =>
  o.valueInteger?.toString() ??
  o.valueQuantity?.value?.toString() ??
  conceptText(o.valueCodeableConcept);
const band = (o: Observation): string | undefined => {
  const code = codingIn(o.code, LOINC)?.code;
  const n = o.valueInteger ?? o.valueQuantity?.value;
  return code && n !== undefined ? severityBand(code, n) : undefined;
};

const columns: Column<Observation>[] = [
  {
    id: 'assessment',
    header: 'Assessment',
    value: (o) => conceptText(o.code),
    cell: (o) => (
      <Stack gap={0}>
        <SourceLink resource={o}>{conceptText(o.code)}</SourceLink>
        <AttributionLine resource={o} />
      </Stack>
    ),
  },
  {
    id: 'result',
    header: 'Result',
    value: score,
    cell: (o) => `${score(o)}${band(o) ? ` — ${band(o)}` : ''}`,
  },
  {
    id: 'date',
    header: 'Date',
    value: (o) => observedAt(o),
    cell: (o) => formatDate(observedAt(o)),
  },
  {
    id: 'responses',
    header: 'Responses',
    value: (o) => o.derivedFrom?.[0]?.reference,
    sortable: false,
    cell: (o) =>
      o.derivedFrom?.[0] ? <ReferenceLink reference={o.derivedFrom[0]} fallback="Answers" /> : '—',
  },
];

/** The latest result of each standard assessment (PHQ-9, GAD-7, social-needs screening). */
export function AssessmentsPanel({ query }: { query: SummaryQueries['observations'] }) {
  return (
    <Panel title="Assessments" query={query} count={(d) => latestAssessments(d.resources).length}>
      {(d) => (
        <DataTable
          caption="Latest assessments"
          rows={latestAssessments(d.resources)}
          columns={columns}
          rowKey={(o) => o.id ?? ''}
          initialSort={[{ id: 'date', desc: true }]}
          emptyText="No assessments recorded."
        />
      )}
    </Panel>
  );
}
